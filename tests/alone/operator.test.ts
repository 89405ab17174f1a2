// What an operator meets at the command line: usage on --help, a sentence naming the port when it is taken
// (for `start` and `serve`), and a one-off `scrape` beside a running system that leaves its booking links
// alone.
import net from 'node:net';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announced, spawnCli, until } from '../support/cli-process.js';
import { temporaryDatabasePath } from '../support/system.js';

const SMALL_WORLD = { MODE: 'sandbox', PLATFORMS: 'doctolib', SANDBOX_CENTRES_PER_DEPARTMENT: '1', LOG_LEVEL: 'info' };

describe('--help', () => {
  it.each([['--help'], ['start', '--help']])('%s prints the usage and exits 0', async (...args) => {
    const child = spawnCli('node', args, {});
    const { code } = await child.exited;
    expect(code).toBe(0);
    expect(child.output()).toMatch(/^usage: npm run cli -- <command>/);
    expect(child.output()).toContain('scrape --platform P');
  });

  it('an unknown command prints the usage and exits 2', async () => {
    const child = spawnCli('node', ['strat'], {});
    expect((await child.exited).code).toBe(2);
    expect(child.output()).toMatch(/^unknown command "strat"\nusage:/);
  });
});

describe('a port already in use', () => {
  const blocker = net.createServer();
  let port = 0;

  beforeAll(async () => {
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    port = (blocker.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

  it.each(['start', 'serve'])(
    '%s names the port and exits non-zero, without starting anything',
    { timeout: 60_000 },
    async (command) => {
      const child = spawnCli('node', [command], {
        ...SMALL_WORLD,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_PATH: temporaryDatabasePath(),
      });
      const { code } = await child.exited;
      expect(code, child.output()).toBe(1);
      expect(child.output()).toContain(`cannot start: port ${port} is already in use on 127.0.0.1`);
      expect(child.output()).toContain('choose another port with PORT');
      expect(child.output()).not.toMatch(/TypeError|slot aggregator running|serving the stored data|discovery done/);
    },
  );
});

function bookingLinks(file: string): Array<{ id: string; booking_url: string }> {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT id, booking_url FROM centres ORDER BY id').all() as Array<{
      id: string;
      booking_url: string;
    }>;
  } finally {
    db.close();
  }
}

describe('scrape beside a running system', () => {
  it('scrapes the running sandbox: the stored booking links still point at ' +
    'it afterwards (and the ready line gives the URLs)', {
    timeout: 240_000,
  }, async () => {
    const file = temporaryDatabasePath();
    const env = { ...SMALL_WORLD, PORT: '0', DATABASE_PATH: file };
    const system = spawnCli('node', ['start'], env);
    try {
      // Either may come first: the API processes can be ready before or after the first cycle ends.
      await until(
        () => /"msg":"scan cycle done"/.test(system.output()) && announced(system.output()) !== null,
        150_000,
        'the first cycle and the ready line',
      );
      // The ready line gives the URLs to open.
      const running = announced(system.output())!;
      const ready = system
        .output()
        .split('\n')
        .find((line) => line.includes('slot aggregator running'))!;
      expect(ready).toContain(`open ${running.api}/ `);
      expect(ready).toContain(`${running.api}/api/v1/departments/75/centers`);
      const sandboxPort = JSON.parse(fs.readFileSync(`${file}.sandbox.json`, 'utf8'))
        .baseUrls.doctolib.split(':')
        .at(-1) as string;
      const before = bookingLinks(file);
      expect(before.length).toBeGreaterThan(0);
      expect(before.filter((centre) => centre.booking_url.includes(`:${sandboxPort}/`)).length).toBeGreaterThan(0);

      const scrape = spawnCli('node', ['scrape', '--platform', 'doctolib', '--department', '75'], env);
      const { code } = await scrape.exited;
      expect(code, scrape.output()).toBe(0);
      expect(scrape.output()).toContain('scraping the sandbox of the system running on this database');
      expect(bookingLinks(file)).toEqual(before);

      system.kill('SIGTERM');
      expect((await system.exited).code).toBe(0);
      // Gone with the system: a later `scrape` starts a sandbox of its own.
      expect(fs.existsSync(`${file}.sandbox.json`)).toBe(false);
    } finally {
      system.kill('SIGKILL');
    }
  });
});
