// The sandbox's closed departments: no free slot there while closed, the world's own slots once reopened.
import { describe, expect, it } from 'vitest';
import { closures, withClosures } from '../../src/sandbox/closures.js';
import { createWorld } from '../../src/sandbox/world.js';

describe('sandbox closures', () => {
  it('hides the free slots of a closed department only, and gives them back when it reopens', () => {
    const world = createWorld({ centresPerDepartment: 2, departments: ['69', '13'] });
    const switches = closures();
    const served = withClosures(world, switches.closed);
    const at = new Date('2026-03-02T07:30:00Z');
    const to = new Date('2026-03-12T00:00:00Z');
    const count = (department: string, source = served) =>
      source.listings
        .filter((listing) => listing.centre.department === department)
        .reduce((sum, listing) => sum + source.freeSlots(listing, at, at, to).length, 0);
    expect(count('69')).toBe(count('69', world));
    expect(count('69')).toBeGreaterThan(0);
    switches.close('69');
    expect(count('69')).toBe(0);
    expect(count('13')).toBe(count('13', world));
    switches.open('69');
    expect(count('69')).toBe(count('69', world));
  });
});
