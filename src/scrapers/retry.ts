// When and how long to wait before asking again. Only idempotent requests are retried, only for failures
// that may pass (no answer, 5xx, 429), a bounded number of times, within a time budget, with exponential
// back-off and jitter so that many scrapers never retry in step.
import type { HttpResponse } from './http.js';

export interface RetryPolicy {
  /** Attempts in all, the first included (1 = no retry). */
  readonly maxAttempts: number;
  /** Back-off before the second attempt; doubled before each next one, up to `maxDelayMs`. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the answer is given back as it is. */
  readonly maxRetryAfterMs: number;
  /** No retry starts later than this after the first attempt began. */
  readonly budgetMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 300,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 30_000,
  budgetMs: 45_000,
};

export const NO_RETRY: RetryPolicy = { ...DEFAULT_RETRY, maxAttempts: 1 };

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Back-off before attempt `attempt + 1` ("equal jitter": half fixed, half random). */
export function backoffMs(policy: RetryPolicy, attempt: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

/** Retry-After in milliseconds (delta-seconds or an HTTP date), null when absent or unreadable. */
export function retryAfterMs(response: Pick<HttpResponse, 'headers'>, wallNow: number = Date.now()): number | null {
  const value = response.headers['retry-after']?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - wallNow);
}
