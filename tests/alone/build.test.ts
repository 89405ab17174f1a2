// The production build: `scripts/build.mjs` (npm run build, run by `npm ci` through `prepare`) compiles to
// JavaScript that runs with plain node, no tsx, and serves the pages' static files from beside itself.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../support/build.js';
import { until } from '../support/cli-process.js';
import { temporaryDatabasePath } from '../support/system.js';

// Inside the project (node finds node_modules from there), apart from dist/ so a running `npm start` is spared.
const OUT = path.resolve('test-artifacts', 'build-test');

function runCompiled(args: string[], env: Record<string, string> = {}) {
  // No --import tsx: the compiled code must stand on its own.
  const child = spawn(process.execPath, [path.join(OUT, 'cli.js'), ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

describe('the compiled build', () => {
  beforeAll(() => build(OUT), 240_000);
  afterAll(() => fs.rmSync(OUT, { recursive: true, force: true }));

  it('holds JavaScript only, with the static files of the pages', () => {
    expect(fs.existsSync(path.join(OUT, 'cli.js'))).toBe(true);
    expect(fs.existsSync(path.join(OUT, 'runtime', 'supervisor.js'))).toBe(true);
    expect(fs.readdirSync(path.join(OUT, 'api', 'public')).sort()).toEqual(
      fs.readdirSync(path.join('src', 'api', 'public')).sort(),
    );
  });

  it('answers --help with the usage and exit 0', async () => {
    const run = runCompiled(['--help']);
    expect(await run.exited).toBe(0);
    expect(run.output()).toMatch(/^usage: npm run cli -- <command>/);
  });

  it('serves the page and the API over a database, and stops on SIGTERM with exit 0', {
    timeout: 120_000,
  }, async () => {
    const run = runCompiled(['serve'], { PORT: '0', DATABASE_PATH: temporaryDatabasePath(), LOG_LEVEL: 'info' });
    try {
      await until(() => /serving the stored data/.test(run.output()), 90_000, 'serve to listen');
      const line = run
        .output()
        .split('\n')
        .find((entry) => entry.includes('serving the stored data'))!;
      const api = (JSON.parse(line) as { api: string }).api;
      const page = await fetch(`${api}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<html/i);
      expect((await fetch(`${api}/style.css`)).status).toBe(200);
      expect((await fetch(`${api}/api/v1/departments`)).status).toBe(200);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    } finally {
      run.child.kill('SIGKILL');
    }
  });
});
