// Headers that make the pages hard to abuse: scripts and styles from this origin only (no inline code
// anywhere, so an injected string can never run), no MIME sniffing, a short referrer, and no framing of
// anything but the embed pages, which exist to be framed by other sites.
import type { RequestHandler } from 'express';

const PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
];

/** The policy of every answer; only `/embed/*` may be shown inside another site's frame. */
export function contentSecurityPolicy(path: string): string {
  const framing = path.startsWith('/embed/') ? 'frame-ancestors *' : "frame-ancestors 'none'";
  return [...PAGE_POLICY, framing].join('; ');
}

export const securityHeaders: RequestHandler = (request, response, next) => {
  response.setHeader('Content-Security-Policy', contentSecurityPolicy(request.path));
  response.setHeader('X-Content-Type-Options', 'nosniff');
  // Platforms learn that a visitor came from here (the origin), never what they searched (the query).
  response.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
  if (!request.path.startsWith('/embed/')) response.setHeader('X-Frame-Options', 'DENY');
  next();
};
