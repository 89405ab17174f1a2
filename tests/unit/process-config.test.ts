import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { implementedPlatforms } from '../../src/scrapers/registry.js';

const load = (env: Record<string, string>) => loadConfig(env, implementedPlatforms());

describe('the settings of the processes', () => {
  it('reads the process model, the admin port, the sandbox latency and a sandbox running elsewhere', () => {
    const config = load({
      API_PROCESSES: '3',
      ADMIN_PORT: '9090',
      SANDBOX_LATENCY_MS: '50',
      SANDBOX_BASE_URLS: '{"doctolib":"http://127.0.0.1:4000"}',
      FAST_LANE: 'off',
    });
    expect(config.apiProcesses).toBe(3);
    expect(config.adminPort).toBe(9090);
    expect(config.adminHost).toBe('127.0.0.1');
    expect(config.sandbox.latencyMs).toBe(50);
    expect(config.sandbox.baseUrls).toEqual({ doctolib: 'http://127.0.0.1:4000' });
    expect(config.fastLane).toBe(false);
    expect(load({}).apiProcesses).toBeGreaterThanOrEqual(1);
    expect(load({}).sandbox.baseUrls).toBeNull();
  });

  it('refuses bad values with the variable named', () => {
    for (const [env, message] of [
      [{ API_PROCESSES: '0' }, /API_PROCESSES/],
      [{ SANDBOX_LATENCY_MS: '-1' }, /SANDBOX_LATENCY_MS/],
      [{ SANDBOX_BASE_URLS: 'doctolib=http://x' }, /SANDBOX_BASE_URLS: is not JSON/],
      [{ SANDBOX_BASE_URLS: '{"myspace":"http://127.0.0.1:1"}' }, /SANDBOX_BASE_URLS/],
      [{ SANDBOX_BASE_URLS: '{"doctolib":"ftp://127.0.0.1:1"}' }, /SANDBOX_BASE_URLS\.doctolib/],
      [{ SANDBOX_CENTRES_PER_DEPARTMENT: '251' }, /SANDBOX_CENTRES_PER_DEPARTMENT/],
    ] as const) {
      expect(() => load(env), JSON.stringify(env)).toThrow(ConfigError);
      expect(() => load(env)).toThrow(message);
    }
  });
});
