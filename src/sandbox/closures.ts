// Departments the sandbox shows as fully booked, on demand: a closed department's listings offer no free slot,
// and reopening it brings its world's slots back at once. What the alert tests and benchmark need: a
// department going from no slot to slots at an instant they know (no platform has such a switch).
import type { World } from './world.js';

export interface Closures {
  readonly closed: ReadonlySet<string>;
  close(department: string): void;
  open(department: string): void;
}

export function closures(): Closures {
  const closed = new Set<string>();
  return {
    closed,
    close: (department) => void closed.add(department),
    open: (department) => void closed.delete(department),
  };
}

/** The world as the platforms serve it: the same, but no free slot in a closed department. */
export function withClosures(world: World, closed: ReadonlySet<string>): World {
  return {
    ...world,
    freeSlots: (listing, at, from, to) =>
      closed.has(listing.centre.department) ? [] : world.freeSlots(listing, at, from, to),
  };
}
