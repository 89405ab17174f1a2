// Read-side benchmark (issue 9): the cost of one centre's change in the read model at growing world sizes,
// and the memory of the read model at national scale. For each size, a store is filled with that many
// centres (about 75 free slots each, as the national sandbox world has), a read model is built, then one
// centre at a time is re-scanned with one slot changed and the model settled: the department's rebuild is
// timed apart from the national answers' assembly (which the background does at most once a second).
//   npx tsx bench/read-side.ts [sizes=1000,3000,10000] [slotsPerCentre=75]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ReadModel } from '../src/aggregator/read/read-model.js';
import { Store } from '../src/aggregator/store/store.js';
import { ManualClock } from '../src/clock.js';
import { DEPARTMENTS } from '../src/departments.js';
import type { Centre, Slot, Vaccine } from '../src/domain.js';
import { median } from './support.js';

export interface ReadSideResult {
  readonly centres: number;
  readonly slots: number;
  /** First build of every answer from the tables. */
  readonly initialBuildMs: number;
  /** Applying one centre's change and rebuilding its department (median of the repetitions). */
  readonly changeMs: number;
  /** Departments rebuilt per change (1 expected). */
  readonly departmentsPerChange: number;
  /** Assembling the national answers from the department parts (median). */
  readonly nationalMs: number;
  /**
   * Resident memory of a reader process (one that only opens the file and builds the model, as an API
   * process does) after the first build and after the changes, and its peak.
   */
  readonly readerRssMiB: number;
  readonly readerPeakRssMiB: number;
  readonly readerHeapUsedMiB: number;
}

const START = new Date('2026-03-02T07:00:00Z');
const VACCINES: Vaccine[] = ['Pfizer-BioNTech', 'Moderna'];

export function centreOf(i: number): Centre {
  const department = DEPARTMENTS[i % DEPARTMENTS.length]!;
  return {
    id: `doctolib${String(i).padStart(6, '0')}`,
    platform: 'doctolib',
    name: `Centre ${i}`,
    kind: 'vaccination-center',
    address: `${i} rue de la Paix`,
    postalCode: null,
    city: null,
    insee: null,
    department: department.code,
    location: { latitude: 46 + (i % 50) / 10, longitude: 2 + (i % 30) / 10 },
    phone: null,
    businessHours: null,
    bookingUrl: `https://example.org/${i}`,
    atlasGid: null,
    scanData: null,
  };
}

export function slotsOf(i: number, count: number, shift = 0): Slot[] {
  return Array.from({ length: count }, (_, k) => ({
    start: new Date(START.getTime() + 3_600_000 + ((i * 7 + k * 37 + shift) % (10 * 24 * 12)) * 5 * 60_000),
    vaccine: VACCINES[k % 2]!,
    doses: [1],
    motive: `m${k % 3}`,
  }));
}

export async function runSize(centres: number, slotsPerCentre = 75, repetitions = 15): Promise<ReadSideResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slots-read-side-'));
  try {
    const store = new Store(path.join(dir, 'slots.sqlite'));
    const clock = new ManualClock(START);
    const list = Array.from({ length: centres }, (_, i) => centreOf(i));
    store.upsertCentres(list, START.getTime());
    for (let i = 0; i < centres; i += 1)
      store.recordScan(list[i]!, { kind: 'slots', slots: slotsOf(i, slotsPerCentre) }, START.getTime(), 1);

    const reader = JSON.parse(
      execFileSync(
        process.execPath,
        [
          '--expose-gc',
          '--import',
          'tsx',
          new URL(import.meta.url).pathname,
          '--reader',
          path.join(dir, 'slots.sqlite'),
        ],
        { encoding: 'utf8' },
      ),
    ) as { rssMiB: number; peakRssMiB: number; heapUsedMiB: number };

    let started = performance.now();
    const model = new ReadModel(store, clock, 24 * 3_600_000, {
      nationalIntervalMs: 60_000,
      departmentIntervalMs: 0,
    });
    model.settle();
    const initialBuildMs = performance.now() - started;

    const changes: number[] = [];
    const nationals: number[] = [];
    let departments = 0;
    for (let r = 0; r < repetitions; r += 1) {
      const i = (r * 7919) % centres;
      clock.advance(1_000);
      store.recordScan(list[i]!, { kind: 'slots', slots: slotsOf(i, slotsPerCentre, r + 1) }, clock.now().getTime(), 1);
      const before = model.rebuilds.length;
      started = performance.now();
      model.refresh();
      // The background's own path: departments now, the national answers later (interval not reached).
      (model as unknown as { rebuildPending(budget: number, force: boolean): void }).rebuildPending(1_000, false);
      changes.push(performance.now() - started);
      departments += model.rebuilds.length - before;
      started = performance.now();
      model.settle();
      nationals.push(performance.now() - started);
    }
    model.stop();
    store.close();
    const round = (n: number) => Math.round(n * 100) / 100;
    return {
      centres,
      slots: centres * slotsPerCentre,
      initialBuildMs: Math.round(initialBuildMs),
      changeMs: round(median(changes)),
      departmentsPerChange: departments / repetitions,
      nationalMs: round(median(nationals)),
      readerRssMiB: reader.rssMiB,
      readerPeakRssMiB: reader.peakRssMiB,
      readerHeapUsedMiB: reader.heapUsedMiB,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(sizes = [1_000, 3_000, 10_000], slotsPerCentre = 75): Promise<ReadSideResult[]> {
  const results: ReadSideResult[] = [];
  for (const size of sizes) results.push(await runSize(size, slotsPerCentre));
  return results;
}

/** The reader process: opens the file, builds every answer, serves nothing; prints its memory. */
function measureReader(file: string): void {
  const store = new Store(file);
  const model = new ReadModel(store, new ManualClock(START), 24 * 3_600_000);
  model.settle();
  global.gc?.();
  const memory = process.memoryUsage();
  // ru_maxrss is in KiB on Linux.
  const peak = process.resourceUsage().maxRSS;
  console.log(
    JSON.stringify({
      rssMiB: Math.round(memory.rss / 1048576),
      peakRssMiB: Math.round(peak / 1024),
      heapUsedMiB: Math.round(memory.heapUsed / 1048576),
    }),
  );
  store.close();
}

if (process.argv[2] === '--reader') measureReader(process.argv[3]!);
else if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = (process.argv[2] ?? '1000,3000,10000').split(',').map(Number);
  console.log(JSON.stringify(await run(sizes, Number(process.argv[3] ?? 75)), null, 2));
}
