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

/** The headers of an answer for `path`: also for any fast path that answers without express. */
export function securityHeadersFor(path: string): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(path),
    'X-Content-Type-Options': 'nosniff',
    // Platforms learn that a visitor came from here (the origin), never what they searched (the query).
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    ...(path.startsWith('/embed/') ? {} : { 'X-Frame-Options': 'DENY' }),
  };
}

export const securityHeaders: RequestHandler = (request, response, next) => {
  for (const [name, value] of Object.entries(securityHeadersFor(request.path))) response.setHeader(name, value);
  next();
};
