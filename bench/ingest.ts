// Ingest benchmark (issue 9): 1,000,000 slots normalised and stored through the real writer (its write queue:
// one transaction per batch of scans, a savepoint per centre; the diff; the change log), against a bare
// better-sqlite3 prepared-insert loop writing the same slot rows into the same table in one transaction.
// Then (b) every centre re-scanned with the same slots: slot rows written, counted by triggers (target 0).
//   npx tsx bench/ingest.ts [slots=1000000] [slotsPerCentre=100]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { writeQueueOf } from '../src/aggregator/ingest/write-queue.js';
import { Store } from '../src/aggregator/store/store.js';
import type { Centre, Dose, Slot, Vaccine } from '../src/domain.js';

export interface IngestResult {
  readonly slots: number;
  readonly centres: number;
  readonly storedMs: number;
  readonly bareMs: number;
  /** Slots per second of the writer divided by that of the bare loop (target ≥ 0.5). */
  readonly ratio: number;
  /** The same in CPU time (user + system) of this process: less sensitive to a shared machine. */
  readonly storedCpuMs: number;
  readonly bareCpuMs: number;
  readonly cpuRatio: number;
  readonly rescanMs: number;
  /** Slot rows inserted, updated or deleted by a re-scan of every centre that found the same slots (target 0). */
  readonly rescanSlotRowsWritten: number;
}

const VACCINES: Vaccine[] = ['Pfizer-BioNTech', 'Moderna', 'AstraZeneca'];
const DOSE_SETS: Dose[][] = [[1], [2], [1, 2], [3]];
const BASE = Date.parse('2030-01-01T07:00:00Z');

function centreOf(i: number): Centre {
  return {
    id: `doctolib${i}`,
    platform: 'doctolib',
    name: `Centre ${i}`,
    kind: 'vaccination-center',
    address: `${i} rue de la Paix`,
    postalCode: '75002',
    city: 'Paris',
    insee: '75056',
    department: String(1 + (i % 95)).padStart(2, '0'),
    location: { latitude: 48.86, longitude: 2.33 },
    phone: null,
    businessHours: null,
    bookingUrl: `https://example.org/${i}`,
    atlasGid: null,
    scanData: null,
  };
}

/** What an adapter would yield for a centre: `count` slots every 5 minutes, varied vaccines and doses. */
function slotsOf(i: number, count: number): Slot[] {
  return Array.from({ length: count }, (_, k) => {
    const vaccine = VACCINES[(i + k) % VACCINES.length]!;
    return {
      start: new Date(BASE + (i % 7) * 60_000 + k * 5 * 60_000),
      vaccine,
      doses: DOSE_SETS[k % DOSE_SETS.length]!,
      motive: `${vaccine}-${k % 4}`,
    };
  });
}

function onFailure(error: unknown): never {
  throw error;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return Math.round((used.user + used.system) / 1000);
}

function countSlotWrites(db: Database.Database): () => number {
  db.exec(`CREATE TEMP TABLE slot_writes (n INTEGER);
    CREATE TEMP TRIGGER w1 AFTER INSERT ON main.slots BEGIN INSERT INTO slot_writes VALUES (1); END;
    CREATE TEMP TRIGGER w2 AFTER UPDATE ON main.slots BEGIN INSERT INTO slot_writes VALUES (1); END;
    CREATE TEMP TRIGGER w3 AFTER DELETE ON main.slots BEGIN INSERT INTO slot_writes VALUES (1); END;`);
  return () => (db.prepare('SELECT count(*) AS n FROM slot_writes').get() as { n: number }).n;
}

export async function run(totalSlots = 1_000_000, slotsPerCentre = 100): Promise<IngestResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slots-ingest-'));
  const centres = Math.ceil(totalSlots / slotsPerCentre);
  const scans = Array.from({ length: centres }, (_, i) => ({ centre: centreOf(i), slots: slotsOf(i, slotsPerCentre) }));
  try {
    // The writer, as the pipeline calls it: every scan through the write queue.
    const store = new Store(path.join(dir, 'writer.sqlite'));
    store.upsertCentres(
      scans.map((scan) => scan.centre),
      BASE - 3_600_000,
    );
    let started = performance.now();
    let cpu = process.cpuUsage();
    const queue = writeQueueOf(store);
    const write = (at: number) => {
      for (const scan of scans)
        queue.add({
          centre: scan.centre,
          outcome: { kind: 'slots', slots: scan.slots },
          checkedAt: at,
          durationMs: 1,
          onFailure,
        });
      queue.flush();
    };
    write(BASE);
    const storedMs = performance.now() - started;
    const storedCpuMs = cpuMs(cpu);

    const written = countSlotWrites(store.connection);
    started = performance.now();
    write(BASE + 60_000);
    const rescanMs = performance.now() - started;
    const rescanSlotRowsWritten = written();
    store.close();

    // The bare loop: the same rows, the same table and indexes, one transaction, nothing else.
    const bareStore = new Store(path.join(dir, 'bare.sqlite'));
    bareStore.upsertCentres(
      scans.map((scan) => scan.centre),
      BASE - 3_600_000,
    );
    const db = bareStore.connection;
    const insert = db.prepare(
      'INSERT INTO slots (centre_id, start_at, vaccine, doses, doses_key, motive) VALUES (?, ?, ?, ?, ?, ?)',
    );
    started = performance.now();
    cpu = process.cpuUsage();
    db.transaction(() => {
      for (const scan of scans) {
        for (const slot of scan.slots)
          insert.run(
            scan.centre.id,
            slot.start.getTime(),
            slot.vaccine,
            JSON.stringify(slot.doses),
            slot.doses.join(','),
            slot.motive,
          );
      }
    })();
    const bareMs = performance.now() - started;
    const bareCpuMs = cpuMs(cpu);
    bareStore.close();

    const slots = centres * slotsPerCentre;
    return {
      slots,
      centres,
      storedMs: Math.round(storedMs),
      bareMs: Math.round(bareMs),
      ratio: Math.round((bareMs / storedMs) * 100) / 100,
      storedCpuMs,
      bareCpuMs,
      cpuRatio: Math.round((bareCpuMs / storedCpuMs) * 100) / 100,
      rescanMs: Math.round(rescanMs),
      rescanSlotRowsWritten,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await run(Number(process.argv[2] ?? 1_000_000), Number(process.argv[3] ?? 100));
  console.log(JSON.stringify(result, null, 2));
}
