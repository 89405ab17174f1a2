// Bearer-token check for the admin routes. Both sides are hashed before a constant-time comparison, so
// neither the token's content nor its length leaks through response timing.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ApiError } from './errors.js';

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export function tokensMatch(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

export function requireBearer(expected: string): RequestHandler {
  return (request, response, next) => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer ([^\s]+)$/i.exec(header);
    if (!match || !tokensMatch(match[1]!, expected)) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="admin"');
      next(new ApiError(401, 'unauthorized', 'a valid bearer token is required'));
      return;
    }
    next();
  };
}
