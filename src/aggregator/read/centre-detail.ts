// One centre, in full: its upcoming slots grouped by Paris day, how fresh that knowledge is, and every
// platform listing the same place (the "same centre twice" of 2021, shown as one centre with its sources).
import type { Dose, Vaccine } from '../../domain.js';
import { parisDate, toParisIso } from '../../time.js';
import { placesOf } from './places/index-of.js';
import type { Snapshot } from './read-model.js';
import type { StoredCentre } from '../store/store.js';
import { centreIdentity, isReserved, isStale, offeredSlots, type SlotFilter } from './views.js';
import { getOrInsert } from '../../maps.js';

export interface CentreSource {
  readonly id: string;
  readonly platform: string;
  readonly booking_url: string;
  readonly last_success_at: string | null;
  readonly stale: boolean;
  readonly soonest_slot: string | null;
  readonly slot_count: number;
}

export interface CentreDetail {
  readonly center: {
    readonly id: string;
    readonly name: string;
    readonly platform: string;
    readonly kind: string;
    readonly department: string | null;
    readonly address: string;
    readonly postal_code: string | null;
    readonly city: string | null;
    readonly insee: string | null;
    readonly location: { readonly latitude: number; readonly longitude: number } | null;
    readonly phone: string | null;
    readonly business_hours: Readonly<Record<string, string | null>> | null;
    readonly booking_url: string;
  };
  readonly freshness: {
    readonly last_checked_at: string | null;
    readonly last_success_at: string | null;
    /** Seconds since the last successful scan, at the time of the answer. */
    readonly age_seconds: number | null;
    readonly stale: boolean;
    readonly last_issue: string | null;
  };
  readonly soonest_slot: string | null;
  readonly slot_count: number;
  readonly days: ReadonlyArray<{
    readonly date: string;
    readonly slot_count: number;
    readonly slots: ReadonlyArray<{
      readonly start: string;
      readonly vaccine: Vaccine;
      readonly doses: readonly Dose[];
    }>;
  }>;
  /** This listing first, then the same place on other platforms. */
  readonly sources: readonly CentreSource[];
}

/** Null for an unknown centre, and for one reserved to professionals (never offered to the public). */
export function centreDetail(
  snapshot: Snapshot,
  id: string,
  filter: SlotFilter,
  now: number,
): { detail: CentreDetail; soonestSlotAt: number | null } | null {
  const centre = snapshot.byId.get(id);
  if (!centre || isReserved(centre)) return null;
  const slots = offeredSlots(snapshot, centre, filter, now);
  const days = new Map<string, Array<{ start: string; vaccine: Vaccine; doses: readonly Dose[] }>>();
  for (const slot of slots) {
    const instant = new Date(slot.startAt);
    const date = parisDate(instant);
    const list = getOrInsert(days, date, () => []);
    list.push({ start: toParisIso(instant), vaccine: slot.vaccine, doses: slot.doses });
  }
  const detail: CentreDetail = {
    center: {
      ...centreIdentity(centre),
      insee: centre.insee,
      phone: centre.phone,
      business_hours: centre.businessHours,
    },
    freshness: {
      last_checked_at: isoOrNull(centre.lastCheckedAt),
      last_success_at: isoOrNull(centre.lastSuccessAt),
      age_seconds: centre.lastSuccessAt === null ? null : Math.max(0, Math.round((now - centre.lastSuccessAt) / 1000)),
      stale: isStale(snapshot, centre, now),
      last_issue: centre.lastIssue,
    },
    soonest_slot: slots[0] ? toParisIso(new Date(slots[0].startAt)) : null,
    slot_count: slots.length,
    days: [...days].map(([date, list]) => ({ date, slot_count: list.length, slots: list })),
    sources: [centre, ...samePlace(snapshot, centre)].map((listing) => source(snapshot, listing, filter, now)),
  };
  return { detail, soonestSlotAt: slots[0]?.startAt ?? null };
}

/** Other public listings of the same place (places/match.ts says which), by id. */
export function samePlace(snapshot: Snapshot, centre: StoredCentre): StoredCentre[] {
  return placesOf(snapshot)
    .membersOf(centre.id)
    .filter((id) => id !== centre.id)
    .map((id) => snapshot.byId.get(id))
    .filter((other): other is StoredCentre => other !== undefined && !isReserved(other));
}

function source(snapshot: Snapshot, centre: StoredCentre, filter: SlotFilter, now: number): CentreSource {
  const slots = offeredSlots(snapshot, centre, filter, now);
  return {
    id: centre.id,
    platform: centre.platform,
    booking_url: centre.bookingUrl,
    last_success_at: isoOrNull(centre.lastSuccessAt),
    stale: isStale(snapshot, centre, now),
    soonest_slot: slots[0] ? toParisIso(new Date(slots[0].startAt)) : null,
    slot_count: slots.length,
  };
}

function isoOrNull(instant: number | null): string | null {
  return instant === null ? null : toParisIso(new Date(instant));
}
