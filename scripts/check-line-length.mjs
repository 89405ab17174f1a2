// Biome's formatter cannot break long string literals, regexes or comments; this catches what it leaves over
// the same 120 columns. Run by `npm run lint` after `biome ci .`.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const MAX_LENGTH = 120;
// Tracked TypeScript and JavaScript under src, tests, bench, scripts and the root; git's own pathspecs would
// let `*.ts` match in every directory, so the filter is spelled out here.
const CHECKED = /^(?:(?:src|tests|bench|scripts)\/.*|[^/]*)\.(?:ts|js|mjs)$/;

const files = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' })
  .split('\0')
  .filter((file) => CHECKED.test(file));

let count = 0;
for (const file of files) {
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, index) => {
    // Code points, not UTF-16 units, so an accented letter counts once, like an editor's column.
    const length = [...line.replace(/\r$/, '')].length;
    if (length > MAX_LENGTH) {
      console.log(`${file}:${index + 1}: ${length}`);
      count += 1;
    }
  });
}

if (count > 0) {
  console.error(`${count} line(s) over ${MAX_LENGTH} characters`);
  process.exit(1);
}
