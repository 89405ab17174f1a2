// The real process, as an operator runs it: SIGTERM mid-cycle stops it cleanly with exit code 0 and a sound
// database; a live-mode configuration naming an unreachable host is refused at start with a clear message.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { closedPort } from '../support/local-server.js';
import { temporaryDatabasePath } from '../support/system.js';

interface Child {
  readonly output: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
}

function startCli(args: string[], env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('src/cli.ts'), ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return {
    output: () => output,
    exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))),
    kill: (signal) => child.kill(signal),
  };
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function scansRecorded(file: string): number {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM scans').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

describe('the process', () => {
  it('stops on SIGTERM in the middle of a scan cycle: work interrupted between centres, database closed, exit 0', {
    timeout: 60_000,
  }, async () => {
    const file = temporaryDatabasePath();
    const child = startCli(['start'], {
      MODE: 'sandbox',
      PORT: '0',
      DATABASE_PATH: file,
      LOG_LEVEL: 'info',
      PLATFORMS: 'doctolib',
      SANDBOX_CENTRES_PER_DEPARTMENT: '2',
      // Slow enough that the first scan cycle is still running when the signal comes.
      REQUESTS_PER_SECOND: '40',
    });
    await until(() => scansRecorded(file) > 0, 45_000);
    const signalled = performance.now();
    child.kill('SIGTERM');
    const { code } = await child.exited;
    expect(code, child.output()).toBe(0);
    expect(performance.now() - signalled).toBeLessThan(5_000);
    expect(child.output()).toMatch(/"msg":"stopped"/);

    // The database was closed: the last connection checkpointed its write-ahead log and removed it.
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    const db = new Database(file);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const cycle = db
      .prepare("SELECT centres, error FROM cycles WHERE kind = 'scan' ORDER BY id DESC LIMIT 1")
      .get() as { centres: number; error: string | null };
    expect(cycle.error).toMatch(/interrupted by shutdown/);
    expect(cycle.centres).toBeGreaterThan(0);
    db.close();
  });

  it('refuses to start in live mode when a configured platform host cannot be reached', {
    timeout: 30_000,
  }, async () => {
    const port = await closedPort();
    const child = startCli(['start'], {
      MODE: 'live',
      PORT: '0',
      DATABASE_PATH: temporaryDatabasePath(),
      PLATFORMS: 'doctolib',
      DOCTOLIB_BASE_URL: `http://127.0.0.1:${port}`,
      PROBE_TIMEOUT_MS: '1000',
    });
    const { code } = await child.exited;
    expect(code).toBe(2);
    expect(child.output()).toMatch(
      new RegExp(
        `unreachable platform hosts in live mode: DOCTOLIB_BASE_URL ` +
          `\\(http://127\\.0\\.0\\.1:${port}\\): 127\\.0\\.0\\.1:${port}: ECONNREFUSED`,
      ),
    );
  });

  it('refuses bad configuration at start with a message naming the setting', { timeout: 30_000 }, async () => {
    for (const [env, message] of [
      [{ PLATFORMS: 'doctolib,myspace' }, /unknown platform "myspace"/],
      [{ SCAN_CRON: '*/-3 * * * *' }, /SCAN_CRON/],
      [{ BREAKER_OPEN_SECONDS: '-5' }, /BREAKER_OPEN_SECONDS/],
    ] as const) {
      const child = startCli(['start'], { PORT: '0', DATABASE_PATH: temporaryDatabasePath(), ...env });
      expect((await child.exited).code).toBe(2);
      expect(child.output()).toMatch(message);
    }
  });
});
