// The one HTTP client against a real server on 127.0.0.1: retries counted on the server, Retry-After waited,
// the rate limit measured, foreign hosts and oversize bodies refused, the breaker failing fast.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CircuitBreaker, DEFAULT_BREAKER } from '../../src/scrapers/breaker.js';
import { createHttpClient, HttpFailure, PROJECT_USER_AGENT, type HttpClientOptions } from '../../src/scrapers/http.js';
import { DEFAULT_RETRY, retryAfterMs } from '../../src/scrapers/retry.js';
import { randomFor } from '../../src/sandbox/random.js';
import { VirtualTimer } from '../../src/scrapers/timer.js';
import { startLocalServer, type LocalServer } from '../support/local-server.js';

let server: LocalServer;
const held: Array<() => void> = [];
let mostHeld = 0;
const counters = new Map<string, number>();
const bump = (key: string) => {
  const next = (counters.get(key) ?? 0) + 1;
  counters.set(key, next);
  return next;
};

beforeAll(async () => {
  server = await startLocalServer((app) => {
    app.get('/ok', (_request, response) => void response.json({ ok: true }));
    app.get('/flaky/:id', (request, response) => {
      // Two 503s, then an answer.
      if (bump(request.params.id) <= 2) response.status(503).send('busy');
      else response.json({ ok: true });
    });
    app.post('/flaky-post/:id', (_request, response) => void response.status(503).send('busy'));
    app.get('/always-500', (_request, response) => void response.status(500).send('broken'));
    app.get('/not-found', (_request, response) => void response.status(404).json({ error: 'no such thing' }));
    app.get('/reset/:id', (request, response) => {
      if (bump(`reset-${request.params.id}`) === 1) response.socket?.destroy();
      else response.json({ ok: true });
    });
    app.get('/truncated/:id', (request, response) => {
      if (bump(`truncated-${request.params.id}`) === 1) {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        response.write('{"slots": [');
        setTimeout(() => response.socket?.destroy(), 10);
      } else response.json({ slots: [] });
    });
    app.get('/throttled/:id', (request, response) => {
      if (bump(`throttled-${request.params.id}`) === 1)
        response.status(429).setHeader('Retry-After', '1').send('slow down');
      else response.json({ ok: true });
    });
    app.get(
      '/throttled-long',
      (_request, response) => void response.status(429).setHeader('Retry-After', '3600').send('come back in an hour'),
    );
    app.get('/hang', () => undefined);
    app.get('/big', (_request, response) => {
      response.type('json');
      response.write('[');
      for (let i = 0; i < 200; i += 1) response.write(`"${'x'.repeat(1000)}",`);
      response.end('"end"]');
    });
    app.get(
      '/big-declared',
      (_request, response) => void response.type('json').send(JSON.stringify('x'.repeat(300_000))),
    );
    // Holds each request until the test releases it, counting how many are held at once.
    app.get('/held/:id', (_request, response) => {
      held.push(() => response.json({ ok: true }));
      mostHeld = Math.max(mostHeld, held.length);
    });
    app.get('/headers', (request, response) => void response.json({ ua: request.headers['user-agent'] }));
    app.get('/anti-bot', (_request, response) => void response.status(403).type('html').send('<html>blocked</html>'));
  });
});
afterAll(() => server.close());

function client(overrides: Partial<HttpClientOptions> = {}) {
  return createHttpClient({
    allowedOrigins: [server.url],
    timeoutMs: 2_000,
    userAgent: PROJECT_USER_AGENT,
    maxBodyBytes: 100_000,
    retry: { ...DEFAULT_RETRY, baseDelayMs: 10, maxDelayMs: 40 },
    ...overrides,
  });
}

describe('retries', () => {
  it('retries an idempotent GET on 5xx with back-off, then returns the answer', async () => {
    const http = client();
    const response = await http.request({ url: `${server.url}/flaky/a` });
    expect(response.status).toBe(200);
    expect(server.hits('/flaky/a')).toBe(3);
    expect(http.stats).toMatchObject({ requests: 1, attempts: 3, retries: 2 });
  });

  it('gives the last answer back when the attempts run out', async () => {
    const http = client();
    const response = await http.request({ url: `${server.url}/always-500` });
    expect(response.status).toBe(500);
    expect(server.hits('/always-500')).toBe(DEFAULT_RETRY.maxAttempts);
  });

  it('never retries a POST unless it says it is idempotent', async () => {
    const http = client();
    expect((await http.request({ method: 'POST', url: `${server.url}/flaky-post/1`, json: {} })).status).toBe(503);
    expect(server.hits('/flaky-post/1')).toBe(1);
    expect(
      (await http.request({ method: 'POST', url: `${server.url}/flaky-post/2`, json: {}, idempotent: true })).status,
    ).toBe(503);
    expect(server.hits('/flaky-post/2')).toBe(3);
  });

  it('does not retry an answer about the request (404)', async () => {
    const http = client();
    expect((await http.request({ url: `${server.url}/not-found` })).status).toBe(404);
    expect(server.hits('/not-found')).toBe(1);
  });

  it('retries a dropped connection and a truncated body', async () => {
    const http = client();
    expect((await http.request({ url: `${server.url}/reset/1` })).status).toBe(200);
    expect(server.hits('/reset/1')).toBe(2);
    expect((await http.request({ url: `${server.url}/truncated/1` })).body).toBe('{"slots":[]}');
    expect(server.hits('/truncated/1')).toBe(2);
    expect(http.stats.failures.network).toBe(2);
  });

  it('keeps within its time budget: no retry that would start after it', async () => {
    const timer = new VirtualTimer();
    // Seeded jitter: the same delays on every run, so the count of attempts is exact.
    const http = client({
      timer,
      random: randomFor('retry-budget'),
      retry: { ...DEFAULT_RETRY, maxAttempts: 10, baseDelayMs: 1_000, maxDelayMs: 1_000, budgetMs: 2_500 },
    });
    expect((await http.request({ url: `${server.url}/always-500?budget` })).status).toBe(500);
    // Each wait is 0.5 to 1 s of jitter, so 3 to 6 attempts fit in 2.5 s; these seeded waits fit exactly 5,
    // and the sixth would have started after the budget.
    expect(http.stats.attempts).toBe(5);
    expect(timer.now()).toBeLessThanOrEqual(2_500);
  });
});

describe('Retry-After', () => {
  it('waits as long as a 429 asks before trying again', async () => {
    // Virtual time: the wait asserted is the one the client asked for, not what a loaded machine made of it.
    const timer = new VirtualTimer();
    const http = client({ timer });
    const response = await http.request({ url: `${server.url}/throttled/1` });
    expect(response.status).toBe(200);
    expect(server.hits('/throttled/1')).toBe(2);
    // Exactly the second asked for: the backoff alone (10 to 40 ms) is shorter.
    expect(timer.slept).toBe(1_000);
  });

  it('gives a 429 back at once when it asks for longer than the policy allows', async () => {
    const timer = new VirtualTimer();
    const http = client({ timer });
    expect((await http.request({ url: `${server.url}/throttled-long` })).status).toBe(429);
    expect(timer.slept).toBe(0);
    expect(server.hits('/throttled-long')).toBe(1);
  });

  it('reads delta-seconds and HTTP dates', () => {
    expect(retryAfterMs({ headers: { 'retry-after': '7' } })).toBe(7_000);
    expect(
      retryAfterMs({ headers: { 'retry-after': 'Wed, 21 Oct 2015 07:28:30 GMT' } }, Date.parse('2015-10-21T07:28:00Z')),
    ).toBe(30_000);
    expect(retryAfterMs({ headers: {} })).toBeNull();
    expect(retryAfterMs({ headers: { 'retry-after': 'soon' } })).toBeNull();
  });
});

describe('rate limit', () => {
  it('spaces requests to one host at the configured rate', async () => {
    // Virtual time: the waits the limiter asks for are exact, whatever the machine's load does to real time.
    const timer = new VirtualTimer();
    const http = client({ timer, rateLimit: { requestsPerSecond: 20, burst: 1 } });
    const before = server.seen.length;
    await Promise.all(Array.from({ length: 21 }, (_, i) => http.request({ url: `${server.url}/ok?rate=${i}` })));
    expect(server.seen.length - before).toBe(21);
    // Burst 1 at 20/s: the requests wait 0, 50, ... 1,000 ms, so the last one leaves after 20 intervals.
    expect(timer.now()).toBe(1_000);
    expect(timer.slept).toBe(50 * ((20 * 21) / 2));
  });

  it('lets a burst through at once, then holds the pace', async () => {
    const timer = new VirtualTimer();
    const http = client({ timer, rateLimit: { requestsPerSecond: 10, burst: 5 } });
    await Promise.all(Array.from({ length: 15 }, (_, i) => http.request({ url: `${server.url}/ok?burst=${i}` })));
    // 5 at once, the 10 others 100 ms apart.
    expect(timer.now()).toBeGreaterThanOrEqual(1_000);
    expect(timer.now()).toBeLessThan(1_100);
  });
});

describe('refusals', () => {
  it('refuses a host that is not in the configuration, before any I/O', async () => {
    const http = client();
    const before = server.seen.length;
    for (const url of [
      'http://127.0.0.2:1/ok',
      `${server.url.replace('127.0.0.1', 'localhost')}/ok`,
      'http://example.org/',
      'file:///etc/passwd',
      'not a url',
    ]) {
      await expect(http.request({ url })).rejects.toMatchObject({ kind: 'host-not-allowed' });
    }
    expect(server.seen.length).toBe(before);
  });

  it('refuses a body over the size limit, announced or streamed', async () => {
    const http = client();
    await expect(http.request({ url: `${server.url}/big-declared` })).rejects.toMatchObject({ kind: 'too-large' });
    await expect(http.request({ url: `${server.url}/big` })).rejects.toMatchObject({ kind: 'too-large' });
    expect(server.hits('/big')).toBe(1);
  });

  it('times out a request that gets no answer, retrying it within bounds', async () => {
    const http = client({
      timeoutMs: 150,
      retry: { ...DEFAULT_RETRY, maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 },
    });
    const failure = await http.request({ url: `${server.url}/hang` }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HttpFailure);
    expect((failure as HttpFailure).kind).toBe('timeout');
    // Two attempts and no more: the bound that matters, where a duration would depend on the machine's load.
    expect(server.hits('/hang')).toBe(2);
  });

  it('stops at once on shutdown', async () => {
    const shutdown = new AbortController();
    const http = client({ signal: shutdown.signal, timeoutMs: 10_000 });
    const pending = http.request({ url: `${server.url}/hang?shutdown` }).catch((error: unknown) => error);
    setTimeout(() => shutdown.abort(), 50);
    const failure = (await pending) as HttpFailure;
    expect(failure.kind).toBe('network');
    expect(failure.message).toMatch(/shutting down/);
  });
});

describe('identity', () => {
  it('names the project and where to reach it, unless the adapter sends a partner key', async () => {
    const http = client();
    expect(JSON.parse((await http.request({ url: `${server.url}/headers` })).body)).toEqual({ ua: PROJECT_USER_AGENT });
    expect(PROJECT_USER_AGENT).toMatch(/slot-aggregator\/[\d.]+ \(\+https?:\/\//);
    expect(
      JSON.parse(
        (await http.request({ url: `${server.url}/headers`, headers: { 'User-Agent': 'partner-key-123' } })).body,
      ),
    ).toEqual({ ua: 'partner-key-123' });
  });
});

describe('requests in flight', () => {
  it('never has more than maxInFlight requests out at once, and sends the rest as slots free up', async () => {
    const http = client({ maxInFlight: 3 });
    const answers = Promise.all(
      Array.from({ length: 8 }, (_, id) => http.request({ url: `${server.url}/held/${id}` })),
    );
    let released = 0;
    while (released < 8) {
      // Release what the server holds once the client has filled every slot it may (or sent all that is left).
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (held.length < Math.min(3, 8 - released)) continue;
      const now = held.splice(0);
      released += now.length;
      for (const answer of now) answer();
    }
    expect((await answers).map((answer) => answer.status)).toEqual(Array(8).fill(200));
    expect(mostHeld).toBe(3);
    expect(http.stats).toMatchObject({ requests: 8, attempts: 8 });
  });
});

describe('with the circuit breaker', () => {
  it('opens after repeated failures and then fails fast without calling', async () => {
    let now = 0;
    const breaker = new CircuitBreaker('test', () => now, { ...DEFAULT_BREAKER, consecutiveFailures: 3 });
    const http = client({ breaker, retry: { ...DEFAULT_RETRY, maxAttempts: 1 } });
    for (let i = 0; i < 3; i += 1) expect((await http.request({ url: `${server.url}/anti-bot` })).status).toBe(403);
    expect(breaker.status().state).toBe('open');
    const before = server.seen.length;
    await expect(http.request({ url: `${server.url}/ok` })).rejects.toMatchObject({ kind: 'circuit-open' });
    expect(server.seen.length).toBe(before);
    // After the cool-down, probes go through and close it.
    now += DEFAULT_BREAKER.openMs;
    expect((await http.request({ url: `${server.url}/ok` })).status).toBe(200);
    expect(breaker.status().state).toBe('half-open');
    expect((await http.request({ url: `${server.url}/ok` })).status).toBe(200);
    expect(breaker.status()).toMatchObject({ state: 'closed', openings: 1, recoveries: 1 });
  });

  it('stops retrying once the breaker opens mid-way', async () => {
    const breaker = new CircuitBreaker('test', () => 0, { ...DEFAULT_BREAKER, consecutiveFailures: 2 });
    const http = client({ breaker, retry: { ...DEFAULT_RETRY, maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 1 } });
    const before = server.hits('/always-500');
    await expect(http.request({ url: `${server.url}/always-500` })).rejects.toMatchObject({ kind: 'circuit-open' });
    expect(server.hits('/always-500') - before).toBe(2);
  });
});
