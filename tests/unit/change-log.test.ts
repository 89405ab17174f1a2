// The change-driven writes over a real SQLite file: an unchanged re-scan writes no slot row, each change is
// logged once, a failed scan keeps the slots, and the log stays within its bounds.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { canFollow } from '../../src/aggregator/store/change-log.js';
import { MIGRATIONS } from '../../src/aggregator/store/migrations.js';
import { Store } from '../../src/aggregator/store/store.js';
import type { Centre, Slot } from '../../src/domain.js';
import { centreRecord } from '../support/centres.js';
import { temporaryDatabasePath } from '../support/system.js';

const centre = (id: string, department = '75'): Centre => centreRecord(id, { department, scanData: { n: 1 } });
const T = Date.parse('2030-01-01T08:00:00Z');
const slots = (...minutes: number[]): Slot[] =>
  minutes.map((m) => ({ start: new Date(T + m * 60_000), vaccine: 'Moderna', doses: [1], motive: 'moderna-1' }));

/** Rows written to `slots` while `run` runs, counted by triggers (every insert, update and delete). */
function slotRowsWritten(store: Store, run: () => void): number {
  const db = store.connection;
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS slot_writes (n INTEGER);
    CREATE TEMP TRIGGER IF NOT EXISTS count_insert AFTER INSERT ON main.slots
      BEGIN INSERT INTO slot_writes VALUES (1); END;
    CREATE TEMP TRIGGER IF NOT EXISTS count_update AFTER UPDATE ON main.slots
      BEGIN INSERT INTO slot_writes VALUES (1); END;
    CREATE TEMP TRIGGER IF NOT EXISTS count_delete AFTER DELETE ON main.slots
      BEGIN INSERT INTO slot_writes VALUES (1); END;
    DELETE FROM slot_writes;`);
  run();
  return (db.prepare('SELECT count(*) AS n FROM slot_writes').get() as { n: number }).n;
}

describe('change-driven writes', () => {
  it('writes no slot row when a re-scan finds the same slots, and only the difference otherwise', () => {
    const store = new Store(temporaryDatabasePath());
    const a = centre('doctolib1');
    store.upsertCentres([a], 1_000);
    expect(slotRowsWritten(store, () => store.recordScan(a, { kind: 'slots', slots: slots(0, 5, 10) }, 2_000, 1))).toBe(
      3,
    );
    const seq = store.changeLogBounds().last;
    expect(slotRowsWritten(store, () => store.recordScan(a, { kind: 'slots', slots: slots(10, 0, 5) }, 3_000, 1))).toBe(
      0,
    );
    // Only the centre's check time moved.
    expect(store.changesSince(seq, 100).map((change) => change.kind)).toEqual(['centre-changed']);
    expect(store.snapshot(0)[0]!.lastCheckedAt).toBe(3_000);

    const before = store.changeLogBounds().last;
    expect(
      slotRowsWritten(store, () => store.recordScan(a, { kind: 'slots', slots: slots(5, 10, 15) }, 4_000, 1)),
    ).toBe(2);
    const changes = store.changesSince(before, 100);
    expect(
      changes.map((change) => [
        change.kind,
        change.kind === 'centre-changed' ? null : (change.slot.startAt - T) / 60_000,
        change.department,
      ]),
    ).toEqual([
      ['centre-changed', null, '75'],
      ['slot-gone', 0, '75'],
      ['slot-appeared', 15, '75'],
    ]);
    store.close();
  });

  it('keeps the last good slots through a failed scan, and logs the state change', () => {
    const store = new Store(temporaryDatabasePath());
    const a = centre('doctolib1');
    store.upsertCentres([a], 1_000);
    store.recordScan(a, { kind: 'slots', slots: slots(0, 5) }, 2_000, 1);
    const seq = store.changeLogBounds().last;
    expect(
      slotRowsWritten(store, () =>
        store.recordScan(a, { kind: 'issue', issue: { reason: 'timeout', message: 'slow' } }, 3_000, 1),
      ),
    ).toBe(0);
    expect(store.snapshot(0)[0]!.slots).toHaveLength(2);
    expect(store.changesSince(seq, 10).map((change) => change.kind)).toEqual(['centre-changed']);
    store.close();
  });

  it('logs a centre at discovery only when its public record changed', () => {
    const store = new Store(temporaryDatabasePath());
    expect(store.upsertCentres([centre('doctolib1'), centre('doctolib2')], 1_000)).toBe(2);
    expect(store.upsertCentres([centre('doctolib1'), centre('doctolib2')], 2_000)).toBe(0);
    expect(
      store.upsertCentres([{ ...centre('doctolib1'), scanData: { n: 2 } }, centre('doctolib2', '92')], 3_000),
    ).toBe(1);
    const last = store.changesSince(0, 10).at(-1)!;
    expect([last.kind, last.centreId, last.department]).toEqual(['centre-changed', 'doctolib2', '92']);
    store.close();
  });
});

describe('packed slot rows', () => {
  it('writes one row per kind for a scan and gives one event per slot, never splitting a row at the limit', () => {
    const store = new Store(temporaryDatabasePath());
    const a = centre('doctolib1');
    store.upsertCentres([a], 1_000);
    const seq = store.changeLogBounds().last;
    store.recordScan(a, { kind: 'slots', slots: slots(0, 5, 10, 15) }, 2_000, 1);
    store.recordScan(a, { kind: 'slots', slots: slots(10, 15, 20) }, 3_000, 1);
    // Two scans: a state change and an appearance row, then a state change, a gone row and an appearance row.
    expect(store.changeLogBounds().last - seq).toBe(5);
    const events = store.changesSince(seq, 100);
    expect(
      events.map((e) => [e.seq - seq, e.kind, e.kind === 'centre-changed' ? null : (e.slot.startAt - T) / 60_000]),
    ).toEqual([
      [1, 'centre-changed', null],
      [2, 'slot-appeared', 0],
      [2, 'slot-appeared', 5],
      [2, 'slot-appeared', 10],
      [2, 'slot-appeared', 15],
      [3, 'centre-changed', null],
      [4, 'slot-gone', 0],
      [4, 'slot-gone', 5],
      [5, 'slot-appeared', 20],
    ]);
    // A limit inside the four appearances still gives the whole row: a reader resumes after its seq.
    expect(store.changesSince(seq, 2).map((e) => e.seq - seq)).toEqual([1, 2, 2, 2, 2]);
    expect(store.changesSince(seq + 2, 1).map((e) => e.seq - seq)).toEqual([3]);
    const view = store.connection.prepare('SELECT count(*) AS n FROM change_log_slots').get() as { n: number };
    expect(view.n).toBe(7);
    store.close();
  });

  it('packs the rows of an older database, one slot each (migration 10)', () => {
    const file = temporaryDatabasePath();
    const before = new Database(file);
    for (const migration of MIGRATIONS.slice(0, 9)) before.exec(migration);
    before.pragma('user_version = 9');
    const insert = before.prepare(
      'INSERT INTO change_log (at, kind, centre_id, department, start_at, vaccine, doses, motive) ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    insert.run(1_000, 'centre-changed', 'doctolib1', '75', null, null, null, null);
    insert.run(2_000, 'slot-appeared', 'doctolib1', '75', T, 'Moderna', '1,2', 'moderna-1');
    insert.run(3_000, 'slot-gone', 'doctolib1', '75', T, 'Moderna', '1,2', 'moderna-1');
    before.close();
    const store = new Store(file);
    expect(store.changesSince(0, 10)).toEqual([
      { seq: 1, at: 1_000, kind: 'centre-changed', centreId: 'doctolib1', department: '75' },
      ...(['slot-appeared', 'slot-gone'] as const).map((kind, i) => ({
        seq: 2 + i,
        at: 2_000 + i * 1_000,
        kind,
        centreId: 'doctolib1',
        department: '75',
        slot: { startAt: T, vaccine: 'Moderna', dosesKey: '1,2', motive: 'moderna-1' },
      })),
    ]);
    store.close();
  });
});

describe('change log bounds', () => {
  it('drops changes by age and by count, keeps the sequence, and tells a reader left behind to rebuild', () => {
    const store = new Store(temporaryDatabasePath());
    const a = centre('doctolib1');
    store.upsertCentres([a], 0);
    // 1 discovery change, then 10 scans at minutes 1..10, each a state change and one new slot.
    for (let i = 1; i <= 10; i += 1)
      store.recordScan(a, { kind: 'slots', slots: slots(...Array.from({ length: i }, (_, k) => k)) }, i * 60_000, 1);
    expect(store.changeLogBounds()).toEqual({ first: 1, last: 21 });

    expect(store.pruneChangeLog({ maxAgeMs: 5 * 60_000, maxRows: 1_000 }, 10 * 60_000)).toBe(9);
    expect(store.changeLogBounds()).toEqual({ first: 10, last: 21 });
    expect(store.pruneChangeLog({ maxAgeMs: 60 * 60_000, maxRows: 4 }, 10 * 60_000)).toBe(8);
    expect(store.changeLogBounds()).toEqual({ first: 18, last: 21 });
    expect(store.changesSince(0, 100).map((change) => change.seq)).toEqual([18, 19, 20, 21]);

    expect(store.canFollowFrom(21)).toBe(true);
    expect(store.canFollowFrom(17)).toBe(true);
    expect(store.canFollowFrom(16)).toBe(false);
    expect(store.canFollowFrom(0)).toBe(false);

    // Pruned to the bone, the newest change stays and the sequence goes on from it.
    store.pruneChangeLog({ maxAgeMs: 0, maxRows: 0 }, 11 * 60_000);
    expect(store.changeLogBounds()).toEqual({ first: 21, last: 21 });
    store.recordScan(a, { kind: 'slots', slots: [] }, 12 * 60_000, 1);
    expect(store.changesSince(21, 100)[0]!.seq).toBe(22);
    store.close();
  });

  it('canFollow: pure rules', () => {
    expect(canFollow({ first: null, last: 0 }, 0)).toBe(true);
    expect(canFollow({ first: null, last: 5 }, 5)).toBe(true);
    expect(canFollow({ first: null, last: 5 }, 3)).toBe(false);
    expect(canFollow({ first: 4, last: 9 }, 3)).toBe(true);
    expect(canFollow({ first: 4, last: 9 }, 2)).toBe(false);
    // A reader ahead of the log (the database was replaced) rebuilds too.
    expect(canFollow({ first: 1, last: 9 }, 12)).toBe(false);
  });
});
