// `tsx bench/memory.ts`: where each process's memory goes at national scale. The system as `npm start` runs it
// (compiled, SANDBOX_CENTRES_PER_DEPARTMENT=100, latency 50 ms, the sandbox in its own process), through a first
// cycle, a steady cycle and a rush of 10,000 connections during a full cycle: per role and phase, the peak RSS
// sampled from /proc every 250 ms, and the peaks of what each process reports of itself every few seconds
// (heap used and reserved, external, array buffers; the live heap after a full GC, as the processes run
// with --expose-gc here). BENCH_MEMORY_OUT=file.json keeps the figures.
import fs from 'node:fs';
import { loadConfig } from '../src/config.js';
import { implementedPlatforms } from '../src/scrapers/registry.js';
import { BenchSystem } from './harness/system.js';
import { ensureTools } from './harness/tools.js';
import { measureCycle, rushBench } from './national.js';

const env = {
  SANDBOX_CENTRES_PER_DEPARTMENT: process.env.BENCH_CENTRES_PER_DEPARTMENT ?? '100',
  SANDBOX_LATENCY_MS: process.env.BENCH_LATENCY_MS ?? '50',
  API_PROCESSES: process.env.API_PROCESSES ?? '2',
  MEMORY_REPORT_SECONDS: '2',
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --expose-gc`.trim(),
};
const rushSeconds = Number(process.env.BENCH_RUSH_SECONDS ?? 15);
const phases = (process.env.BENCH_MEMORY_PHASES ?? 'first,steady,rush').split(',');

type Peaks = Record<string, Record<string, number>>;

/** Per role, the largest of each figure the processes reported in their `memory` events from index `from`. */
function reportedPeaks(system: BenchSystem, from: number): Peaks {
  const peaks: Peaks = {};
  for (const event of system.events.slice(from)) {
    if (event.msg !== 'memory') continue;
    const role = String(event.role);
    const own = peaks[role] ?? {};
    peaks[role] = own;
    for (const [figure, value] of Object.entries(event.memory as Record<string, number>))
      own[figure] = Math.max(own[figure] ?? 0, value);
  }
  return peaks;
}

async function main(): Promise<void> {
  ensureTools();
  const config = loadConfig({ ...process.env, ...env, MODE: 'sandbox' }, implementedPlatforms());
  const platforms = implementedPlatforms().filter((platform) => config.platforms[platform].enabled);
  const started = Date.now();
  const system = await BenchSystem.start(env);
  const result: Record<
    string,
    { seconds: number; writerCpuSeconds?: number; rss: Record<string, number>; reported: Peaks }
  > = {};
  const phase = async (name: string, run: () => Promise<unknown>) => {
    const from = system.events.length;
    const began = Date.now();
    const cpu = system.writerCpuSeconds();
    await run();
    result[name] = {
      seconds: Math.round((Date.now() - began) / 1000),
      writerCpuSeconds: Math.round(system.writerCpuSeconds() - cpu),
      rss: system.peakMemory(true),
      reported: reportedPeaks(system, from),
    };
    process.stdout.write(`${name}: ${JSON.stringify(result[name])}\n`);
  };
  try {
    result.start = { seconds: Math.round((Date.now() - started) / 1000), rss: system.peakMemory(true), reported: {} };
    await phase('first', () => measureCycle(system, config, platforms, 0, {}, true, 900_000));
    let steadyBegan = Date.now();
    let steadyEnded = Date.now();
    if (phases.includes('steady'))
      await phase('steady', async () => {
        const from = system.events.length;
        const before = await system.sandboxRequests();
        steadyBegan = Date.now();
        await system.runCycle(false);
        await measureCycle(system, config, platforms, from, before, false, 900_000);
        steadyEnded = Date.now();
      });
    if (phases.includes('rush'))
      await phase('rush', async () => {
        const rush = await rushBench(system, config, platforms, rushSeconds, steadyBegan, steadyEnded);
        process.stdout.write(`rush: ${JSON.stringify(rush.load)}\n`);
      });
  } finally {
    await system.stop();
  }
  if (process.env.BENCH_MEMORY_OUT) fs.writeFileSync(process.env.BENCH_MEMORY_OUT, JSON.stringify(result, null, 2));
  process.stdout.write('\n| phase | s | supervisor | writer | api | sandbox |\n|---|---|---|---|---|---|\n');
  const roles = ['supervisor', 'writer', 'api', 'sandbox'];
  for (const [name, row] of Object.entries(result))
    process.stdout.write(`| ${name} | ${row.seconds} | ${roles.map((role) => row.rss[role] ?? '-').join(' | ')} |\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
