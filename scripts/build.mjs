// `npm run build` (and `prepare`, so `npm ci` builds): a clean dist/ of compiled JavaScript, with the static
// files of the pages beside the code that serves them (src/api/public -> dist/api/public), since the server
// finds them next to its own module. `node scripts/build.mjs DIR` builds into DIR instead (tests); DIR must
// lie inside the project, where node finds node_modules.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(root, process.argv[2] ?? 'dist');

// Stale files of deleted modules must not survive a rebuild.
fs.rmSync(out, { recursive: true, force: true });
const tsc = path.join(root, 'node_modules', '.bin', 'tsc');
execFileSync(tsc, ['-p', path.join(root, 'tsconfig.build.json'), '--outDir', out], { stdio: 'inherit' });
fs.cpSync(path.join(root, 'src', 'api', 'public'), path.join(out, 'api', 'public'), { recursive: true });
