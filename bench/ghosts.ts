// `npm run bench -- ghosts` (or `npx tsx bench/ghosts.ts`): ghost slots under a sandbox booking rush, with and
// without the recheck of the soonest slots (issue 13). The whole system runs in this process on a virtual clock
// (a Monday morning): full cycles every 3 minutes (1 minute in a third run), the recheck every 20 s when on.
// Every 10 virtual seconds, 5 s after that step's scans, each department's 10 soonest slots shown by the API are
// checked against the sandbox's truth at that instant (`/__sandbox/truth?at=`). Scans take no virtual time
// here: the ratio between the runs is the finding, the absolute shares are a floor.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManualClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { ghostsAmong, shownSoonest, type DepartmentAnswer, type TruthAnswer } from '../src/sandbox/ghosts.js';
import { createWorld } from '../src/sandbox/world.js';
import { implementedPlatforms } from '../src/scrapers/registry.js';
import { startSystem } from '../src/system.js';

const START = new Date('2026-03-02T08:00:00+01:00');
const STEP_S = 10;

const settings = {
  departments: (process.env.BENCH_GHOST_DEPARTMENTS ?? '13,35,44,59,69,92').split(','),
  centresPerDepartment: Number(process.env.BENCH_GHOST_CENTRES ?? 20),
  minutes: Number(process.env.BENCH_GHOST_MINUTES ?? 9),
  rushPerMinute: Number(process.env.BENCH_GHOST_RUSH ?? 0.05),
};

interface Mode {
  readonly name: string;
  readonly cycleS: number;
  readonly recheckS: number;
}

const MODES: readonly Mode[] = [
  { name: 'full cycle every 3 min, no recheck', cycleS: 180, recheckS: 0 },
  { name: 'full cycle every 3 min + recheck every 20 s', cycleS: 180, recheckS: 20 },
  { name: 'full cycle every 1 min, no recheck', cycleS: 60, recheckS: 0 },
];

interface ModeResult {
  readonly mode: Mode;
  readonly shown: number;
  readonly ghosts: number;
  readonly worstSample: number;
  readonly scans: number;
  readonly requests: number;
  readonly wallSeconds: number;
}

async function runMode(mode: Mode): Promise<ModeResult> {
  const began = performance.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slots-ghosts-'));
  const config = loadConfig(
    {
      DATABASE_PATH: path.join(dir, 'slots.sqlite'),
      PORT: '0',
      LOG_LEVEL: 'silent',
      RATE_LIMIT_PER_MINUTE: '0',
      RECHECK_SECONDS: String(mode.recheckS),
    },
    implementedPlatforms(),
  );
  const clock = new ManualClock(START);
  const world = createWorld({
    seed: 2021,
    centresPerDepartment: settings.centresPerDepartment,
    departments: settings.departments,
    rushPerMinute: settings.rushPerMinute,
    rushSince: START.getTime(),
  });
  const system = await startSystem({ config, log: silentLogger, clock, world });
  const platforms = system.scheduler.platforms();
  const controlUrl = system.scraping.sandbox!.controlUrl;
  let shown = 0;
  let ghosts = 0;
  let worstSample = 0;
  try {
    await Promise.all(platforms.map((platform) => system.scheduler.runCycle(platform, true)));
    for (let t = STEP_S; t <= settings.minutes * 60; t += STEP_S) {
      clock.set(new Date(START.getTime() + t * 1000));
      if (t % mode.cycleS === 0)
        await Promise.all(platforms.map((platform) => system.scheduler.runCycle(platform, false)));
      if (mode.recheckS > 0 && t % mode.recheckS === 0) await system.scheduler.recheck();
      clock.set(new Date(START.getTime() + (t + STEP_S / 2) * 1000));
      const truth = (await (
        await fetch(`${controlUrl}/__sandbox/truth?days=4&at=${clock.now().toISOString()}`)
      ).json()) as TruthAnswer;
      let sampleGhosts = 0;
      let sampleShown = 0;
      for (const department of settings.departments) {
        const answer = (await (
          await fetch(`${system.apiUrl}/api/v1/departments/${department}/centers`)
        ).json()) as DepartmentAnswer;
        const top = shownSoonest(answer, 10);
        sampleShown += top.length;
        sampleGhosts += ghostsAmong(top, truth).length;
      }
      shown += sampleShown;
      ghosts += sampleGhosts;
      worstSample = Math.max(worstSample, sampleShown === 0 ? 0 : sampleGhosts / sampleShown);
    }
    const scans = (system.store.connection.prepare('SELECT count(*) FROM scans').pluck().get() as number) ?? 0;
    const requests = Object.values(system.scraping.sandbox!.requestCounts()).reduce(
      (sum, count) => sum + (count ?? 0),
      0,
    );
    return {
      mode,
      shown,
      ghosts,
      worstSample,
      scans,
      requests,
      wallSeconds: Math.round((performance.now() - began) / 1000),
    };
  } finally {
    await system.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const percent = (value: number) => `${(100 * value).toFixed(1)}%`;

export async function run(): Promise<string> {
  const lines: string[] = [];
  lines.push(
    `${new Date().toISOString()}, ${os.availableParallelism()} CPUs, Node ${process.version}, ` +
      `load average ${os.loadavg()[0]!.toFixed(1)} at start; ` +
      `${settings.departments.length} departments ` +
      `(${settings.departments.join(', ')}) × ` +
      `${settings.centresPerDepartment} centres, ` +
      `rush ${percent(settings.rushPerMinute)} of the soonest slots per ` +
      `minute from ${START.toISOString()} (a Monday, 08:00 Paris), ` +
      `${settings.minutes} virtual minutes, a sample every ${STEP_S} s`,
  );
  lines.push('');
  lines.push(
    '| run | top-10 slots shown | already gone when served | worst sample | scans | sandbox requests | wall s |',
  );
  lines.push('|---|---|---|---|---|---|---|');
  for (const mode of MODES) {
    const result = await runMode(mode);
    lines.push(
      `| ${mode.name} | ${result.shown} | ${result.ghosts} ` +
        `(${percent(result.ghosts / Math.max(1, result.shown))}) | ` +
        `${percent(result.worstSample)} | ${result.scans} | ${result.requests} ` +
        `| ${result.wallSeconds} |`,
    );
    process.stderr.write(`${lines.at(-1)}\n`);
  }
  return lines.join('\n');
}

// Run alone: print the table (bench/run.ts appends it to RESULTS.md when run as a scenario).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${await run()}\n`);
}
