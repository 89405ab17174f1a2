// The compiled build (dist/) for the tests that run `npm start` as an operator does: rebuilt when any source
// file is newer than it, so a test never runs yesterday's JavaScript.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Runs `scripts/build.mjs` into `outDir` (dist/ by default), as `npm run build` does. */
export function build(outDir?: string): void {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), ...(outDir ? [outDir] : [])], {
    cwd: ROOT,
    stdio: 'pipe',
  });
}

export function buildIfStale(): void {
  const entry = path.join(ROOT, 'dist', 'cli.js');
  const built = fs.existsSync(entry) ? fs.statSync(entry).mtimeMs : 0;
  const inputs = [
    newestMtime(path.join(ROOT, 'src')),
    ...['tsconfig.json', 'tsconfig.build.json', 'package.json'].map(
      (file) => fs.statSync(path.join(ROOT, file)).mtimeMs,
    ),
  ];
  if (Math.max(...inputs) > built) build();
}
