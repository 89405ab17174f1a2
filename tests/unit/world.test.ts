import { describe, expect, it } from 'vitest';
import { COMMUNES, DEPARTMENTS, departmentOfPostalCode } from '../../src/departments.js';
import { ManualClock } from '../../src/clock.js';
import { PLATFORMS } from '../../src/domain.js';
import { distanceKm } from '../../src/geo.js';
import { mainTownOf } from '../../src/sandbox/geography.js';
import { SANDBOX_PLATFORMS } from '../../src/sandbox/platforms/index.js';
import { createWorld, type Listing } from '../../src/sandbox/world.js';
import { isExtraCentreKey } from '../../src/sandbox/duplicates.js';

const at = new Date('2026-03-02T07:30:00Z');
const inDays = (days: number) => new Date(at.getTime() + days * 86_400_000);

describe('the synthetic world', () => {
  it('is the same world for the same seed, and another for another seed', () => {
    const a = createWorld({ seed: 7 });
    const b = createWorld({ seed: 7 });
    const c = createWorld({ seed: 8 });
    const slots = (world: typeof a) =>
      world.listings
        .slice(0, 20)
        .flatMap((listing) =>
          world.freeSlots(listing, at, at, inDays(7)).map((slot) => `${listing.key}@${slot.start.toISOString()}`),
        );
    expect(slots(a)).toEqual(slots(b));
    expect(slots(a)).not.toEqual(slots(c));
    expect(slots(a).length).toBeGreaterThan(50);
  });

  it('has centres in every department of the open-data format, some listed on two platforms', () => {
    const world = createWorld();
    expect(new Set(world.centres.map((centre) => centre.department))).toEqual(
      new Set(DEPARTMENTS.map((department) => department.code)),
    );
    const listingsPerCentre = new Map<string, number>();
    for (const listing of world.listings)
      listingsPerCentre.set(listing.centre.key, (listingsPerCentre.get(listing.centre.key) ?? 0) + 1);
    expect([...listingsPerCentre.values()].filter((count) => count === 2).length).toBeGreaterThan(5);
    expect(world.listings.some((listing) => listing.phoneOnly)).toBe(true);
  });

  it(
    'lists some places again written another way, and near misses: a ' +
      'neighbour in the building, a namesake elsewhere',
    () => {
      const world = createWorld();
      const byKey = new Map(world.listings.map((listing) => [listing.centre.key, listing.centre]));
      const extras = (suffix: string) =>
        world.listings.filter((listing) => listing.centre.key.endsWith(suffix)).map((listing) => listing.centre);
      const again = extras('-again');
      expect(again.length).toBeGreaterThan(10);
      for (const centre of again) {
        const original = byKey.get(centre.samePlaceAs!)!;
        expect(distanceKm(centre.location, original.location)).toBeLessThanOrEqual(0.025);
        expect([centre.postalCode, centre.phone]).toEqual([original.postalCode, original.phone]);
      }
      expect(again.some((centre) => centre.name !== byKey.get(centre.samePlaceAs!)!.name)).toBe(true);
      for (const centre of extras('-building')) {
        const original = byKey.get(centre.key.replace(/-building$/, ''))!;
        expect([centre.street, centre.location, centre.samePlaceAs]).toEqual([
          original.street,
          original.location,
          undefined,
        ]);
        expect([centre.name === original.name, centre.phone === original.phone, centre.kind === original.kind]).toEqual(
          [false, false, false],
        );
      }
      for (const centre of extras('-elsewhere')) {
        const original = byKey.get(centre.key.replace(/-elsewhere$/, ''))!;
        expect(centre.name).toBe(original.name);
        expect(centre.commune.insee).not.toBe(original.commune.insee);
      }
      expect(extras('-building').length + extras('-elsewhere').length).toBeGreaterThan(15);
      expect(createWorld().listings.map((listing) => listing.key)).toEqual(
        world.listings.map((listing) => listing.key),
      );
    },
  );

  it('books slots as time passes, and books slots days ahead sooner when the booking lead is longer', () => {
    const world = createWorld({ centresPerDepartment: 1 });
    const rushed = createWorld({ centresPerDepartment: 1, meanBookingLeadHours: 400 });
    const count = (w: typeof world, when: Date) =>
      w.listings.reduce((sum, listing) => sum + w.freeSlots(listing, when, inDays(3), inDays(4)).length, 0);
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

  describe('a real geography', () => {
    const world = createWorld();
    const communes = new Map(COMMUNES.map((commune) => [commune.insee, commune]));

    it(
      'puts every centre in a real commune of its department, with a postal ' +
        'code of that commune placed in the same department',
      () => {
        for (const centre of world.centres) {
          const commune = communes.get(centre.commune.insee);
          expect(commune?.name).toBe(centre.commune.name);
          expect(commune?.department).toBe(centre.department);
          expect(commune?.postalCodes).toContain(centre.postalCode);
          expect(departmentOfPostalCode(centre.postalCode)).toBe(centre.department);
        }
      },
    );

    it('stands every centre within 60 km of its department main town, on valid coordinates', () => {
      for (const centre of world.centres) {
        const town = mainTownOf(centre.department, centre.commune.insee);
        expect(town, centre.key).not.toBeNull();
        expect(distanceKm(town!, centre.location), centre.key).toBeLessThan(60);
        expect(Math.abs(centre.location.latitude)).toBeLessThanOrEqual(90);
        expect(Math.abs(centre.location.longitude)).toBeLessThanOrEqual(180);
      }
    });

    it('has centres within 50 km of Paris, Marseille and Ajaccio (the web front commune search)', () => {
      const towns = {
        Paris: { latitude: 48.8566, longitude: 2.3522 },
        Marseille: { latitude: 43.2965, longitude: 5.3698 },
        Ajaccio: { latitude: 41.9192, longitude: 8.7386 },
      };
      for (const [name, point] of Object.entries(towns)) {
        const near = world.centres.filter((centre) => distanceKm(point, centre.location) <= 50);
        expect(near.length, name).toBeGreaterThanOrEqual(3);
      }
      // The README example: 10 km around the centre of Paris.
      expect(
        world.centres.filter((centre) => distanceKm({ latitude: 48.85, longitude: 2.35 }, centre.location) <= 10)
          .length,
      ).toBeGreaterThanOrEqual(8);
    });

    it("has the README's example centre, a Paris one", () => {
      const readmeId = 'doctolib246111pid160707';
      // Doctolib ids come from the directory the sandbox files when it serves a world.
      SANDBOX_PLATFORMS.doctolib!.router({ world, clock: new ManualClock(at) });
      const listing = world
        .listingsOf('doctolib')
        .find((candidate) => SANDBOX_PLATFORMS.doctolib!.centreIdOf(candidate) === readmeId);
      expect(listing?.centre.department).toBe('75');
    });

    it('draws communes by population: big towns have more centres than villages', () => {
      const inTop = world.centres.filter((centre) => centre.commune.population >= 50_000).length;
      const communesInTop = COMMUNES.filter((commune) => commune.population >= 50_000).length / COMMUNES.length;
      expect(communesInTop).toBeLessThan(0.01);
      // Drawn uniformly over communes, under 1% of the centres would be in such towns.
      expect(inTop / world.centres.length).toBeGreaterThan(0.1);
    });
  });

  it(
    'keeps each platform world when a platform is added: every draw comes ' + 'from the platform, department and index',
    () => {
      const world = createWorld();
      const small = createWorld({ departments: ['13', '2A', '75'] });
      const describe = (listing: Listing) =>
        JSON.stringify([listing.key, listing.centre, listing.motives, listing.phoneOnly, listing.opensLater]);
      // The same centre key is the same centre, whatever else the world holds.
      const full = new Map(world.listings.map((listing) => [listing.key, describe(listing)]));
      for (const listing of small.listings) expect(full.get(listing.key)).toBe(describe(listing));
      // Each platform's own listings depend on nothing registered after it (the duplicates and near misses
      // of sandbox/duplicates.ts come after all of them).
      for (const platform of PLATFORMS) {
        const own = world
          .listingsOf(platform)
          .filter((listing) => listing.centre.key.startsWith(`${platform}-`) && !isExtraCentreKey(listing.centre.key));
        expect(own.map((listing) => listing.ordinal)).toEqual(own.map((_, index) => index + 1));
      }
      expect(world.centres.length).toBeGreaterThan(370);
      expect(world.centres.length).toBeLessThan(450);
    },
  );
});
