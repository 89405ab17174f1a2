// The README's command examples that finish quickly, run as a reader would (the real process): `help` lists
// every command the README shows, and `export --out DIR` writes the open-data files with data. The others
// run for good (`start`, `serve`, `sandbox`, `export --watch`) and are covered by process.test.ts,
// process-split.test.ts and export-watch.test.ts; `scrape` needs a platform, which `start` covers.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/aggregator/store/store.js';
import { createWorld } from '../../src/sandbox/world.js';
import { seedFromWorld } from '../support/seed.js';
import { temporaryDatabasePath } from '../support/system.js';

function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('src/cli.ts'), ...args], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

const readmeCommands = () =>
  [...fs.readFileSync('README.md', 'utf8').matchAll(/npm run cli -- (\w+)/g)].map(([, command]) => command!);

describe('the command examples of the README', () => {
  it('help lists every command the README shows', { timeout: 120_000 }, async () => {
    const { code, output } = await runCli(['help']);
    expect(code).toBe(0);
    const commands = [...new Set(readmeCommands())];
    expect(commands).toEqual(expect.arrayContaining(['scrape', 'serve', 'export', 'sandbox']));
    for (const command of commands) expect(output, command).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  it('export --out DIR writes the open-data files, with data', { timeout: 120_000 }, async () => {
    const databasePath = temporaryDatabasePath();
    const store = new Store(databasePath);
    // Scanned just now: the process reads the real clock, and centres scanned long ago are stale, left out.
    seedFromWorld(store, createWorld({ centresPerDepartment: 1 }), new Date());
    store.close();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-export-'));
    const { code, output } = await runCli(['export', '--out', out], { DATABASE_PATH: databasePath });
    expect(code, output).toBe(0);
    expect(output).toMatch(/^wrote \d+ files/m);
    const info = JSON.parse(fs.readFileSync(path.join(out, 'info_centres.json'), 'utf8')) as {
      centres_disponibles: unknown[];
      centres_indisponibles: unknown[];
    };
    expect(info.centres_disponibles.length + info.centres_indisponibles.length).toBeGreaterThan(50);
    expect(fs.existsSync(path.join(out, 'info_centres.json.gz'))).toBe(true);
    expect(fs.existsSync(path.join(out, '75', 'creneaux-quotidiens.json'))).toBe(true);
  });
});
