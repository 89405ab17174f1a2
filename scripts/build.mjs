// `npm run build` (and `prepare`, so `npm ci` builds): a clean dist/ of compiled JavaScript, with the static
// files of the pages beside the code that serves them (src/api/public -> dist/api/public), since the server
// finds them next to its own module.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');

// Stale files of deleted modules must not survive a rebuild.
fs.rmSync(dist, { recursive: true, force: true });
execFileSync(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
fs.cpSync(path.join(root, 'src', 'api', 'public'), path.join(dist, 'api', 'public'), { recursive: true });
