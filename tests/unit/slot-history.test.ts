// The slot history over a real SQLite file: scans written by the writer, rolled up from the change log into
// centre hours and daily figures; the log pruned after a roll-up loses nothing, a gap resyncs, retention prunes.
import { describe, expect, it } from 'vitest';
import { lifetimeBin } from '../../src/aggregator/ingest/roll-up.js';
import { DEFAULT_SLOT_HISTORY_RETENTION } from '../../src/aggregator/store/slot-history.js';
import { Store } from '../../src/aggregator/store/store.js';
import type { Centre, Slot } from '../../src/domain.js';
import { centreRecord } from '../support/centres.js';
import { temporaryDatabasePath } from '../support/system.js';

const centre = (id: string, department: string): Centre => centreRecord(id, { department });
const T = Date.parse('2030-01-01T08:00:00Z');
const MIN = 60_000;
const DAY = 86_400_000;
const slotsAt = (...offsetsMin: number[]): Slot[] =>
  offsetsMin.map((m) => ({ start: new Date(T + m * MIN), vaccine: 'Moderna', doses: [1], motive: 'moderna-1' }));
const scan = (store: Store, id: string, at: number, slots: Slot[]) =>
  store.recordScan({ id, platform: 'doctolib' }, { kind: 'slots', slots }, at, 5);

describe('slot history', () => {
  it('rolls the change log up into centre hours and daily figures', () => {
    const store = new Store(temporaryDatabasePath());
    store.upsertCentres([centre('a', '75'), centre('b', '13')], T);
    scan(store, 'a', T, slotsAt(600, 660, 720));
    scan(store, 'b', T, slotsAt(30));
    // 20 min later: one slot of a taken; b's slot still there.
    scan(store, 'a', T + 20 * MIN, slotsAt(600, 720));
    store.rollUpHistory(DEFAULT_SLOT_HISTORY_RETENTION, T + 20 * MIN);
    // 2 h later: b's slot expired (its start passed), a's 720 taken after 2 h 10 min.
    scan(store, 'b', T + 130 * MIN, []);
    scan(store, 'a', T + 130 * MIN, slotsAt(600));
    const result = store.rollUpHistory(DEFAULT_SLOT_HISTORY_RETENTION, T + 130 * MIN);
    expect(result.gap).toBe(false);

    expect(store.centreHistory('a')).toEqual([
      { hourStart: T, appeared: 3, taken: 1, expired: 0, lifetimeSumMs: 20 * MIN, lifetimeCount: 1, freeSlots: 2 },
      {
        hourStart: T + 120 * MIN,
        appeared: 0,
        taken: 1,
        expired: 0,
        lifetimeSumMs: 130 * MIN,
        lifetimeCount: 1,
        freeSlots: 1,
      },
    ]);
    expect(store.centreHistory('b').map((hour) => [hour.appeared, hour.taken, hour.expired, hour.freeSlots])).toEqual([
      [1, 0, 0, 1],
      [0, 0, 1, 0],
    ]);
    const [national] = store.dailyHistory('FR');
    expect(national).toMatchObject({ appeared: 4, taken: 2, expired: 1 });
    expect([...national!.lifetimes].sort()).toEqual(
      [
        [lifetimeBin(130 * MIN), 1],
        [lifetimeBin(20 * MIN), 1],
      ].sort(),
    );
    expect(store.dailyHistory('13')[0]).toMatchObject({ appeared: 1, taken: 0, expired: 1 });
    store.close();
  });

  it('keeps the history when the change log is pruned after a roll-up, and resyncs after a gap', () => {
    const store = new Store(temporaryDatabasePath());
    store.upsertCentres([centre('a', '75')], T);
    scan(store, 'a', T, slotsAt(600, 660));
    store.rollUpHistory(DEFAULT_SLOT_HISTORY_RETENTION, T);
    store.pruneChangeLog({ maxAgeMs: 0, maxRows: 1 }, T + MIN);
    expect(store.centreHistory('a')[0]).toMatchObject({ appeared: 2, freeSlots: 2 });

    // Changes pruned before the roll-up saw them: a gap; the open slots come from the slots table again.
    scan(store, 'a', T + 10 * MIN, slotsAt(600, 660, 700, 710));
    scan(store, 'a', T + 11 * MIN, slotsAt(600, 660, 700, 710, 720));
    store.pruneChangeLog({ maxAgeMs: 0, maxRows: 1 }, T + 12 * MIN);
    expect(store.rollUpHistory(DEFAULT_SLOT_HISTORY_RETENTION, T + 12 * MIN).gap).toBe(true);
    scan(store, 'a', T + 15 * MIN, slotsAt(600));
    store.rollUpHistory(DEFAULT_SLOT_HISTORY_RETENTION, T + 15 * MIN);
    // 600 and 660 were timed before the gap; the others count as taken without a lifetime.
    const [hour] = store.centreHistory('a');
    expect(hour).toMatchObject({ appeared: 2, taken: 4, freeSlots: 1, lifetimeCount: 1, lifetimeSumMs: 15 * MIN });
    store.close();
  });

  it('drops centre hours and days past their retention', () => {
    const store = new Store(temporaryDatabasePath());
    store.upsertCentres([centre('a', '75')], T);
    scan(store, 'a', T, slotsAt(6000));
    scan(store, 'a', T + 3 * DAY, slotsAt(6000, 6001));
    const retention = { hourlyDays: 2, dailyDays: 4 };
    store.rollUpHistory(retention, T + 3 * DAY);
    expect(store.centreHistory('a')).toHaveLength(1);
    expect(store.dailyHistory('75')).toHaveLength(2);
    store.rollUpHistory(retention, T + 6 * DAY);
    expect(store.centreHistory('a')).toHaveLength(0);
    expect(store.dailyHistory('75')).toHaveLength(1);
    store.close();
  });
});
