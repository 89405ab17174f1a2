// The rush setting over the sandbox clock: the share of each department's 10 soonest free slots booked in the
// next minutes grows with SANDBOX_RUSH_PER_MINUTE, and a rush books at any hour, a Saturday night too.
import { describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../src/sandbox/world.js';

const MONDAY_MORNING = new Date('2026-03-02T07:00:00Z');
const SATURDAY_NIGHT = new Date('2026-03-07T22:00:00Z');
const DEPARTMENTS = ['13', '29', '35', '44', '59', '69', '76', '92'];
const MINUTE = 60_000;

/** Each department's 10 soonest free slots at `at`, as `listing@start`. */
function topTen(world: World, at: Date): Map<string, string[]> {
  const to = new Date(at.getTime() + 5 * 86_400_000);
  const top = new Map<string, string[]>();
  for (const department of DEPARTMENTS) {
    const slots = world.listings
      .filter((listing) => listing.centre.department === department)
      .flatMap((listing) =>
        world.freeSlots(listing, at, at, to).map((slot) => ({
          key: `${listing.key}@${slot.motive.key}@${slot.start.getTime()}`,
          start: slot.start.getTime(),
        })),
      )
      .sort((a, b) => a.start - b.start || (a.key < b.key ? -1 : 1));
    top.set(
      department,
      slots.slice(0, 10).map((slot) => slot.key),
    );
  }
  return top;
}

/** Share of the top 10 slots no longer free `minutes` later, over samples every 5 minutes from `from`. */
function goneShare(world: World, from: Date, minutes: number, samples = 3): number {
  let shown = 0;
  let gone = 0;
  for (let sample = 0; sample < samples; sample += 1) {
    const at = new Date(from.getTime() + sample * 5 * MINUTE);
    const later = new Date(at.getTime() + minutes * MINUTE);
    for (const key of [...topTen(world, at).values()].flat()) {
      const [listingKey, motiveKey, start] = key.split('@') as [string, string, string];
      const listing = world.listings.find((candidate) => candidate.key === listingKey)!;
      const startAt = new Date(Number(start));
      const free = world
        .freeSlots(listing, later, startAt, new Date(startAt.getTime() + 1))
        .some((slot) => slot.motive.key === motiveKey);
      shown += 1;
      if (!free) gone += 1;
    }
  }
  return gone / shown;
}

const worldWith = (rushPerMinute: number, rushSince: Date) =>
  createWorld({
    seed: 13,
    centresPerDepartment: 20,
    departments: DEPARTMENTS,
    rushPerMinute,
    rushSince: rushSince.getTime(),
  });

describe('the sandbox rush (SANDBOX_RUSH_PER_MINUTE)', () => {
  it('books a larger share of the soonest slots per minute the larger it is, about its own value', () => {
    const at = new Date(MONDAY_MORNING.getTime() + 10 * MINUTE);
    const shares = [0, 0.02, 0.05, 0.2].map((rush) => goneShare(worldWith(rush, MONDAY_MORNING), at, 3));
    for (let i = 1; i < shares.length; i += 1) expect(shares[i]!).toBeGreaterThan(shares[i - 1]!);
    // 5% a minute over 3 minutes: 1 - 0.95^3 = 14% of the top 10 gone, within the draw's spread.
    expect(shares[2]!).toBeGreaterThan(0.05);
    expect(shares[2]!).toBeLessThan(0.3);
    // Without a rush, the soonest slots hardly move in 3 minutes (the booking lead books far ahead of them).
    expect(shares[0]!).toBeLessThan(0.05);
  });

  it('never frees a slot by booking harder: what a fiercer rush offers, a milder one offers too', () => {
    const at = new Date(MONDAY_MORNING.getTime() + 30 * MINUTE);
    const mild = worldWith(0.02, MONDAY_MORNING);
    const fierce = worldWith(0.1, MONDAY_MORNING);
    const to = new Date(at.getTime() + 3 * 86_400_000);
    for (let i = 0; i < mild.listings.length; i += 1) {
      const offered = new Set(
        mild.freeSlots(mild.listings[i]!, at, at, to).map((slot) => `${slot.motive.key}@${slot.start.getTime()}`),
      );
      for (const slot of fierce.freeSlots(fierce.listings[i]!, at, at, to))
        expect(offered.has(`${slot.motive.key}@${slot.start.getTime()}`)).toBe(true);
    }
  });

  it('books the soonest slots on a Saturday night too, the next opening days being in its window', () => {
    expect(
      goneShare(worldWith(0.05, SATURDAY_NIGHT), new Date(SATURDAY_NIGHT.getTime() + 5 * MINUTE), 3),
    ).toBeGreaterThan(0.05);
    expect(goneShare(worldWith(0, SATURDAY_NIGHT), new Date(SATURDAY_NIGHT.getTime() + 5 * MINUTE), 3)).toBeLessThan(
      0.03,
    );
  });

  it('has not begun before its start: at rushSince the world is the one without a rush', () => {
    const calm = worldWith(0, MONDAY_MORNING);
    const rushed = worldWith(0.2, MONDAY_MORNING);
    const to = new Date(MONDAY_MORNING.getTime() + 3 * 86_400_000);
    const count = (world: World) =>
      world.listings.reduce(
        (sum, listing) => sum + world.freeSlots(listing, MONDAY_MORNING, MONDAY_MORNING, to).length,
        0,
      );
    expect(count(rushed)).toBe(count(calm));
  });
});
