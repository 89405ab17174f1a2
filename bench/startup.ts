// Start-up of `start` run by tsx (the TypeScript, transpiled at every start) against the compiled build
// (dist/): time from spawn to the supervisor's ready line, and the resident memory of each process then.
// Run: npm run build && npx tsx bench/startup.ts [runs=3]   (loopback only; a small sandbox world)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

type Variant = 'tsx' | 'compiled';
interface Sample {
  readonly readyMs: number;
  readonly rssMiB: Record<'supervisor' | 'sandbox' | 'writer' | 'api', number>;
}

const runs = Number(process.argv[2] ?? 3);
const ARGS: Record<Variant, string[]> = {
  tsx: ['--import', 'tsx', path.resolve('src/cli.ts'), 'start'],
  compiled: [path.resolve('dist/cli.js'), 'start'],
};

function rssMiB(pid: number): number {
  const line = fs
    .readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('VmRSS:'))!;
  return Math.round(Number(line.split(/\s+/)[1]) / 1024);
}

async function once(variant: Variant): Promise<Sample> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'startup-'));
  const env = {
    PATH: process.env.PATH ?? '',
    MODE: 'sandbox',
    PORT: '0',
    DATABASE_PATH: path.join(dir, 'db.sqlite'),
    PLATFORMS: 'doctolib',
    SANDBOX_CENTRES_PER_DEPARTMENT: '1',
    API_PROCESSES: '2',
    LOG_LEVEL: 'info',
  };
  const started = performance.now();
  const child = spawn(process.execPath, ARGS[variant], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  const ready = await new Promise<{ pids: { supervisor: number; sandbox: number; writer: number; api: number[] } }>(
    (resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const line = output.split('\n').find((entry) => entry.includes('slot aggregator running'));
        if (line) resolve(JSON.parse(line));
      });
      child.once('exit', (code) => reject(new Error(`exited ${code} before ready`)));
    },
  );
  const readyMs = Math.round(performance.now() - started);
  const { pids } = ready;
  const sample: Sample = {
    readyMs,
    rssMiB: {
      supervisor: rssMiB(pids.supervisor),
      sandbox: rssMiB(pids.sandbox),
      writer: rssMiB(pids.writer),
      api: Math.max(...pids.api.map(rssMiB)),
    },
  };
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  fs.rmSync(dir, { recursive: true, force: true });
  return sample;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const samples: Record<Variant, Sample[]> = { tsx: [], compiled: [] };
for (let run = 0; run < runs; run += 1) {
  // Alternated, so a change in the machine's load falls on both.
  for (const variant of ['tsx', 'compiled'] as const) {
    const sample = await once(variant);
    samples[variant].push(sample);
    console.error(`${variant} run ${run + 1}: ready in ${sample.readyMs} ms, RSS MiB ${JSON.stringify(sample.rssMiB)}`);
  }
}
for (const variant of ['tsx', 'compiled'] as const) {
  const list = samples[variant];
  const rss = Object.fromEntries(
    (['supervisor', 'sandbox', 'writer', 'api'] as const).map((role) => [
      role,
      median(list.map((sample) => sample.rssMiB[role])),
    ]),
  );
  console.log(
    `${variant.padEnd(8)} median of ${list.length}: ready ` +
      `${median(list.map((sample) => sample.readyMs))} ms; RSS MiB ` +
      `${JSON.stringify(rss)}`,
  );
}
