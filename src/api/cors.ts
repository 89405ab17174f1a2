// Public read-only data: any site may embed it. Browsers may read the caching and rate-limit headers, and a
// preflight is answered for reads only, so no page elsewhere can make a visitor's browser call an admin route.
import type { ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';

/** The headers every public answer carries; the fast lane writes these same ones in its header blocks. */
export const CORS_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'ETag, Retry-After, Content-Length',
});

export function setCorsHeaders(response: ServerResponse): void {
  for (const [name, value] of Object.entries(CORS_HEADERS)) response.setHeader(name, value);
}

export const cors: RequestHandler = (request, response, next) => {
  if (request.path.startsWith('/api/v1/admin/')) {
    next();
    return;
  }
  setCorsHeaders(response);
  if (request.method === 'OPTIONS') {
    response.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
    response.setHeader('Access-Control-Allow-Headers', 'Accept, If-None-Match, Cache-Control');
    response.setHeader('Access-Control-Max-Age', '86400');
    response.status(204).end();
    return;
  }
  next();
};
