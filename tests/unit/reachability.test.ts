// The live-mode start check: a TCP connection to every platform host, refused hosts named in the message.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { probe, unreachableHosts } from '../../src/scrapers/reachability.js';
import { implementedPlatforms } from '../../src/scrapers/registry.js';
import { refuseUnreachableHosts } from '../../src/system.js';
import { closedPort, startLocalServer } from '../support/local-server.js';

describe('reachability probe', () => {
  it('connects to a listening port and reports a closed one', async () => {
    const server = await startLocalServer(() => undefined);
    const port = await closedPort();
    expect(await probe(server.url, 1_000)).toBeNull();
    expect(await probe(`http://127.0.0.1:${port}/x`, 1_000)).toMatch(/ECONNREFUSED/);
    expect(await probe('not a url', 1_000)).toBe('not a URL');
    const unreachable = await unreachableHosts(
      [
        { owner: 'A', url: server.url },
        { owner: 'B', url: `http://127.0.0.1:${port}` },
      ],
      1_000,
    );
    expect(unreachable.map((target) => target.owner)).toEqual(['B']);
    await server.close();
  });

  it('refuses a live configuration whose platform host is unreachable, naming the setting', async () => {
    const platform = implementedPlatforms()[0]!;
    const prefix = platform.toUpperCase();
    const port = await closedPort();
    const config = loadConfig(
      {
        MODE: 'live',
        PLATFORMS: platform,
        [`${prefix}_BASE_URL`]: `http://127.0.0.1:${port}`,
        PROBE_TIMEOUT_MS: '1000',
      },
      implementedPlatforms(),
    );
    const failure = await refuseUnreachableHosts(config).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as Error).message).toContain(`${prefix}_BASE_URL (http://127.0.0.1:${port})`);

    const server = await startLocalServer(() => undefined);
    await expect(
      refuseUnreachableHosts(
        loadConfig({ MODE: 'live', PLATFORMS: platform, [`${prefix}_BASE_URL`]: server.url }, implementedPlatforms()),
      ),
    ).resolves.toBeUndefined();
    await server.close();
  });
});
