// The writer's scan queue over a real SQLite file: scans commit together, a centre that fails to write is
// rolled back alone (its last good slots stay), and nothing waits longer than the queue's delay.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ScanWriteQueue } from '../../src/aggregator/ingest/write-queue.js';
import { Store } from '../../src/aggregator/store/store.js';
import type { Slot } from '../../src/domain.js';
import { centreRecord } from '../support/centres.js';
import { temporaryDatabasePath } from '../support/system.js';

const T = Date.parse('2030-01-01T08:00:00Z');
const slots = (...minutes: number[]): Slot[] =>
  minutes.map((m) => ({ start: new Date(T + m * 60_000), vaccine: 'Moderna', doses: [1], motive: 'moderna-1' }));
const slotCount = (store: Store, id: string) =>
  (store.connection.prepare('SELECT count(*) AS n FROM slots WHERE centre_id = ?').get(id) as { n: number }).n;

afterEach(() => vi.useRealTimers());

describe('scan write queue', () => {
  it('commits a batch with a savepoint per centre: a centre that fails keeps its last good slots', () => {
    const store = new Store(temporaryDatabasePath());
    const centres = ['doctolib1', 'doctolib2', 'doctolib3'].map((id) => centreRecord(id));
    store.upsertCentres(centres, 1_000);
    for (const centre of centres) store.recordScan(centre, { kind: 'slots', slots: slots(0) }, 2_000, 1);
    store.connection.exec(`CREATE TEMP TRIGGER refuse BEFORE INSERT ON main.slots
      WHEN NEW.centre_id = 'doctolib2' BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    const queue = new ScanWriteQueue(store, { maxDelayMs: 50, maxBatch: 10 });
    const failures: string[] = [];
    for (const centre of centres)
      queue.add({
        centre,
        outcome: { kind: 'slots', slots: slots(5, 10) },
        checkedAt: 3_000,
        durationMs: 1,
        onFailure: (error) => failures.push(`${centre.id}: ${(error as Error).message}`),
      });
    expect(slotCount(store, 'doctolib1')).toBe(1);
    queue.flush();
    expect(failures).toEqual(['doctolib2: refused']);
    expect(['doctolib1', 'doctolib2', 'doctolib3'].map((id) => slotCount(store, id))).toEqual([2, 1, 2]);
    // The failed centre's scan left nothing behind: not its check time, not its slot-gone events.
    const checked = store.connection.prepare('SELECT id, last_checked_at AS at FROM centres ORDER BY id').all();
    expect(checked).toEqual([
      { id: 'doctolib1', at: 3_000 },
      { id: 'doctolib2', at: 2_000 },
      { id: 'doctolib3', at: 3_000 },
    ]);
    store.close();
  });

  it('commits when the batch is full, or after the delay at the latest', () => {
    vi.useFakeTimers();
    const store = new Store(temporaryDatabasePath());
    const centres = ['doctolib1', 'doctolib2', 'doctolib3'].map((id) => centreRecord(id));
    store.upsertCentres(centres, 1_000);
    const queue = new ScanWriteQueue(store, { maxDelayMs: 50, maxBatch: 2 });
    const add = (i: number) =>
      queue.add({
        centre: centres[i]!,
        outcome: { kind: 'slots', slots: slots(i) },
        checkedAt: 2_000,
        durationMs: 1,
        onFailure: (error) => {
          throw error;
        },
      });
    add(0);
    expect(slotCount(store, 'doctolib1')).toBe(0);
    add(1);
    expect([slotCount(store, 'doctolib1'), slotCount(store, 'doctolib2'), queue.size]).toEqual([1, 1, 0]);
    add(2);
    vi.advanceTimersByTime(49);
    expect(slotCount(store, 'doctolib3')).toBe(0);
    vi.advanceTimersByTime(1);
    expect([slotCount(store, 'doctolib3'), queue.size]).toEqual([1, 0]);
    store.close();
  });
});
