// Shared by the benchmarks: the whole system over the sandbox's default world, on loopback, with its clock
// fixed at a weekday morning so that every run measures the same world.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ManualClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { implementedPlatforms } from '../src/scrapers/registry.js';
import { startSystem, type RunningSystem } from '../src/system.js';

export const BENCH_START = new Date('2026-03-02T07:30:00Z');

export async function startBenchSystem(
  env: Record<string, string> = {},
): Promise<{ system: RunningSystem; clock: ManualClock; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slots-bench-'));
  // One loopback client plays a crowd here, so the per-client rate limit is off.
  const config = loadConfig(
    {
      DATABASE_PATH: path.join(dir, 'slots.sqlite'),
      PORT: '0',
      LOG_LEVEL: 'silent',
      RATE_LIMIT_PER_MINUTE: '0',
      MAX_CONNECTIONS_PER_CLIENT: '0',
      ...env,
    },
    implementedPlatforms(),
  );
  const clock = new ManualClock(BENCH_START);
  const system = await startSystem({ config, log: silentLogger, clock });
  return { system, clock, dir };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
