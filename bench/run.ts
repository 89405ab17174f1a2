// `npm run bench [-- name...]`: the national-scale benchmarks of issue 9, each bounded in time, with real
// tools (wrk, nginx) on loopback, and the system as `npm start` runs it (its sandbox in its own process).
// Appends its tables to bench/RESULTS.md with the machine, the Node version, the date and the world's size.
// Names: cycle, read, rush, freshness, memory, growth, ingest, unchanged-rescan, ghosts (all by default).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { implementedPlatforms } from '../src/scrapers/registry.js';
import { BenchSystem } from './harness/system.js';
import { ensureTools } from './harness/tools.js';
import { freshnessBench, measureCycle, readBench, rushBench, type CycleResult } from './national.js';

const ALL = ['cycle', 'read', 'rush', 'freshness', 'memory', 'growth', 'ingest', 'unchanged-rescan', 'ghosts'] as const;
type Name = (typeof ALL)[number];

const settings = {
  perDepartment: process.env.BENCH_CENTRES_PER_DEPARTMENT ?? '100',
  latencyMs: process.env.BENCH_LATENCY_MS ?? '50',
  apiProcesses: process.env.API_PROCESSES ?? String(os.availableParallelism()),
  readSeconds: Number(process.env.BENCH_READ_SECONDS ?? 5),
  readRuns: Number(process.env.BENCH_READ_RUNS ?? 3),
  rushSeconds: Number(process.env.BENCH_RUSH_SECONDS ?? 30),
  growth: (process.env.BENCH_GROWTH ?? '10,30,100,200').split(',').map(Number),
  cycleTimeoutMs: Number(process.env.BENCH_CYCLE_TIMEOUT_S ?? 900) * 1000,
  /** The scrapers' HTTP timeout, when the sandbox's whole-platform lists take longer than the default. */
  httpTimeoutMs: process.env.BENCH_HTTP_TIMEOUT_MS,
};
const extraEnv: Record<string, string> = settings.httpTimeoutMs ? { HTTP_TIMEOUT_MS: settings.httpTimeoutMs } : {};

const report: string[] = [];
const out = (line = '') => {
  report.push(line);
  process.stdout.write(`${line}\n`);
};

function cycleTable(title: string, cycle: CycleResult): void {
  out(`${title}: ${cycle.seconds} s for the whole cycle`);
  out();
  out('| platform | centres | requests | s | efficiency | issues | note |');
  out('|---|---|---|---|---|---|---|');
  for (const row of cycle.platforms)
    out(
      `| ${row.platform} | ${row.centres} | ${row.requests} | ` +
        `${row.seconds.toFixed(1)} | ${row.efficiency} | ${row.issues} | ` +
        `${row.note ?? ''} |`,
    );
  out();
}

/**
 * Where the machine's CPU went during a cycle, by process: on a machine shared by the system and the sandbox,
 * this is what bounds a cycle that the platforms' settings would let run faster.
 */
function cpuTable(cycle: CycleResult, seconds: Record<string, number>, span: string): void {
  const capacity = cycle.seconds * os.availableParallelism();
  const used = Object.values(seconds).reduce((sum, value) => sum + value, 0);
  const shares = Object.entries(seconds)
    .sort((a, b) => b[1] - a[1])
    .map(([role, value]) => `${role} ${value.toFixed(1)} s`)
    .join(', ');
  out(
    `CPU ${span}: ${shares}; together ${used.toFixed(1)} of the ${capacity.toFixed(0)} core-seconds the cycle ` +
      `lasted (${Math.round((100 * used) / capacity)}%)`,
  );
  out();
}

function subtract(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([role, value]) => [role, value - (before[role] ?? 0)]));
}

async function national(names: ReadonlySet<Name>): Promise<void> {
  const env = {
    SANDBOX_CENTRES_PER_DEPARTMENT: settings.perDepartment,
    SANDBOX_LATENCY_MS: settings.latencyMs,
    API_PROCESSES: settings.apiProcesses,
    ...extraEnv,
  };
  const config = loadConfig({ ...process.env, ...env, MODE: 'sandbox' }, implementedPlatforms());
  const platforms = implementedPlatforms().filter((platform) => config.platforms[platform].enabled);
  const system = await BenchSystem.start(env);
  const memory: Record<string, Record<string, number>> = {};
  try {
    const first = await measureCycle(system, config, platforms, 0, {}, true, settings.cycleTimeoutMs);
    const cpuAfterFirst = system.cpuSecondsByRole();
    memory['first cycle'] = system.peakMemory(true);
    const steadyFrom = system.events.length;
    const steadyBegan = Date.now();
    const before = await system.sandboxRequests();
    const seqBefore = lastChange(system);
    await system.runCycle(false);
    const steady = await measureCycle(system, config, platforms, steadyFrom, before, false, settings.cycleTimeoutMs);
    const steadyEnded = Date.now();
    const cpuAfterSteady = system.cpuSecondsByRole();
    memory['steady cycle'] = system.peakMemory(true);
    if (names.has('unchanged-rescan')) {
      const written = slotWritesSince(system, seqBefore);
      // Not a strict zero: the sandbox's world books and releases slots as its clock runs (world.ts isFree),
      // rush or not. The ingest benchmark re-scans identical answers for the strict case.
      out('### unchanged re-scan: slot rows the steady cycle wrote (the world moved only with its own bookings)');
      out();
      out(
        `${written.total} slot rows written over ${steady.platforms.reduce((sum, row) => sum + row.centres, 0)} ` +
          `centres re-scanned; ${written.started} of them slots whose start had passed (gone with time), ` +
          `${written.total - written.started} others (target 0)`,
      );
      out();
    }
    if (names.has('cycle')) {
      out(
        `### cycle (rate limit ` +
          `${config.platforms.doctolib.requestsPerSecond}/s per platform, ` +
          `concurrency ${config.platforms.doctolib.concurrency}, sandbox latency ` +
          `${config.sandbox.latencyMs} ms)`,
      );
      out();
      cycleTable('first cycle (discovery + scan)', first);
      cpuTable(first, cpuAfterFirst, 'from the start to its end (the start included)');
      cycleTable('steady cycle (scan)', steady);
      cpuTable(steady, subtract(cpuAfterSteady, cpuAfterFirst), 'between the end of the first cycle and its end');
    }
    if (names.has('freshness')) {
      const freshness = await freshnessBench(system, platforms.length, settings.cycleTimeoutMs);
      out(`### freshness: scan commit -> an API process answers with it (department 75, a steady cycle)`);
      out();
      out(`${freshness.samples} scans: p50 ${freshness.p50Ms} ms, p95 ${freshness.p95Ms} ms (target p95 < 1,000 ms)`);
      out();
      memory['freshness cycle'] = system.peakMemory(true);
    }
    if (names.has('read')) {
      const rows = await readBench(system, Number(settings.apiProcesses), settings.readRuns, settings.readSeconds);
      out(
        `### read: 256 connections, ${settings.readSeconds} s per run, median ` +
          `of ${settings.readRuns}; nginx with ${settings.apiProcesses} workers ` +
          `and gzip_static`,
      );
      out();
      out('| answer | bytes | API req/s | p50 ms | p99 ms | nginx req/s | p50 ms | p99 ms | ratio |');
      out('|---|---|---|---|---|---|---|---|---|');
      for (const row of rows)
        out(
          `| ${row.case} | ${row.bytes} | ${row.api.requestsPerSecond} | ` +
            `${row.api.p50Ms} | ${row.api.p99Ms} | ${row.nginx.requestsPerSecond} ` +
            `| ${row.nginx.p50Ms} | ${row.nginx.p99Ms} | ${row.ratio} |`,
        );
      out();
      memory.read = system.peakMemory(true);
    }
    if (names.has('rush')) {
      const rush = await rushBench(system, config, platforms, settings.rushSeconds, steadyBegan, steadyEnded);
      const { errors } = rush.load;
      out(`### rush: 10,000 connections for ${settings.rushSeconds} s (gzip, department 75) while a full cycle runs`);
      out();
      out(
        `${rush.load.requests} answers, ${rush.load.requestsPerSecond} req/s, ` +
          `p50 ${rush.load.p50Ms} ms, p99 ${rush.load.p99Ms} ms; errors: connect ` +
          `${errors.connect}, read ${errors.read}, write ${errors.write}, ` +
          `timeout ${errors.timeout}, non-2xx ${errors.non2xx}`,
      );
      out(
        `issues of the cycle under the rush: ${JSON.stringify(rush.issues)}; ` +
          `of the steady cycle before it: ${JSON.stringify(rush.baselineIssues)}`,
      );
      out();
      cycleTable('the cycle under the rush', rush.cycle);
      memory.rush = system.peakMemory(true);
    }
    if (names.has('memory')) {
      out('### memory: peak RSS (MiB) per process role (largest API process), per phase; the sandbox apart');
      out();
      const roles = ['supervisor', 'writer', 'api', 'sandbox'];
      out(`| phase | ${roles.join(' | ')} |`);
      out(`|---|${roles.map(() => '---').join('|')}|`);
      for (const [phase, peaks] of Object.entries(memory))
        out(`| ${phase} | ${roles.map((role) => peaks[role] ?? '-').join(' | ')} |`);
      out();
    }
  } finally {
    await system.stop();
  }
}

function lastChange(system: BenchSystem): number {
  const db = system.database();
  try {
    return (db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM change_log').get() as { seq: number }).seq;
  } finally {
    db.close();
  }
}

/** Every slot row written is one change-log event (ingest/writes.ts), so the log counts them. */
function slotWritesSince(system: BenchSystem, seq: number): { total: number; started: number } {
  const db = system.database();
  try {
    return db
      .prepare(
        "SELECT count(*) AS total, coalesce(sum(kind = 'slot-gone' AND start_at <= at), 0) AS started " +
          'FROM change_log_slots WHERE seq > ?',
      )
      .get(seq) as { total: number; started: number };
  } finally {
    db.close();
  }
}

async function growth(): Promise<void> {
  out('### growth: the writer over a first and a steady cycle, sandbox latency 0, one API process');
  out();
  out(
    '| per department | centres | first cycle s | writer CPU s (first) | ' +
      'writer CPU s (steady) | peak RSS MiB writer / api |',
  );
  out('|---|---|---|---|---|---|');
  for (const perDepartment of settings.growth) {
    const env = {
      SANDBOX_CENTRES_PER_DEPARTMENT: String(perDepartment),
      SANDBOX_LATENCY_MS: '0',
      API_PROCESSES: '1',
      ...extraEnv,
    };
    const config = loadConfig({ ...process.env, ...env, MODE: 'sandbox' }, implementedPlatforms());
    const platforms = implementedPlatforms().filter((platform) => config.platforms[platform].enabled);
    const system = await BenchSystem.start(env);
    try {
      const first = await measureCycle(system, config, platforms, 0, {}, true, settings.cycleTimeoutMs);
      const cpuFirst = system.writerCpuSeconds();
      const from = system.events.length;
      await system.runCycle(false);
      await system.cycleDone(platforms, from, settings.cycleTimeoutMs);
      const cpuSteady = system.writerCpuSeconds() - cpuFirst;
      const peaks = system.peakMemory();
      const centres = first.platforms.reduce((sum, row) => sum + row.centres, 0);
      out(
        `| ${perDepartment} | ${centres} | ${first.seconds} | ` +
          `${cpuFirst.toFixed(1)} | ${cpuSteady.toFixed(1)} | ` +
          `${peaks.writer ?? '-'} / ${peaks.api ?? '-'} |`,
      );
    } finally {
      await system.stop();
    }
  }
  out();
}

/** The ingest benchmarks are standalone scripts exporting `run()`; they join the run when present. */
async function standalone(name: 'ingest' | 'ghosts'): Promise<void> {
  const file = path.join(path.dirname(new URL(import.meta.url).pathname), `${name}.ts`);
  if (!fs.existsSync(file)) {
    out(`### ${name}: not in this build (bench/${name}.ts)`);
    out();
    return;
  }
  const module = (await import(file)) as { run?: () => Promise<unknown> };
  const result = await module.run?.();
  out(`### ${name}`);
  out();
  out(typeof result === 'string' ? result : `\`\`\`\n${JSON.stringify(result, null, 2)}\n\`\`\``);
  out();
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2).filter((arg) => arg !== '--');
  const unknown = asked.filter((name) => !(ALL as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')} (known: ${ALL.join(', ')})`);
  const names = new Set<Name>(asked.length > 0 ? (asked as Name[]) : ALL);
  ensureTools();
  out(`## National scale — \`npm run bench${asked.length ? ` -- ${asked.join(' ')}` : ''}\``);
  out();
  out(
    `${new Date().toISOString()}, ${os.availableParallelism()} CPUs ` +
      `(${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, world ` +
      `SANDBOX_CENTRES_PER_DEPARTMENT=${settings.perDepartment}, ` +
      `SANDBOX_LATENCY_MS=${settings.latencyMs}, ` +
      `API_PROCESSES=${settings.apiProcesses}` +
      `${settings.httpTimeoutMs ? `, HTTP_TIMEOUT_MS=${settings.httpTimeoutMs}` : ''}, ` +
      `load average ${os.loadavg()[0]!.toFixed(1)} at start`,
  );
  out();
  if (['cycle', 'read', 'rush', 'freshness', 'memory', 'unchanged-rescan'].some((name) => names.has(name as Name)))
    await national(names);
  if (names.has('ingest')) await standalone('ingest');
  if (names.has('ghosts')) await standalone('ghosts');
  if (names.has('growth')) await growth();
  // BENCH_RESULTS names another file for trial runs.
  fs.appendFileSync(
    process.env.BENCH_RESULTS ?? path.join(path.dirname(new URL(import.meta.url).pathname), 'RESULTS.md'),
    `\n${report.join('\n')}\n`,
  );
}

await main();
