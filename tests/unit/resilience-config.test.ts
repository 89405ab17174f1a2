// The resilience settings: polite defaults, per-platform rates, and refusals.
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_REQUESTS_PER_SECOND, loadConfig } from '../../src/config.js';

describe('resilience configuration', () => {
  it('is polite by default with real platforms, quick with the sandbox', () => {
    expect(loadConfig({ MODE: 'live' }, ['doctolib']).platforms.doctolib.requestsPerSecond).toBe(
      DEFAULT_REQUESTS_PER_SECOND.live,
    );
    expect(DEFAULT_REQUESTS_PER_SECOND.live).toBeLessThanOrEqual(10);
    expect(loadConfig({}, ['doctolib']).platforms.doctolib.requestsPerSecond).toBe(DEFAULT_REQUESTS_PER_SECOND.sandbox);
    expect(loadConfig({}, ['doctolib']).resilience).toEqual({
      maxAttempts: 3,
      breakerFailures: 5,
      breakerOpenMs: 60_000,
      probeTimeoutMs: 3_000,
    });
  });

  it('takes a rate per platform over the global one', () => {
    const config = loadConfig({ MODE: 'live', REQUESTS_PER_SECOND: '3', DOCTOLIB_REQUESTS_PER_SECOND: '0.5' }, [
      'doctolib',
      'keldoc',
    ]);
    expect(config.platforms.doctolib.requestsPerSecond).toBe(0.5);
    expect(config.platforms.keldoc.requestsPerSecond).toBe(3);
  });

  it.each([
    [{ REQUESTS_PER_SECOND: '0' }, /REQUESTS_PER_SECOND/],
    [{ DOCTOLIB_REQUESTS_PER_SECOND: '-1' }, /DOCTOLIB_REQUESTS_PER_SECOND/],
    [{ HTTP_MAX_ATTEMPTS: '0' }, /HTTP_MAX_ATTEMPTS/],
    [{ BREAKER_FAILURES: '-3' }, /BREAKER_FAILURES/],
    [{ BREAKER_OPEN_SECONDS: 'soon' }, /BREAKER_OPEN_SECONDS/],
    [{ HTTP_TIMEOUT_MS: '-100' }, /HTTP_TIMEOUT_MS/],
    [{ SCAN_CRON: '*/-3 * * * *' }, /SCAN_CRON/],
  ])('refuses %o', (env, message) => {
    expect(() => loadConfig(env, ['doctolib'])).toThrow(ConfigError);
    expect(() => loadConfig(env, ['doctolib'])).toThrow(message);
  });
});
