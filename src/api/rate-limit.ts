// A per-client token bucket: `burst` requests at once, refilled at `perMinute`. Past it, 429 with
// Retry-After. Clients are keyed by request.ip (which honours the app's trust-proxy setting), and the table
// of clients is bounded so that a flood of addresses cannot grow memory without end.
import type { RequestHandler } from 'express';
import { ApiError } from './errors.js';

export interface RateLimitOptions {
  /** Sustained requests per minute per client; 0 switches the limit off. */
  readonly perMinute: number;
  /** Requests a client may send at once before the sustained rate applies. */
  readonly burst: number;
  /** Milliseconds; a monotonic clock by default. */
  readonly now?: () => number;
  readonly maxClients?: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export function rateLimit(options: RateLimitOptions): RequestHandler {
  if (options.perMinute <= 0) return (_request, _response, next) => next();
  const now = options.now ?? (() => performance.now());
  const perMs = options.perMinute / 60_000;
  const capacity = Math.max(1, options.burst);
  const maxClients = options.maxClients ?? 10_000;
  const buckets = new Map<string, Bucket>();

  return (request, response, next) => {
    const client = request.ip ?? request.socket.remoteAddress ?? 'unknown';
    const at = now();
    let bucket = buckets.get(client);
    if (bucket) {
      bucket.tokens = Math.min(capacity, bucket.tokens + (at - bucket.updatedAt) * perMs);
      bucket.updatedAt = at;
      // Re-inserted so the Map's order is least recently seen first: the one to forget when full.
      buckets.delete(client);
    } else {
      bucket = { tokens: capacity, updatedAt: at };
      if (buckets.size >= maxClients) buckets.delete(buckets.keys().next().value!);
    }
    buckets.set(client, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      next();
      return;
    }
    const waitSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
    response.setHeader('Retry-After', String(waitSeconds));
    next(new ApiError(429, 'rate_limited', `too many requests from this client; retry in ${waitSeconds} s`));
  };
}
