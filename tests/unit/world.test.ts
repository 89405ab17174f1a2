import { describe, expect, it } from 'vitest';
import { DEPARTMENTS } from '../../src/departments.js';
import { createWorld } from '../../src/sandbox/world.js';

const at = new Date('2026-03-02T07:30:00Z');
const inDays = (days: number) => new Date(at.getTime() + days * 86_400_000);

describe('the synthetic world', () => {
  it('is the same world for the same seed, and another for another seed', () => {
    const a = createWorld({ seed: 7 });
    const b = createWorld({ seed: 7 });
    const c = createWorld({ seed: 8 });
    const slots = (world: typeof a) => world.listings.slice(0, 20).flatMap((listing) => world.freeSlots(listing, at, at, inDays(7)).map((slot) => `${listing.key}@${slot.start.toISOString()}`));
    expect(slots(a)).toEqual(slots(b));
    expect(slots(a)).not.toEqual(slots(c));
    expect(slots(a).length).toBeGreaterThan(50);
  });

  it('has centres in every department of the open-data format, some listed on two platforms', () => {
    const world = createWorld();
    expect(new Set(world.centres.map((centre) => centre.department))).toEqual(new Set(DEPARTMENTS.map((department) => department.code)));
    const listingsPerCentre = new Map<string, number>();
    for (const listing of world.listings) listingsPerCentre.set(listing.centre.key, (listingsPerCentre.get(listing.centre.key) ?? 0) + 1);
    expect([...listingsPerCentre.values()].filter((count) => count === 2).length).toBeGreaterThan(5);
    expect(world.listings.some((listing) => listing.phoneOnly)).toBe(true);
  });

  it('books slots as time passes, and books them sooner when the booking lead is longer (a rush)', () => {
    const world = createWorld({ centresPerDepartment: 1 });
    const rushed = createWorld({ centresPerDepartment: 1, meanBookingLeadHours: 400 });
    const count = (w: typeof world, when: Date) => w.listings.reduce((sum, listing) => sum + w.freeSlots(listing, when, inDays(3), inDays(4)).length, 0);
    const now = count(world, at);
    const later = count(world, inDays(2));
    expect(later).toBeLessThan(now);
    expect(count(rushed, at)).toBeLessThan(now);
  });

  it('never offers a slot that has begun, and only slots inside the asked window', () => {
    const world = createWorld({ centresPerDepartment: 1 });
    for (const listing of world.listings.slice(0, 50)) {
      for (const slot of world.freeSlots(listing, inDays(1), at, inDays(5))) {
        expect(slot.start.getTime()).toBeGreaterThanOrEqual(inDays(1).getTime());
        expect(slot.start.getTime()).toBeLessThan(inDays(5).getTime());
      }
    }
  });
});
