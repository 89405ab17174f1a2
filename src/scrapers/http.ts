// The one HTTP client every adapter uses. It never throws for an HTTP status: adapters read the status
// themselves, because each platform means something different by a 403 or a 404. It throws an HttpFailure
// when there is no answer to read (timeout, refused connection, oversize body, host not allowed, circuit
// open). Around each request it is polite and resilient: a host allow-list checked before any I/O, a
// per-host rate limit, a total timeout per attempt, bounded retries with back-off for idempotent requests,
// and the platform's circuit breaker.
import { setMaxListeners } from 'node:events';
import axios, { type AxiosInstance } from 'axios';
import pLimit from 'p-limit';
import type { CircuitBreaker } from './breaker.js';
import { HostRateLimiter, type RateLimit } from './rate-limit.js';
import { backoffMs, DEFAULT_RETRY, isRetryableStatus, retryAfterMs, type RetryPolicy } from './retry.js';
import { realTimer, type Timer } from './timer.js';

export interface HttpRequest {
  readonly method?: 'GET' | 'POST';
  /** Absolute URL, query string included. */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** JSON body for POST. */
  readonly json?: unknown;
  /** Safe to send twice (GET always is; a POST that only searches may say so). */
  readonly idempotent?: boolean;
}

export interface HttpResponse {
  readonly url: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export type HttpFailureKind = 'timeout' | 'network' | 'too-large' | 'host-not-allowed' | 'circuit-open';

export class HttpFailure extends Error {
  constructor(
    readonly kind: HttpFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'HttpFailure';
  }
}

export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
}

export interface HttpClientOptions {
  /** Origins (`http://127.0.0.1:4001`) the client may call; anything else is refused before any I/O. */
  readonly allowedOrigins: readonly string[];
  /** Total time one attempt may take, connection to last byte. */
  readonly timeoutMs: number;
  readonly userAgent: string;
  readonly maxBodyBytes: number;
  /** Retries of idempotent requests (default DEFAULT_RETRY; NO_RETRY to send once). */
  readonly retry?: RetryPolicy;
  /** Per-host rate limit; none when absent. */
  readonly rateLimit?: RateLimit;
  /**
   * Requests in flight at once, whatever asks for them (the platform's configured concurrency): an adapter
   * that sends several requests of one centre at once, or the ghost-slot recheck beside a cycle, still never
   * holds more of the platform's connections than that. Unbounded when absent.
   */
  readonly maxInFlight?: number;
  /** The platform's breaker: consulted before each attempt, told how each attempt went. */
  readonly breaker?: CircuitBreaker;
  /** Waits (back-off, Retry-After, rate limit): real by default, virtual in soak tests. */
  readonly timer?: Timer;
  /** Jitter source, [0, 1). */
  readonly random?: () => number;
  /** Aborts requests in flight and waits when the process shuts down. */
  readonly signal?: AbortSignal;
}

/** One attempt's end: an answer, or why there is none. */
type Sent =
  | { readonly response: HttpResponse; readonly failure: null }
  | { readonly response: null; readonly failure: HttpFailure };

export interface HttpClientStats {
  requests: number;
  attempts: number;
  retries: number;
  /** Attempts that got no answer, by kind. */
  failures: Record<string, number>;
  /** Answers that told the breaker the platform is failing (5xx, 429, anti-bot page). */
  failedAnswers: number;
  rejectedByBreaker: number;
  rateLimitWaitMs: number;
  retryWaitMs: number;
}

export interface ResilientHttpClient extends HttpClient {
  readonly stats: HttpClientStats;
}

export const PROJECT_USER_AGENT =
  'slot-aggregator/0.1 (+https://github.com/slot-aggregator; open-source vaccination slot aggregator)';

/** A 403 in HTML is a web application firewall talking, not the platform's API: the platform is pushing back. */
export function isAntiBotPage(response: Pick<HttpResponse, 'status' | 'headers'>): boolean {
  return response.status === 403 && /text\/html/i.test(response.headers['content-type'] ?? '');
}

/** Whether an answer says the platform is unwell (for the breaker), as opposed to an answer about the request. */
export function isFailedAnswer(response: Pick<HttpResponse, 'status' | 'headers'>): boolean {
  return isRetryableStatus(response.status) || isAntiBotPage(response);
}

export function createHttpClient(options: HttpClientOptions): ResilientHttpClient {
  const allowed = new Set(options.allowedOrigins.map((origin) => new URL(origin).origin));
  const timer = options.timer ?? realTimer;
  const random = options.random ?? Math.random;
  const policy = options.retry ?? DEFAULT_RETRY;
  const limiter = options.rateLimit ? new HostRateLimiter(options.rateLimit, timer) : null;
  const inFlight: <T>(send: () => Promise<T>) => Promise<T> = options.maxInFlight
    ? pLimit(options.maxInFlight)
    : (send) => send();
  const breaker = options.breaker ?? null;
  const stats: HttpClientStats = {
    requests: 0,
    attempts: 0,
    retries: 0,
    failures: {},
    failedAnswers: 0,
    rejectedByBreaker: 0,
    rateLimitWaitMs: 0,
    retryWaitMs: 0,
  };
  const instance: AxiosInstance = axios.create({
    maxContentLength: options.maxBodyBytes,
    maxBodyLength: options.maxBodyBytes,
    maxRedirects: 0,
    responseType: 'text',
    transformResponse: (data: unknown) => data,
    validateStatus: () => true,
  });

  // Every request in flight listens to the shutdown signal.
  if (options.signal) setMaxListeners(0, options.signal);

  async function attempt(request: HttpRequest): Promise<HttpResponse> {
    const controller = new AbortController();
    let timedOut = false;
    const deadline = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.timeoutMs);
    const onShutdown = () => controller.abort();
    options.signal?.addEventListener('abort', onShutdown, { once: true });
    const signal = controller.signal;
    try {
      const response = await instance.request<string>({
        method: request.method ?? 'GET',
        url: request.url,
        headers: { 'User-Agent': options.userAgent, Accept: 'application/json', ...request.headers },
        data: request.json,
        signal,
      });
      return {
        url: request.url,
        status: response.status,
        headers: flattenHeaders(response.headers as Record<string, unknown>),
        body: typeof response.data === 'string' ? response.data : '',
      };
    } catch (error) {
      if (options.signal?.aborted) throw new HttpFailure('network', `${request.url}: aborted, shutting down`);
      if (timedOut) throw new HttpFailure('timeout', `${request.url}: no full answer within ${options.timeoutMs} ms`);
      throw toHttpFailure(request.url, error);
    } finally {
      clearTimeout(deadline);
      options.signal?.removeEventListener('abort', onShutdown);
    }
  }

  return {
    stats,
    async request(request) {
      const origin = safeOrigin(request.url);
      if (!origin || !allowed.has(origin)) {
        throw new HttpFailure('host-not-allowed', `${request.url}: host is not in the configured platforms`);
      }
      stats.requests += 1;
      const idempotent = request.idempotent ?? (request.method ?? 'GET') === 'GET';
      const started = timer.now();
      for (let attemptNumber = 1; ; attemptNumber += 1) {
        // While the platform is probed, wait for the probe's outcome (it ends within one timeout).
        const permit = breaker ? await breaker.acquireWhenReady(options.timeoutMs * 2) : undefined;
        if (breaker && !permit) {
          stats.rejectedByBreaker += 1;
          throw new HttpFailure('circuit-open', `${request.url}: circuit open for ${breaker.name}, not sent`);
        }
        // The slot is taken before the rate limit's turn, so the spacing the limit sets survives a wait for it.
        const sent = await inFlight(async (): Promise<Sent | null> => {
          if (limiter) {
            try {
              stats.rateLimitWaitMs += await limiter.take(origin, options.signal);
            } catch {
              return null;
            }
          }
          stats.attempts += 1;
          try {
            return { response: await attempt(request), failure: null };
          } catch (error) {
            return {
              response: null,
              failure: error instanceof HttpFailure ? error : toHttpFailure(request.url, error),
            };
          }
        });
        if (!sent) {
          permit?.cancel();
          throw new HttpFailure('network', `${request.url}: aborted, shutting down`);
        }
        const { response, failure } = sent;
        const transient = failure
          ? failure.kind === 'timeout' || failure.kind === 'network'
          : isRetryableStatus(response!.status);
        if (failure) stats.failures[failure.kind] = (stats.failures[failure.kind] ?? 0) + 1;
        if (response && isFailedAnswer(response)) stats.failedAnswers += 1;
        // The breaker hears about the platform's health; a shutdown or an oversize body says nothing about it.
        if (permit) {
          if (options.signal?.aborted || failure?.kind === 'too-large') permit.cancel();
          else if (failure || isFailedAnswer(response!)) permit.failure();
          else permit.success();
        }

        const delay =
          transient && idempotent && !options.signal?.aborted ? nextDelay(attemptNumber, response, started) : null;
        if (delay === null) {
          if (failure) throw failure;
          return response!;
        }
        stats.retries += 1;
        stats.retryWaitMs += delay;
        try {
          await timer.sleep(delay, options.signal);
        } catch {
          throw failure ?? new HttpFailure('network', `${request.url}: aborted, shutting down`);
        }
      }
    },
  };

  /** The wait before the next attempt, or null when this one is the last. */
  function nextDelay(attemptNumber: number, response: HttpResponse | null, started: number): number | null {
    if (attemptNumber >= policy.maxAttempts) return null;
    let delay = backoffMs(policy, attemptNumber, random);
    const asked = response ? retryAfterMs(response) : null;
    if (asked !== null) {
      if (asked > policy.maxRetryAfterMs) return null;
      delay = Math.max(delay, asked);
    }
    if (timer.now() - started + delay > policy.budgetMs) return null;
    return delay;
  }
}

function safeOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

function flattenHeaders(headers: Record<string, unknown>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && value !== null)
      flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return flat;
}

function toHttpFailure(url: string, error: unknown): HttpFailure {
  if (axios.isAxiosError(error)) {
    if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT')
      return new HttpFailure('timeout', `${url}: timed out`);
    if (error.code === 'ERR_BAD_RESPONSE' && /maxContentLength/.test(error.message)) {
      return new HttpFailure('too-large', `${url}: body over the size limit`);
    }
    return new HttpFailure('network', `${url}: ${error.code ?? error.message}`);
  }
  return new HttpFailure('network', `${url}: ${error instanceof Error ? error.message : String(error)}`);
}
