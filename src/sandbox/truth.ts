// The sandbox's ground truth: what a perfect scraper would report for each centre at a given instant.
import type { PlatformId } from '../domain.js';
import { distinctSlots } from './platform.js';
import { SANDBOX_PLATFORMS } from './platforms/index.js';
import type { Listing, World } from './world.js';

export interface CentreTruth {
  readonly centreId: string;
  readonly platform: PlatformId;
  readonly department: string;
  readonly listingKey: string;
  /** The physical place: listings of one place (on two platforms, or twice on one) share it. */
  readonly place: string;
  /** Start instants of every free slot (one per slot and motive), soonest first. */
  readonly slots: readonly Date[];
}

export function groundTruth(
  world: World,
  platforms: readonly PlatformId[],
  at: Date,
  window: { from: Date; to: Date },
): Map<string, CentreTruth> {
  const truth = new Map<string, CentreTruth>();
  for (const platform of platforms) {
    const module = SANDBOX_PLATFORMS[platform];
    if (!module) continue;
    for (const listing of world.listingsOf(platform)) {
      if (!module.isScannable(listing)) continue;
      const centreId = module.centreIdOf(listing);
      truth.set(centreId, {
        centreId,
        platform,
        department: listing.centre.department,
        listingKey: listing.key,
        place: placeOf(listing),
        slots: distinctSlots(module, world.freeSlots(listing, at, window.from, window.to)).map((slot) => slot.start),
      });
    }
  }
  return truth;
}

/** The physical place a listing is of: the same for every listing of one place, however it is written. */
export function placeOf(listing: Listing): string {
  return listing.centre.samePlaceAs ?? listing.centre.key;
}
