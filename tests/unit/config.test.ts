import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({}, ['doctolib']);
    expect(config.port).toBe(8080);
    expect(config.mode).toBe('sandbox');
    expect(config.platforms.doctolib.enabled).toBe(true);
    expect(config.platforms.keldoc.enabled).toBe(false);
    expect(config.platforms.doctolib.scanCron).toBe('*/3 * * * *');
  });

  it('takes per-platform settings', () => {
    const config = loadConfig(
      { DOCTOLIB_CONCURRENCY: '3', DOCTOLIB_SCAN_CRON: '*/5 * * * *', DOCTOLIB_BASE_URL: 'http://127.0.0.1:9000' },
      ['doctolib'],
    );
    expect(config.platforms.doctolib.concurrency).toBe(3);
    expect(config.platforms.doctolib.scanCron).toBe('*/5 * * * *');
    expect(config.platforms.doctolib.baseUrl).toBe('http://127.0.0.1:9000');
  });

  it.each([
    [{ PLATFORMS: 'doctolib,myspace' }, /unknown platform "myspace"/],
    [{ PORT: '-1' }, /PORT/],
    [{ CONCURRENCY: '0' }, /CONCURRENCY/],
    [{ SCAN_CRON: 'every minute' }, /SCAN_CRON: is not a valid cron expression/],
    [{ DOCTOLIB_CONCURRENCY: '-2' }, /DOCTOLIB_CONCURRENCY/],
    [{ DOCTOLIB_BASE_URL: 'not a url' }, /DOCTOLIB_BASE_URL/],
    [{ MODE: 'prod' }, /MODE/],
  ])('refuses %o', (env, message) => {
    expect(() => loadConfig(env, ['doctolib'])).toThrow(ConfigError);
    expect(() => loadConfig(env, ['doctolib'])).toThrow(message);
  });
});
