// One entry for a place from its listings: its slots are every listing's, each listing stays visible as a
// source (which platform, which booking link, what it offers). Pure.
import type { PlatformId } from '../../../domain.js';
import { toParisIso } from '../../../time.js';
import type { StoredCentre, StoredSlot } from '../../store/store.js';

export interface PlaceSource {
  readonly platform: PlatformId;
  readonly center_id: string;
  readonly booking_url: string;
  readonly soonest_slot: string | null;
  readonly slot_count: number;
  readonly stale: boolean;
}

/** One listing as an answer sees it: its offered slots (soonest first), freshness and distance. */
export interface ListingView {
  readonly centre: StoredCentre;
  readonly slots: readonly StoredSlot[];
  readonly stale: boolean;
  readonly distance: number | undefined;
}

export interface MergedPlace {
  /** The listing that names the place: the first given (callers give them by id, so the lowest id). */
  readonly centre: StoredCentre;
  /** Every listing's slots, soonest first. */
  readonly slots: readonly StoredSlot[];
  /** Stale only when every listing is: one fresh listing is fresh knowledge of the place. */
  readonly stale: boolean;
  readonly distance: number | undefined;
  /** The latest scans of any listing. */
  readonly freshness: { readonly last_checked_at: string | null; readonly last_success_at: string | null };
  readonly sources: readonly PlaceSource[];
}

export function mergePlace(listings: readonly ListingView[]): MergedPlace {
  const first = listings[0]!;
  const slots =
    listings.length === 1
      ? first.slots
      : listings.flatMap((listing) => listing.slots).sort((a, b) => a.startAt - b.startAt);
  const distances = listings.map((listing) => listing.distance).filter((km): km is number => km !== undefined);
  return {
    centre: first.centre,
    slots,
    stale: listings.every((listing) => listing.stale),
    distance: distances.length > 0 ? Math.min(...distances) : undefined,
    freshness: {
      last_checked_at: latest(listings.map((listing) => listing.centre.lastCheckedAt)),
      last_success_at: latest(listings.map((listing) => listing.centre.lastSuccessAt)),
    },
    sources: listings.map(sourceOf),
  };
}

export function sourceOf({ centre, slots, stale }: ListingView): PlaceSource {
  return {
    platform: centre.platform,
    center_id: centre.id,
    booking_url: centre.bookingUrl,
    soonest_slot: slots[0] ? toParisIso(new Date(slots[0].startAt)) : null,
    slot_count: slots.length,
    stale,
  };
}

function latest(instants: ReadonlyArray<number | null>): string | null {
  let max: number | null = null;
  for (const instant of instants) if (instant !== null && (max === null || instant > max)) max = instant;
  return max === null ? null : toParisIso(new Date(max));
}
