// CPU per request of a first cycle (discovery + scan), the writer side and the sandbox side apart (issue 9):
// the sandbox in its own process, as `start` runs it, and every platform's pipeline in this one, one platform
// after another, writing to a fresh SQLite file. Wall time here says little (no latency, a shared machine);
// CPU time per request is the figure to compare between two versions of the code.
// Run: CENTRES=20 npx tsx bench/scan-cpu.ts   (PROFILE=dir adds --cpu-prof to the sandbox; run this script
// itself as `node --cpu-prof --import tsx bench/scan-cpu.ts` for the writer's profile)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { discoverPlatform, scanPlatform } from '../src/aggregator/ingest/pipeline.js';
import { Store } from '../src/aggregator/store/store.js';
import { implementedPlatforms } from '../src/scrapers/registry.js';
import { enabledPlatforms, startScraping } from '../src/system.js';

const CENTRES = process.env.CENTRES ?? '20';
const LATENCY = process.env.LATENCY ?? '0';
const PROFILE = process.env.PROFILE;
const ONLY = process.env.PLATFORMS?.split(',');

/** CPU milliseconds (user + system) a process has used, from /proc (Linux). */
function processCpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

/** Peak resident memory of a process in MiB (VmHWM, Linux). */
function peakRssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
  return kib / 1024;
}

function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

async function startSandboxProcess(env: NodeJS.ProcessEnv): Promise<{ pid: number; urls: string; stop(): void }> {
  const entry = path.resolve(import.meta.dirname, '../src/cli.ts');
  const profile = PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`] : [];
  const child = spawn('node', [...profile, '--import', 'tsx', entry, 'sandbox'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const urls = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /SANDBOX_BASE_URLS='([^']+)'/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited (${code}) before listening`)));
  });
  return { pid: child.pid!, urls, stop: () => child.kill('SIGTERM') };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-cpu-'));
  const base = {
    ...process.env,
    MODE: 'sandbox',
    LOG_LEVEL: 'silent',
    SANDBOX_CENTRES_PER_DEPARTMENT: CENTRES,
    SANDBOX_LATENCY_MS: LATENCY,
    DATABASE_PATH: path.join(dir, 'slots.sqlite'),
  };
  const sandbox = await startSandboxProcess(base);
  const config = loadConfig({ ...base, SANDBOX_BASE_URLS: sandbox.urls }, implementedPlatforms());
  const scraping = await startScraping({ config, log: silentLogger });
  const store = new Store(config.databasePath);
  const rows: string[] = [];
  const totals = { requests: 0, writer: 0, sandbox: 0, wall: 0 };
  const peaks = { sandbox: Number.NaN, writer: Number.NaN };
  try {
    for (const platform of enabledPlatforms(config)) {
      if (ONLY && !ONLY.includes(platform)) continue;
      const adapter = scraping.adapters.get(platform)!;
      const context = scraping.contexts.get(platform)!;
      const client = scraping.clients.get(platform)!;
      const attemptsBefore = client.stats.attempts;
      const retriesBefore = client.stats.retries;
      const writerBefore = ownCpuMs();
      const sandboxBefore = processCpuMs(sandbox.pid);
      const began = performance.now();
      const discovery = await discoverPlatform(adapter, store, context);
      const discovered = performance.now() - began;
      const centres = store.centresToScan(platform, discovery.startedAt);
      const scan = await scanPlatform(adapter, centres, store, context, {
        horizonDays: config.horizonDays,
        concurrency: config.platforms[platform].concurrency,
      });
      const wall = performance.now() - began;
      const writer = ownCpuMs() - writerBefore;
      const served = processCpuMs(sandbox.pid) - sandboxBefore;
      const requests = client.stats.attempts - attemptsBefore;
      const retries = client.stats.retries - retriesBefore;
      totals.requests += requests;
      totals.writer += writer;
      totals.sandbox += served;
      totals.wall += wall;
      rows.push(
        `| ${platform} | ${discovery.centres} | ${scan.slots} | ${scan.issues} | ${requests} | ${retries} | ` +
          `${(requests / Math.max(1, discovery.centres)).toFixed(1)} | ${(writer / requests).toFixed(2)} | ` +
          `${(served / requests).toFixed(2)} | ${(discovered / 1000).toFixed(1)} | ${(wall / 1000).toFixed(1)} |`,
      );
    }
  } finally {
    peaks.sandbox = peakRssMiB(sandbox.pid);
    peaks.writer = peakRssMiB(process.pid);
    store.close();
    sandbox.stop();
  }
  console.log(`world: ${CENTRES} centres per department, sandbox latency ${LATENCY} ms, node ${process.version}\n`);
  console.log(
    '| platform | centres | slots | issues | requests | retries | req/centre | writer ms/req | sandbox ms/req | ' +
      'discovery s | s |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  console.log(
    `| all | | | | ${totals.requests} | | | ${(totals.writer / totals.requests).toFixed(2)} | ` +
      `${(totals.sandbox / totals.requests).toFixed(2)} | | ${(totals.wall / 1000).toFixed(1)} |`,
  );
  console.log(`\npeak RSS: sandbox ${peaks.sandbox.toFixed(0)} MiB, writer ${peaks.writer.toFixed(0)} MiB`);
  fs.rmSync(dir, { recursive: true, force: true });
}

await main();
