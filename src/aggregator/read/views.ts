// Pure answers of the JSON API, computed from a snapshot: no I/O, so each is tested with plain values.
import { DEPARTMENTS, findDepartment } from '../../departments.js';
import type { CentreKind, Dose, PlatformId, Vaccine } from '../../domain.js';
import { parisDate, toParisIso } from '../../time.js';
import { distanceFrom, isInPlace, type PlaceFilter } from './place.js';
import { placesOf } from './places/index-of.js';
import { mergePlace, type PlaceSource } from './places/merged.js';
import type { Snapshot } from './read-model.js';
import type { StoredCentre, StoredSlot } from '../store/store.js';

export interface SlotFilter {
  readonly vaccine?: Vaccine;
  readonly dose?: Dose;
  /** Instants, inclusive start and exclusive end. */
  readonly from?: number;
  readonly to?: number;
  /** Show the slots of stale centres too (flagged); by default a stale centre offers none. */
  readonly includeStale?: boolean;
}

/** What a search can ask: when and what (the slot filter) and where (the place filter). */
export interface SearchFilter extends SlotFilter, PlaceFilter {}

const NEXT_SLOTS_SHOWN = 5;

/** The centre's slots that match the filter and have not begun at `now`, soonest first. */
export function matchingSlots(centre: StoredCentre, filter: SlotFilter, now: number): StoredSlot[] {
  const from = Math.max(now, filter.from ?? now);
  return centre.slots.filter(
    (slot) =>
      slot.startAt >= from &&
      (filter.to === undefined || slot.startAt < filter.to) &&
      (filter.vaccine === undefined || slot.vaccine === filter.vaccine) &&
      (filter.dose === undefined || slot.doses.includes(filter.dose)),
  );
}

/**
 * A centre is stale when no scan of it has succeeded within the freshness limit: its last known slots may
 * be long gone, so "unknown" must not read as "available".
 */
export function isStale(snapshot: Snapshot, centre: StoredCentre, now: number): boolean {
  return centre.lastSuccessAt === null || centre.lastSuccessAt < now - snapshot.freshnessLimitMs;
}

/** The slots a centre offers under the filter: none from a stale centre unless asked for. */
export function offeredSlots(snapshot: Snapshot, centre: StoredCentre, filter: SlotFilter, now: number): StoredSlot[] {
  if (!filter.includeStale && isStale(snapshot, centre, now)) return [];
  return matchingSlots(centre, filter, now);
}

/** Who and where a centre is, as every answer that shows a centre writes it. */
export interface CentreIdentity {
  readonly id: string;
  readonly name: string;
  readonly platform: PlatformId;
  readonly kind: CentreKind;
  readonly department: string | null;
  readonly booking_url: string;
  readonly address: string;
  readonly postal_code: string | null;
  readonly city: string | null;
  readonly location: { readonly latitude: number; readonly longitude: number } | null;
}

export interface CentreSummary extends CentreIdentity {
  readonly phone: string | null;
  readonly soonest_slot: string | null;
  readonly slot_count: number;
  readonly next_slots: ReadonlyArray<{
    readonly start: string;
    readonly vaccine: Vaccine;
    readonly doses: readonly Dose[];
  }>;
  readonly vaccines: readonly Vaccine[];
  /** Slot counts per Paris calendar day, for the days that have slots, soonest first. */
  readonly days: ReadonlyArray<{ readonly date: string; readonly slot_count: number }>;
  readonly last_checked_at: string | null;
  readonly last_success_at: string | null;
  readonly stale: boolean;
  /** Kilometres from the caller's point, when one was given and the centre has coordinates. */
  readonly distance_km?: number;
}

/** A place of a department answer: one entry however many listings it has, each kept as a source. */
export interface PlaceSummary extends CentreSummary {
  /** Every listing of the place, its own first: which platform, which booking link, what it offers. */
  readonly sources: readonly PlaceSource[];
}

export function centreIdentity(centre: StoredCentre): CentreIdentity {
  return {
    id: centre.id,
    name: centre.name,
    platform: centre.platform,
    kind: centre.kind,
    department: centre.department,
    booking_url: centre.bookingUrl,
    address: centre.address,
    postal_code: centre.postalCode,
    city: centre.city,
    location: centre.location,
  };
}

export function centreSummary(
  centre: StoredCentre,
  slots: readonly StoredSlot[],
  stale: boolean,
  distanceKm?: number,
): CentreSummary {
  return {
    ...centreIdentity(centre),
    phone: centre.phone,
    soonest_slot: slots[0] ? toParisIso(new Date(slots[0].startAt)) : null,
    slot_count: slots.length,
    next_slots: slots
      .slice(0, NEXT_SLOTS_SHOWN)
      .map((slot) => ({ start: toParisIso(new Date(slot.startAt)), vaccine: slot.vaccine, doses: slot.doses })),
    vaccines: distinct(slots.map((slot) => slot.vaccine)),
    days: slotsPerDay(slots),
    last_checked_at: centre.lastCheckedAt === null ? null : toParisIso(new Date(centre.lastCheckedAt)),
    last_success_at: centre.lastSuccessAt === null ? null : toParisIso(new Date(centre.lastSuccessAt)),
    stale,
    ...(distanceKm === undefined ? {} : { distance_km: distanceKm }),
  };
}

/** Slots are sorted, so each day's slots are one run. */
function slotsPerDay(slots: readonly StoredSlot[]): Array<{ date: string; slot_count: number }> {
  const days: Array<{ date: string; slot_count: number }> = [];
  for (const slot of slots) {
    const date = parisDate(new Date(slot.startAt));
    const last = days[days.length - 1];
    if (last?.date === date) last.slot_count += 1;
    else days.push({ date, slot_count: 1 });
  }
  return days;
}

export interface DepartmentCentres {
  readonly department: { readonly code: string; readonly name: string };
  readonly centers: readonly PlaceSummary[];
  /** Soonest slot shown, for the answer cache. */
  readonly soonestSlotAt: number | null;
}

/**
 * The places of a department, soonest slot first; places without a matching slot after. A place listed on
 * several platforms (or twice on one) is one entry: its id and identity are its first listing's (lowest id),
 * its slots those of every listing, each listing a source. Ties go to the nearest when a point was given (a
 * place makes distance matter), then by name.
 */
export function departmentCentres(
  snapshot: Snapshot,
  code: string,
  filter: SearchFilter,
  now: number,
): DepartmentCentres | null {
  const department = findDepartment(code);
  if (!department) return null;
  const rows = placeGroups(snapshot, code, filter)
    .map((listings) => placeRow(snapshot, listings, filter, now))
    .sort(comparePlaceRows);
  return {
    department: { code: department.code, name: department.name },
    centers: rows.map((row) => row.summary),
    soonestSlotAt: rows[0]?.soonestAt ?? null,
  };
}

/** A department's public listings in the place filter, grouped by place, each group by id. */
export function placeGroups(snapshot: Snapshot, code: string, filter: PlaceFilter): StoredCentre[][] {
  const places = placesOf(snapshot);
  const groups = new Map<string, StoredCentre[]>();
  for (const centre of snapshot.byDepartment.get(code) ?? []) {
    if (!isPublic(centre) || !isInPlace(centre, filter)) continue;
    const key = places.membersOf(centre.id)[0]!;
    const group = groups.get(key);
    if (group) group.push(centre);
    else groups.set(key, [centre]);
  }
  // By id, so a place is named by its lowest id whatever order the snapshot lists its centres in.
  return [...groups.values()].map((listings) => listings.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
}

/** One place of a department answer, and what orders it among the others. */
export interface PlaceRow {
  readonly summary: PlaceSummary;
  readonly soonestAt: number | null;
  readonly distance: number | undefined;
  readonly name: string;
}

/** The entry of a place from its listings (by id). */
export function placeRow(
  snapshot: Snapshot,
  listings: readonly StoredCentre[],
  filter: SearchFilter,
  now: number,
): PlaceRow {
  const row = mergePlace(
    listings.map((centre) => ({
      centre,
      slots: offeredSlots(snapshot, centre, filter, now),
      stale: isStale(snapshot, centre, now),
      distance: distanceFrom(centre, filter),
    })),
  );
  return {
    summary: {
      ...centreSummary(row.centre, row.slots, row.stale, row.distance),
      ...row.freshness,
      sources: row.sources,
    },
    soonestAt: row.slots[0]?.startAt ?? null,
    distance: row.distance,
    name: row.centre.name,
  };
}

/** What orders the places of a department answer. */
export interface PlaceOrder {
  readonly soonestAt: number | null;
  readonly distance?: number | undefined;
  readonly name: string;
}

/** Soonest slot first, places without one after; ties to the nearest (when a point was given), then by name. */
export function comparePlaceRows(a: PlaceOrder, b: PlaceOrder): number {
  return (
    (a.soonestAt ?? Number.POSITIVE_INFINITY) - (b.soonestAt ?? Number.POSITIVE_INFINITY) ||
    (a.distance ?? Number.POSITIVE_INFINITY) - (b.distance ?? Number.POSITIVE_INFINITY) ||
    a.name.localeCompare(b.name, 'fr')
  );
}

export interface DepartmentOverview {
  readonly code: string;
  readonly name: string;
  readonly center_count: number;
  readonly centers_with_slots: number;
  readonly soonest_slot: string | null;
}

export function departmentsOverview(
  snapshot: Snapshot,
  now: number,
): { departments: DepartmentOverview[]; soonestSlotAt: number | null } {
  return overviewFromRows(DEPARTMENTS.map((department) => departmentOverviewRow(snapshot, department.code, now)));
}

export interface OverviewRow {
  readonly overview: DepartmentOverview;
  readonly soonestSlotAt: number | null;
}

/** One department's line of the overview: its part, built with the department. */
export function departmentOverviewRow(snapshot: Snapshot, code: string, now: number): OverviewRow {
  const department = findDepartment(code)!;
  const centres = (snapshot.byDepartment.get(code) ?? []).filter(isPublic);
  // Counted as the department answer lists them: a place once, however many platforms list it.
  const places = placesOf(snapshot);
  const all = new Set<string>();
  const withSlots = new Set<string>();
  let soonest: number | null = null;
  for (const centre of centres) {
    const place = places.membersOf(centre.id)[0]!;
    all.add(place);
    const first = soonestOffered(snapshot, centre, now);
    if (first === null) continue;
    withSlots.add(place);
    if (soonest === null || first < soonest) soonest = first;
  }
  return {
    overview: {
      code: department.code,
      name: department.name,
      center_count: all.size,
      centers_with_slots: withSlots.size,
      soonest_slot: soonest === null ? null : toParisIso(new Date(soonest)),
    },
    soonestSlotAt: soonest,
  };
}

/** The overview from its lines, in department order. */
export function overviewFromRows(rows: readonly OverviewRow[]): {
  departments: DepartmentOverview[];
  soonestSlotAt: number | null;
} {
  let overallSoonest: number | null = null;
  for (const row of rows)
    if (row.soonestSlotAt !== null && (overallSoonest === null || row.soonestSlotAt < overallSoonest))
      overallSoonest = row.soonestSlotAt;
  return { departments: rows.map((row) => row.overview), soonestSlotAt: overallSoonest };
}

/** The start of the soonest slot a fresh centre offers now, without making its other slots. */
function soonestOffered(snapshot: Snapshot, centre: StoredCentre, now: number): number | null {
  if (isStale(snapshot, centre, now)) return null;
  if (hasPackedSlots(centre)) return centre.soonestFrom(now);
  return matchingSlots(centre, {}, now)[0]?.startAt ?? null;
}

/** How many slots a centre offers now (none when stale), without making them when they are packed. */
export function offeredCount(snapshot: Snapshot, centre: StoredCentre, now: number): number {
  if (isStale(snapshot, centre, now)) return 0;
  return hasPackedSlots(centre) ? centre.countFrom(now) : matchingSlots(centre, {}, now).length;
}

/** A centre of the live read model (read/centre-state.ts), whose slots are packed. */
interface PackedCentre extends StoredCentre {
  countFrom(instant: number): number;
  soonestFrom(instant: number): number | null;
}

function hasPackedSlots(centre: StoredCentre): centre is PackedCentre {
  return typeof (centre as Partial<PackedCentre>).countFrom === 'function';
}

/** A centre is shown once a scan of it has succeeded: before that we know nothing worth showing. */
export function isListed(centre: StoredCentre): boolean {
  return centre.lastSuccessAt !== null;
}

const RESERVED_PHRASES = [
  'professions prioritaires',
  'professionnels de santé',
  'professionnels prioritaires',
  'personnels prioritaires',
];

/** Centres reserved to health professionals are scraped but not offered to the public (scraping-behaviour.md §7). */
export function isReserved(centre: Pick<StoredCentre, 'name'>): boolean {
  const name = centre.name.toLowerCase().trim();
  return RESERVED_PHRASES.some((phrase) => name.includes(phrase));
}

/** What the public answers show: scanned at least once, and not reserved to professionals. */
export function isPublic(centre: StoredCentre): boolean {
  return isListed(centre) && !isReserved(centre);
}

function distinct<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
