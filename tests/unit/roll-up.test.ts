// The history roll-up's arithmetic over plain change events: lifetimes, taken versus expired, places, free
// slots per hour, department and national days, and the median read from the lifetime histogram.
import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../src/aggregator/store/change-log.js';
import {
  binMiddleMs,
  lifetimeBin,
  mapSource,
  medianOfBins,
  rollUp,
  slotKey,
  type CentreOpenSlots,
} from '../../src/aggregator/ingest/roll-up.js';

const T = Date.parse('2030-01-01T08:00:00Z');
const MIN = 60_000;
const DAY = 86_400_000;
const dayStartOf = (instant: number) => Math.floor(instant / DAY) * DAY;
let seq = 0;

function slotEvent(
  kind: 'slot-appeared' | 'slot-gone',
  at: number,
  startAt: number,
  centreId = 'c1',
  department: string | null = '75',
): ChangeEvent {
  seq += 1;
  return { seq, at, kind, centreId, department, slot: { startAt, vaccine: 'Moderna', dosesKey: '1', motive: 'm' } };
}

describe('rollUp', () => {
  it('times a slot from its appearance and tells taken from expired', () => {
    const start = T + 10 * 60 * MIN;
    const later = T + 30 * MIN;
    const events = [
      slotEvent('slot-appeared', T, start),
      slotEvent('slot-appeared', T, later),
      { seq: 99, at: T + MIN, kind: 'centre-changed', centreId: 'c1', department: '75' } as ChangeEvent,
      slotEvent('slot-gone', T + 20 * MIN, start),
      slotEvent('slot-gone', T + 40 * MIN, later),
    ];
    const result = rollUp(events, mapSource(new Map()), dayStartOf);
    expect(result.hours).toEqual([
      {
        centreId: 'c1',
        hourStart: T,
        appeared: 2,
        taken: 1,
        expired: 1,
        lifetimeSumMs: 60 * MIN,
        lifetimeCount: 2,
        freeSlots: 0,
      },
    ]);
    const days = new Map(result.days.map((day) => [day.scope, day]));
    expect([...days.keys()].sort()).toEqual(['75', 'FR']);
    for (const day of days.values()) {
      expect(day).toMatchObject({ dayStart: dayStartOf(T), appeared: 2, taken: 1, expired: 1 });
      // Only the taken slot's lifetime counts for the median.
      expect([...day.takenLifetimes]).toEqual([[lifetimeBin(20 * MIN), 1]]);
    }
    expect([...result.openChanges.get('c1')!.values()]).toEqual([null, null]);
  });

  it('counts each place of an identity and keeps its first appearance', () => {
    const start = T + DAY;
    const events = [
      slotEvent('slot-appeared', T, start),
      slotEvent('slot-appeared', T + 10 * MIN, start),
      slotEvent('slot-gone', T + 70 * MIN, start),
    ];
    const result = rollUp(events, mapSource(new Map()), dayStartOf);
    expect(
      result.hours.map((hour) => [hour.hourStart, hour.appeared, hour.taken, hour.freeSlots, hour.lifetimeSumMs]),
    ).toEqual([
      [T, 2, 0, 2, 0],
      [T + 60 * MIN, 0, 1, 1, 70 * MIN],
    ]);
    const key = slotKey(events[0]!.kind === 'centre-changed' ? ({} as never) : events[0]!.slot);
    expect(result.openChanges.get('c1')!.get(key)).toMatchObject({ places: 1, appearedAt: T });
  });

  it('counts a slot open before the history began as gone, but does not time it', () => {
    const start = T + DAY;
    const open = new Map<string, CentreOpenSlots>([
      [
        'c1',
        new Map([
          [
            slotKey({ startAt: start, vaccine: 'Moderna', dosesKey: '1', motive: 'm' }),
            { startAt: start, vaccine: 'Moderna', dosesKey: '1', motive: 'm', places: 3, appearedAt: null },
          ],
        ]),
      ],
    ]);
    const result = rollUp([slotEvent('slot-gone', T, start)], mapSource(open), dayStartOf);
    expect(result.hours[0]).toMatchObject({ taken: 1, lifetimeCount: 0, freeSlots: 2 });
    expect(result.days.every((day) => day.takenLifetimes.size === 0)).toBe(true);
  });

  it('puts a centre without a department in the national day only', () => {
    const result = rollUp([slotEvent('slot-appeared', T, T + DAY, 'c2', null)], mapSource(new Map()), dayStartOf);
    expect(result.days.map((day) => day.scope)).toEqual(['FR']);
  });
});

describe('lifetime histogram', () => {
  it('reads a median within 5 % of the exact one', () => {
    // Seeded draws: a linear congruential generator, so the test is the same on every run.
    let state = 12345;
    const next = () => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      return state / 2 ** 31;
    };
    const lifetimes = Array.from({ length: 1001 }, () => Math.round(MIN + next() * 48 * 60 * MIN));
    const bins = new Map<number, number>();
    for (const lifetime of lifetimes) bins.set(lifetimeBin(lifetime), (bins.get(lifetimeBin(lifetime)) ?? 0) + 1);
    const exact = [...lifetimes].sort((a, b) => a - b)[500]!;
    const median = medianOfBins(bins)!;
    expect(Math.abs(median - exact) / exact).toBeLessThan(0.05);
    expect(bins.size).toBeLessThan(120);
  });

  it('gives the lower median of an even count, and null when empty', () => {
    const bins = new Map([
      [lifetimeBin(10 * MIN), 1],
      [lifetimeBin(100 * MIN), 1],
    ]);
    expect(medianOfBins(bins)).toBe(binMiddleMs(lifetimeBin(10 * MIN)));
    expect(medianOfBins(new Map())).toBeNull();
    expect(Math.abs(binMiddleMs(lifetimeBin(10 * MIN)) - 10 * MIN) / (10 * MIN)).toBeLessThan(0.05);
  });
});
