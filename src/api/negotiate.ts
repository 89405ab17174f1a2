// Content negotiation of prepared answers, the same way for express's routes, the pages and the fast lane:
// the Accept-Encoding weights (`gzip;q=0`, `identity`, `*`) read by `negotiator`, the parser express itself
// ships, If-None-Match read per RFC 9110 (weak comparison, `*`), and Accept between JSON and CSV.
import Negotiator from 'negotiator';
import type { IncomingMessage } from 'node:http';

export type Encoding = 'br' | 'gzip' | 'identity';

/** Among equally weighted codings, the smallest bytes first. */
const PREFERRED: readonly Encoding[] = ['br', 'gzip', 'identity'];
const WITHOUT_BROTLI: readonly Encoding[] = ['gzip', 'identity'];

interface Choice {
  readonly withBrotli: Encoding;
  readonly withoutBrotli: Encoding;
}

/** `preferred` breaks ties by our order instead of the header's; its types predate the option. */
interface EncodingNegotiator {
  encodings(available: readonly string[], options: { preferred: readonly string[] }): string[];
}

function negotiate(header: string, available: readonly Encoding[]): Encoding {
  const negotiator = new Negotiator({ headers: { 'accept-encoding': header } }) as unknown as EncodingNegotiator;
  // Nothing acceptable (`identity;q=0` alone): the plain bytes, which RFC 9110 allows a server to send.
  return (negotiator.encodings(available, { preferred: PREFERRED })[0] as Encoding | undefined) ?? 'identity';
}

/**
 * Clients send a handful of distinct headers (each browser's own); they are parsed once, not on every
 * request of a rush. Bounded: past the cap, a header is parsed each time and not kept.
 */
const MAX_CACHED = 512;
const cache = new Map<string, Choice>();

/** The coding to send for this Accept-Encoding (absent: no preference, so the plain bytes). */
export function chooseEncoding(header: string | undefined, hasBrotli: boolean): Encoding {
  if (header === undefined) return 'identity';
  let choice = cache.get(header);
  if (!choice) {
    choice = { withBrotli: negotiate(header, PREFERRED), withoutBrotli: negotiate(header, WITHOUT_BROTLI) };
    if (cache.size < MAX_CACHED) cache.set(header, choice);
  }
  return hasBrotli ? choice.withBrotli : choice.withoutBrotli;
}

/**
 * True when If-None-Match names the current representation, so a GET or HEAD is answered 304: a listed
 * tag equal under weak comparison, or `*` (any current representation, and there is one).
 */
export function noneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header === etag) return true;
  for (const raw of header.split(',')) {
    const tag = raw.trim();
    if (tag === '*' || tag === etag || tag === `W/${etag}`) return true;
  }
  return false;
}

/** CSV only when the caller prefers it to JSON (by Accept); anything else, no Accept included, gets JSON. */
export function prefersCsv(request: IncomingMessage): boolean {
  return new Negotiator(request).mediaType(['application/json', 'text/csv']) === 'text/csv';
}
