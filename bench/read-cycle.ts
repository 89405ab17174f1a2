// Read-side benchmark of a national scan cycle (issue 9): what an API process's read model spends following a
// writer that re-scans centres at the national cycle's rate. A SQLite file holds 10,000 centres x 80 slots in
// 101 departments; a writer process replays scans (a few slots changed each, one of them a marker slot unique
// to the scan and soonest of its centre); this process follows with a ReadModel polling every 200 ms, as an
// API process does, and reports its CPU per wall second, its rebuilds per second and freshness: the time from
// a scan's commit (in the writer) until preparedAnswer() of its department shows the scan's marker.
//   npx tsx bench/read-cycle.ts [scansPerSecond=100] [seconds=30] [centres=10000] [slotsPerCentre=80]
// BENCH_VIRTUAL=1: one process, the scans and the polls replayed in virtual time (a poll every 200 ms of it, each
// followed by the background's pass), so the read model's CPU per second of the cycle does not depend on how
// loaded the machine is; freshness is then in virtual time (the poll and the intervals, not the build).
// BENCH_READ_OPTIONS='{"departmentIntervalMs":0}' passes ReadModel options (to compare settings in one build).
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ReadModel, type ReadModelOptions } from '../src/aggregator/read/read-model.js';
import { Store } from '../src/aggregator/store/store.js';
import { ManualClock } from '../src/clock.js';
import type { Slot } from '../src/domain.js';
import { randomFor } from '../src/sandbox/random.js';
import { centreOf, slotsOf } from './read-side.js';

const START = new Date('2026-03-02T07:00:00Z');
const FRESHNESS_LIMIT_MS = 24 * 3_600_000;
/** Markers are one second apart from START + 5 min, before any regular slot (START + 1 h at the earliest). */
const MARKERS = 3_000;

interface ScanMessage {
  readonly department: string;
  readonly marker: string;
  readonly committedAt: number;
}

function markerInstant(k: number): Date {
  return new Date(START.getTime() + 5 * 60_000 + (k % MARKERS) * 1_000);
}

/** A scan of centre i: its usual slots with a few moved, and the marker slot first. */
function scanSlots(i: number, slotsPerCentre: number, k: number, random: () => number): Slot[] {
  const slots = slotsOf(i, slotsPerCentre);
  for (let n = 0; n < 3; n += 1) {
    const at = Math.floor(random() * slots.length);
    slots[at] = { ...slots[at]!, start: new Date(slots[at]!.start.getTime() + 5 * 60_000 * (1 + n)) };
  }
  return [{ start: markerInstant(k), vaccine: 'Moderna', doses: [1], motive: 'marker' }, ...slots];
}

/** A filled file for these sizes, made once and copied for each run (filling takes a while). */
function worldFile(centres: number, slotsPerCentre: number): string {
  const template = path.join(os.tmpdir(), `slots-read-cycle-${centres}x${slotsPerCentre}.sqlite`);
  if (!fs.existsSync(template)) {
    const partial = `${template}.partial`;
    fs.rmSync(partial, { force: true });
    const store = new Store(partial);
    const list = Array.from({ length: centres }, (_, i) => centreOf(i));
    store.upsertCentres(list, START.getTime());
    for (let i = 0; i < centres; i += 1)
      store.recordScan(list[i]!, { kind: 'slots', slots: slotsOf(i, slotsPerCentre) }, START.getTime(), 1);
    store.close();
    fs.renameSync(partial, template);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slots-read-cycle-'));
  fs.copyFileSync(template, path.join(dir, 'slots.sqlite'));
  return path.join(dir, 'slots.sqlite');
}

/** The writer process: scans at the given rate, telling the parent what each commit marks. */
async function writer(file: string, rate: number, seconds: number, centres: number, slotsPerCentre: number) {
  const store = new Store(file);
  const random = randomFor('read-cycle', 'writer');
  const list = Array.from({ length: centres }, (_, i) => centreOf(i));
  process.send!({ ready: true });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  const started = performance.now();
  for (let k = 0; k < rate * seconds; k += 1) {
    const due = started + (k * 1_000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const i = Math.floor(random() * centres);
    store.recordScan(
      list[i]!,
      { kind: 'slots', slots: scanSlots(i, slotsPerCentre, k, random) },
      START.getTime() - 60_000,
      1,
    );
    const message: ScanMessage = {
      department: list[i]!.department!,
      marker: parisMarker(k),
      committedAt: Date.now(),
    };
    process.send!(message);
  }
  store.close();
  process.send!({ done: true });
  process.disconnect();
}

/** The marker as the department answer writes it (Paris time, UTC+1 in March before the change). */
function parisMarker(k: number): string {
  const instant = new Date(markerInstant(k).getTime() + 3_600_000);
  return `"${instant.toISOString().slice(0, 19)}+01:00"`;
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export interface ReadCycleResult {
  readonly options: ReadModelOptions;
  readonly scans: number;
  readonly wallSeconds: number;
  /** This process's CPU (user + system) per wall second, the freshness checker's own time taken out. */
  readonly cpuMsPerSecond: number;
  readonly departmentBuildsPerSecond: number;
  readonly departmentMsPerSecond: number;
  readonly nationalBuildsPerSecond: number;
  readonly nationalMsPerSecond: number;
  readonly extra: Record<string, number>;
  readonly freshnessMs: { p50: number; p95: number; max: number; seen: number; unseen: number };
  readonly initialBuildMs: number;
}

export async function run(
  rate = 100,
  seconds = 30,
  centres = 10_000,
  slotsPerCentre = 80,
  options: ReadModelOptions = {},
): Promise<ReadCycleResult> {
  const file = worldFile(centres, slotsPerCentre);
  try {
    const store = new Store(file);
    const clock = new ManualClock(START);
    let started = performance.now();
    const model = new ReadModel(store, clock, FRESHNESS_LIMIT_MS, { ...options, pollMs: 0 });
    model.settle();
    const initialBuildMs = Math.round(performance.now() - started);
    // Let any background work of the first build finish before measuring.
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    const child = fork(new URL(import.meta.url).pathname, ['--writer', file, String(rate), String(seconds)], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, BENCH_CENTRES: String(centres), BENCH_SLOTS: String(slotsPerCentre) },
    });
    await new Promise<void>((resolve) => child.once('message', () => resolve()));

    const pending = new Map<string, Array<{ marker: string; committedAt: number }>>();
    const freshness: number[] = [];
    const lastSeen = new Map<string, unknown>();
    let checkerMs = 0;
    let scans = 0;
    const done = new Promise<void>((resolve) =>
      child.on('message', (message: ScanMessage | { done: true }) => {
        if ('done' in message) return resolve();
        scans += 1;
        const list = pending.get(message.department) ?? [];
        list.push({ marker: message.marker, committedAt: message.committedAt });
        pending.set(message.department, list);
      }),
    );
    const check = () => {
      const begun = performance.now();
      checkFreshness(model, pending, lastSeen, freshness, Date.now());
      checkerMs += performance.now() - begun;
    };
    const checker = setInterval(check, 10);

    const work0 = { ...model.work };
    const cpu0 = process.cpuUsage();
    started = performance.now();
    model.start(200);
    child.send('go');
    await done;
    // Until the last scans could show (a few polls and intervals).
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const wallSeconds = (performance.now() - started) / 1_000;
    const cpu = process.cpuUsage(cpu0);
    clearInterval(checker);
    model.stop();
    store.close();

    const cpuMs = (cpu.user + cpu.system) / 1_000 - checkerMs;
    return summary(options, scans, wallSeconds, cpuMs, model, work0, freshness, pending, initialBuildMs);
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

/** The cycle in virtual time, in one process: the writer's CPU is measured apart and taken out. */
export async function runVirtual(
  rate = 100,
  seconds = 30,
  centres = 10_000,
  slotsPerCentre = 80,
  options: ReadModelOptions = {},
): Promise<ReadCycleResult> {
  const file = worldFile(centres, slotsPerCentre);
  try {
    const store = new Store(file);
    const clock = new ManualClock(START);
    // Virtual time: a pass takes none of it (so the national answers' adaptive wait is not exercised here).
    let virtual = 0;
    const elapsed = () => virtual;
    const model = new ReadModel(store, clock, FRESHNESS_LIMIT_MS, { ...options, pollMs: 0, elapsed });
    const begun = performance.now();
    model.settle();
    const initialBuildMs = Math.round(performance.now() - begun);
    // Absent from builds before recompression (to run this bench on them).
    const recompress = () => (model as { recompressQuiet?: () => Promise<number> }).recompressQuiet?.();
    await recompress();
    const background = model as unknown as { rebuildPending(budget: number, force: boolean): void };

    const random = randomFor('read-cycle', 'writer');
    const list = Array.from({ length: centres }, (_, i) => centreOf(i));
    const pending = new Map<string, Array<{ marker: string; committedAt: number }>>();
    const freshness: number[] = [];
    const lastSeen = new Map<string, unknown>();
    const work0 = { ...model.work };
    let writerMicros = 0;
    let checkerMicros = 0;
    const cpu0 = process.cpuUsage();
    const perPoll = (rate * 200) / 1_000;
    let k = 0;
    for (let poll = 1; poll <= (seconds * 1_000) / 200 + 15; poll += 1) {
      let mark = process.cpuUsage();
      for (let j = 0; j < perPoll && k < rate * seconds; j += 1, k += 1) {
        const i = Math.floor(random() * centres);
        const slots = scanSlots(i, slotsPerCentre, k, random);
        store.recordScan(list[i]!, { kind: 'slots', slots }, START.getTime(), 1);
        const department = list[i]!.department!;
        const entries = pending.get(department) ?? [];
        entries.push({ marker: parisMarker(k), committedAt: (poll - 1) * 200 + (j * 200) / perPoll });
        pending.set(department, entries);
      }
      writerMicros += cpuMicros(process.cpuUsage(mark));
      virtual = poll * 200;
      model.refresh();
      background.rebuildPending(Number.POSITIVE_INFINITY, false);
      // Wake-ups due within this poll period run before the next poll, as the wake timer would have them.
      for (let step = 20; step < 200; step += 20) {
        virtual = poll * 200 + step;
        background.rebuildPending(Number.POSITIVE_INFINITY, false);
        mark = process.cpuUsage();
        checkFreshness(model, pending, lastSeen, freshness, virtual);
        checkerMicros += cpuMicros(process.cpuUsage(mark));
      }
      await recompress();
    }
    const cpu = cpuMicros(process.cpuUsage(cpu0)) - writerMicros - checkerMicros;
    model.stop();
    store.close();
    const wallSeconds = seconds + 3;
    return summary(options, k, wallSeconds, cpu / 1_000, model, work0, freshness, pending, initialBuildMs);
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

function cpuMicros(usage: NodeJS.CpuUsage): number {
  return usage.user + usage.system;
}

function checkFreshness(
  model: ReadModel,
  pending: Map<string, Array<{ marker: string; committedAt: number }>>,
  lastSeen: Map<string, unknown>,
  freshness: number[],
  now: number,
): void {
  for (const [department, list] of pending) {
    if (list.length === 0) continue;
    const answer = model.preparedAnswer(`/api/v1/departments/${department}/centers`);
    if (!answer || lastSeen.get(department) === answer) continue;
    lastSeen.set(department, answer);
    const body = answer.body.toString('latin1');
    pending.set(
      department,
      list.filter((entry) => {
        if (!body.includes(entry.marker)) return true;
        freshness.push(Math.round(now - entry.committedAt));
        return false;
      }),
    );
  }
}

function summary(
  options: ReadModelOptions,
  scans: number,
  wallSeconds: number,
  cpuMs: number,
  model: ReadModel,
  work0: object,
  freshness: number[],
  pending: Map<string, unknown[]>,
  initialBuildMs: number,
): ReadCycleResult {
  const work = model.work as unknown as Record<string, number>;
  const base = work0 as Record<string, number>;
  const perSecond = (key: string) => Math.round(((work[key]! - base[key]!) / wallSeconds) * 10) / 10;
  const extra: Record<string, number> = {};
  for (const key of Object.keys(work))
    if (!['departmentBuilds', 'departmentMs', 'nationalBuilds', 'nationalMs'].includes(key))
      extra[`${key}PerSecond`] = perSecond(key);
  return {
    options,
    scans,
    wallSeconds: Math.round(wallSeconds * 10) / 10,
    cpuMsPerSecond: Math.round(cpuMs / wallSeconds),
    departmentBuildsPerSecond: perSecond('departmentBuilds'),
    departmentMsPerSecond: perSecond('departmentMs'),
    nationalBuildsPerSecond: perSecond('nationalBuilds'),
    nationalMsPerSecond: perSecond('nationalMs'),
    extra,
    freshnessMs: {
      p50: percentile(freshness, 50),
      p95: percentile(freshness, 95),
      max: percentile(freshness, 100),
      seen: freshness.length,
      unseen: [...pending.values()].reduce((sum, list) => sum + list.length, 0),
    },
    initialBuildMs,
  };
}

if (process.argv[2] === '--writer') {
  const [file, rate, seconds] = process.argv.slice(3);
  await writer(
    file!,
    Number(rate),
    Number(seconds),
    Number(process.env.BENCH_CENTRES),
    Number(process.env.BENCH_SLOTS),
  );
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const [rate, seconds, centres, slots] = process.argv.slice(2).map(Number);
  const options = JSON.parse(process.env.BENCH_READ_OPTIONS ?? '{}') as ReadModelOptions;
  const runner = process.env.BENCH_VIRTUAL === '1' ? runVirtual : run;
  console.log(
    JSON.stringify(await runner(rate || 100, seconds || 30, centres || 10_000, slots || 80, options), null, 2),
  );
}
