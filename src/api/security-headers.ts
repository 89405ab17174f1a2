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

function isEmbed(path: string): boolean {
  return path.startsWith('/embed/');
}

/** The policy of every answer; only `/embed/*` may be shown inside another site's frame. */
export function contentSecurityPolicy(path: string): string {
  return (isEmbed(path) ? EMBED_HEADERS : PAGE_HEADERS)['Content-Security-Policy']!;
}

function headers(embed: boolean): Readonly<Record<string, string>> {
  return Object.freeze({
    'Content-Security-Policy': [...PAGE_POLICY, embed ? 'frame-ancestors *' : "frame-ancestors 'none'"].join('; '),
    'X-Content-Type-Options': 'nosniff',
    // Platforms learn that a visitor came from here (the origin), never what they searched (the query).
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    ...(embed ? {} : { 'X-Frame-Options': 'DENY' }),
  });
}

// Built once: every answer, the fast lane's included, takes one of the two sets.
const PAGE_HEADERS = headers(false);
const EMBED_HEADERS = headers(true);

/** The headers of an answer for `path`: also for any fast path that answers without express. */
export function securityHeadersFor(path: string): Readonly<Record<string, string>> {
  return isEmbed(path) ? EMBED_HEADERS : PAGE_HEADERS;
}

export const securityHeaders: RequestHandler = (request, response, next) => {
  for (const [name, value] of Object.entries(securityHeadersFor(request.path))) response.setHeader(name, value);
  next();
};
