// A per-client token bucket: `burst` requests at once, refilled at `perMinute`. Past it, 429 with
// Retry-After. Clients are keyed by request.ip (which honours the app's trust-proxy setting), and the table
// of clients is bounded so that a flood of addresses cannot grow memory without end. The express middleware
// and the fast lane (fast-lane.ts) share one limiter, so a client has one budget whichever answers it.
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

export interface ClientLimiter {
  /** 0 when the client may go (its token is taken), else the seconds to wait (nothing taken). */
  take(client: string): number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** null when the options switch the limit off. */
export function clientLimiter(options: RateLimitOptions): ClientLimiter | null {
  if (options.perMinute <= 0) return null;
  const now = options.now ?? (() => performance.now());
  const perMs = options.perMinute / 60_000;
  const capacity = Math.max(1, options.burst);
  const maxClients = options.maxClients ?? 10_000;
  const buckets = new Map<string, Bucket>();
  return {
    take(client) {
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
        return 0;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
    },
  };
}

export function rateLimit(options: RateLimitOptions | ClientLimiter | null): RequestHandler {
  const limiter = options && 'take' in options ? options : options ? clientLimiter(options) : null;
  if (!limiter) return (_request, _response, next) => next();
  return (request, response, next) => {
    const waitSeconds = limiter.take(request.ip ?? request.socket.remoteAddress ?? 'unknown');
    if (waitSeconds === 0) {
      next();
      return;
    }
    response.setHeader('Retry-After', String(waitSeconds));
    next(new ApiError(429, 'rate_limited', `too many requests from this client; retry in ${waitSeconds} s`));
  };
}
