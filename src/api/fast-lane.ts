// The hot path in front of express: a GET whose answer is already prepared (a department's soonest slots,
// an open-data file) is written straight from node's http handler, skipping express's router and middleware
// chain; everything else, including every error, falls through to the express app untouched. The answer goes
// out with the same headers express's routes send (CORS, security, writePrepared's; the lane's are built once per
// answer, head-blocks.ts), and the same per-client limiter is charged, so a client cannot tell which lane
// answered it.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Express } from 'express';
import proxyaddr from 'proxy-addr';
import type { ReadModel } from '../aggregator/read/read-model.js';
import { getOrInsert } from '../maps.js';
import { CORS_HEADERS } from './cors.js';
import { headerLines, writePreparedLines, type HeaderLines } from './head-blocks.js';
import type { ClientLimiter } from './rate-limit.js';
import type { WritableAnswer } from './respond.js';
import { securityHeadersFor } from './security-headers.js';

/** The answer ready for a request target (path and query, as on the request line), or null: ask express. */
export type PreparedLookup = (pathWithQuery: string) => WritableAnswer | null;

export interface FastLaneOptions {
  readonly app: Express;
  readonly lookup: PreparedLookup;
  /** The limiter express's rate-limit middleware uses, if any. */
  readonly limiter: ClientLimiter | null;
}

export function fastLane(options: FastLaneOptions): RequestListener {
  const { app, lookup, limiter } = options;
  // The client address exactly as express's request.ip computes it: the same trust-proxy function (hops or
  // addresses, set before the lane is made), so X-Forwarded-For gives both lanes the same key.
  const trust = app.get('trust proxy fn') as (address: string, hop: number) => boolean;
  const clientOf = (request: IncomingMessage): string => proxyaddr(request, trust);
  // The CORS and security lines per security-header set (there are two: pages and embeds).
  const prefixes = new Map<object, HeaderLines>();
  const prefixOf = (target: string): HeaderLines => {
    const security = securityHeadersFor(target);
    return getOrInsert(prefixes, security, () => headerLines(CORS_HEADERS, security));
  };
  return (request: IncomingMessage, response: ServerResponse) => {
    const answer = request.method === 'GET' && request.url !== undefined ? lookup(request.url) : null;
    // A client past its budget goes to express, whose middleware answers the 429 (taking nothing more).
    if (answer === null || (limiter !== null && limiter.take(clientOf(request)) !== 0)) {
      app(request, response);
      return;
    }
    writePreparedLines(request, response, answer, prefixOf(request.url!));
  };
}

/** The read model's prepared hot answers (no query string); anything else goes through express. */
export function readModelLookup(readModel: ReadModel): PreparedLookup {
  return (target) => readModel.preparedAnswer(target);
}
