// Fills a real SQLite store with the synthetic world as a perfect scraper would have seen it at `at`, so the
// read side can be tested end to end whatever platforms are implemented. Every listing becomes a centre
// (`<platform><ordinal>`); phone-only listings end in an issue; every 40th listing was last scanned long ago
// (stale). Returns what was written, as the ground truth of the read side.
import { scanWindow } from '../../src/aggregator/ingest/scan.js';
import type { Store } from '../../src/aggregator/store/store.js';
import type { Centre, Slot } from '../../src/domain.js';
import type { World } from '../../src/sandbox/world.js';

export interface SeededCentre {
  readonly centre: Centre;
  readonly slots: readonly Slot[];
  readonly stale: boolean;
  readonly listed: boolean;
}

export const STALE_EVERY = 40;

export function seedFromWorld(store: Store, world: World, at: Date, horizonDays = 11): SeededCentre[] {
  const window = scanWindow(at, horizonDays);
  const seeded: SeededCentre[] = [];
  const centres: Centre[] = world.listings.map((listing) => {
    const place = listing.centre;
    return {
      id: `${listing.platform}${listing.ordinal}`,
      platform: listing.platform,
      name: place.name,
      kind: place.kind,
      address: `${place.street}, ${place.postalCode} ${place.commune.name}`,
      postalCode: place.postalCode,
      city: place.commune.name,
      insee: place.commune.insee,
      department: place.department,
      location: place.location,
      phone: `+33${place.phone.slice(1)}`,
      businessHours: { lundi: '09:00-12:00, 14:00-18:00', dimanche: null },
      bookingUrl: `https://${listing.platform}.example/${listing.key}`,
      atlasGid: null,
      scanData: null,
    };
  });
  store.upsertCentres(centres, at.getTime() - 3_600_000);
  world.listings.forEach((listing, i) => {
    const centre = centres[i]!;
    if (listing.phoneOnly) {
      store.recordScan(
        centre,
        { kind: 'issue', issue: { reason: 'phone-only', message: 'booking by phone only' } },
        at.getTime() - 60_000,
        3,
      );
      seeded.push({ centre, slots: [], stale: true, listed: false });
      return;
    }
    const stale = i % STALE_EVERY === STALE_EVERY - 1;
    const checkedAt = stale ? at.getTime() - 2 * 3_600_000 : at.getTime() - 60_000;
    const slots: Slot[] = world.freeSlots(listing, new Date(checkedAt), window.from, window.to).map((slot) => ({
      start: slot.start,
      vaccine: slot.motive.vaccine,
      doses: [slot.motive.dose],
      motive: slot.motive.key,
    }));
    store.recordScan(centre, { kind: 'slots', slots }, checkedAt, 5);
    seeded.push({ centre, slots, stale, listed: true });
  });
  return seeded;
}
