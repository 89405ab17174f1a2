// The world's free slots come from tables drawn once per listing, motive and day: they must be exactly the
// slots drawn afresh per call (the reference), at any instant, in any order, after any eviction.
import { describe, expect, it } from 'vitest';
import { cachedFreeSlots, drawFreeSlots } from '../../src/sandbox/free-slots.js';
import { randomFor } from '../../src/sandbox/random.js';
import { createWorld, type Listing, type WorldOptions, type WorldSlot } from '../../src/sandbox/world.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const base = Date.parse('2026-03-27T06:10:00Z'); // the Sunday of the spring change is two days later

const shown = (slots: readonly WorldSlot[]) =>
  slots.map((slot) => `${slot.listing.key} ${slot.motive.key} ${slot.start.toISOString()}`);

function compare(options: Partial<WorldOptions>, maxDays: number, calls: number): number {
  const world = createWorld({ centresPerDepartment: 1, ...options });
  const cached = cachedFreeSlots(world.options, maxDays);
  const random = randomFor('free-slots-test', maxDays, calls);
  // Few listings, asked about again and again: the tables are reused, and evicted when the bound is small.
  const listings = world.listings.slice(0, 40);
  let compared = 0;
  for (let call = 0; call < calls; call += 1) {
    const listing = listings[Math.floor(random() * listings.length)]!;
    // The clock moves on and back, by minutes to days; windows of hours to four weeks, some in the past.
    const at = new Date(base + Math.floor((random() - 0.2) * 10 * DAY));
    const from = new Date(at.getTime() + Math.floor((random() - 0.3) * 5 * DAY));
    const to = new Date(from.getTime() + Math.floor(random() * 28 * DAY));
    const expected = drawFreeSlots(world.options, listing, at, from, to);
    expect(shown(cached(listing, at, from, to))).toEqual(shown(expected));
    compared += expected.length;
  }
  return compared;
}

describe('the world free slots, drawn once per day', () => {
  it('are the slots drawn afresh, however the clock and the windows move', () => {
    expect(compare({}, 100_000, 400)).toBeGreaterThan(1_000);
  });

  it('stay the same when the bound evicts tables between calls', () => {
    expect(compare({}, 30, 300)).toBeGreaterThan(500);
  });

  it('follow a rush and the releases of other settings', () => {
    const rush = { rushPerMinute: 0.05, rushSince: base - 3 * HOUR, releaseProbability: 0.6, slotsPerDay: 12 };
    expect(compare(rush, 500, 300)).toBeGreaterThan(500);
  });

  it('name the listing and motive objects the caller passed', () => {
    const world = createWorld({ centresPerDepartment: 1 });
    const listing = world.listings.find((candidate) => !candidate.phoneOnly && !candidate.opensLater)!;
    const at = new Date(base);
    const to = new Date(base + 14 * DAY);
    world.freeSlots(listing, at, at, to);
    // A decoy motive object is made per request (motive-names.ts): the answer carries that object.
    const decoy = { key: 'decoy-antigen', vaccine: 'Pfizer-BioNTech' as const, dose: 1 as const };
    const asked: Listing = { ...listing, motives: [decoy] };
    for (let round = 0; round < 2; round += 1) {
      const slots = world.freeSlots({ ...asked }, at, at, to);
      expect(slots.length).toBeGreaterThan(0);
      expect(slots.every((slot) => slot.motive === decoy)).toBe(true);
    }
    const again = { ...decoy };
    expect(world.freeSlots({ ...listing, motives: [again] }, at, at, to).every((slot) => slot.motive === again)).toBe(
      true,
    );
  });
});
