// Politeness towards each host: a token bucket (in its GCRA form) per origin. Each caller reserves the next
// free moment synchronously, so concurrent callers queue in order instead of all waking at once.
import type { Timer } from './timer.js';
import { getOrInsert } from '../maps.js';

export interface RateLimit {
  /** Sustained requests per second. */
  readonly requestsPerSecond: number;
  /** Requests that may go at once after a quiet period (bucket size); 1 spaces every request evenly. */
  readonly burst: number;
}

export class TokenBucket {
  private readonly intervalMs: number;
  /** The theoretical arrival time of the next request at the sustained rate. */
  private nextAt: number;

  constructor(
    readonly limit: RateLimit,
    private readonly timer: Timer,
  ) {
    if (!(limit.requestsPerSecond > 0)) throw new RangeError('requestsPerSecond must be positive');
    if (!(limit.burst >= 1)) throw new RangeError('burst must be at least 1');
    this.intervalMs = 1000 / limit.requestsPerSecond;
    this.nextAt = timer.now();
  }

  /** How long the caller must wait before sending; the slot is reserved for it. */
  reserve(): number {
    const now = this.timer.now();
    const earliest = this.nextAt - (this.limit.burst - 1) * this.intervalMs;
    const startAt = Math.max(now, earliest);
    this.nextAt = Math.max(this.nextAt, now) + this.intervalMs;
    return startAt - now;
  }

  /** Resolves when the caller may send (the wait is returned, for statistics). */
  async take(signal?: AbortSignal): Promise<number> {
    const wait = this.reserve();
    if (wait > 0) await this.timer.sleep(wait, signal);
    return wait;
  }
}

/** One bucket per origin, created on first use. */
export class HostRateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly limit: RateLimit,
    private readonly timer: Timer,
  ) {}

  take(origin: string, signal?: AbortSignal): Promise<number> {
    const bucket = getOrInsert(this.buckets, origin, () => new TokenBucket(this.limit, this.timer));
    return bucket.take(signal);
  }
}
