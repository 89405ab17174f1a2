// The public's question, answered across every centre: "the soonest slots that fit me", filtered by place,
// vaccine, dose and time, soonest first, a page at a time. Pure: snapshot in, page out.
import type { CentreKind, Dose, PlatformId, Vaccine } from '../../domain.js';
import { toParisIso } from '../../time.js';
import { distanceFrom, isInPlace } from './place.js';
import type { Snapshot } from './read-model.js';
import type { StoredCentre, StoredSlot } from '../store/store.js';
import { centreIdentity, isPublic, isStale, type SearchFilter } from './views.js';

interface IndexedSlot {
  readonly centre: StoredCentre;
  readonly slot: StoredSlot;
  readonly dosesKey: string;
}

/** Where a page ends: the sort key of its last slot. The next page starts strictly after it. */
export interface SlotCursor {
  readonly startAt: number;
  readonly centreId: string;
  readonly vaccine: string;
  readonly dosesKey: string;
}

export interface SlotHit {
  readonly start: string;
  readonly vaccine: Vaccine;
  readonly doses: readonly Dose[];
  readonly center: {
    readonly id: string;
    readonly name: string;
    readonly platform: PlatformId;
    readonly kind: CentreKind;
    readonly department: string | null;
    readonly address: string;
    readonly postal_code: string | null;
    readonly city: string | null;
    readonly location: { readonly latitude: number; readonly longitude: number } | null;
    readonly booking_url: string;
    readonly stale: boolean;
  };
  readonly distance_km?: number;
}

export interface SlotPage {
  readonly slots: readonly SlotHit[];
  /** Null on the last page. */
  readonly next_cursor: string | null;
  /** Soonest slot shown, for the answer cache. */
  readonly soonestSlotAt: number | null;
}

export const MAX_PAGE_SIZE = 200;

// One sorted list of every public slot per snapshot, built on first use: a search is then a binary search
// to its start and a walk until the page is full, instead of a sort per request.
const indexes = new WeakMap<Snapshot, IndexedSlot[]>();

function slotIndex(snapshot: Snapshot): IndexedSlot[] {
  let index = indexes.get(snapshot);
  if (!index) {
    index = [];
    for (const centre of snapshot.centres) {
      if (!isPublic(centre)) continue;
      for (const slot of centre.slots) index.push({ centre, slot, dosesKey: slot.doses.join(',') });
    }
    index.sort(compareIndexed);
    indexes.set(snapshot, index);
  }
  return index;
}

function compareKeys(a: SlotCursor, b: SlotCursor): number {
  return a.startAt - b.startAt || compareStrings(a.centreId, b.centreId) || compareStrings(a.vaccine, b.vaccine) || compareStrings(a.dosesKey, b.dosesKey);
}

function keyOf(entry: IndexedSlot): SlotCursor {
  return { startAt: entry.slot.startAt, centreId: entry.centre.id, vaccine: entry.slot.vaccine, dosesKey: entry.dosesKey };
}

/** Same order as compareKeys, without building keys: this runs n log n times per snapshot. */
function compareIndexed(a: IndexedSlot, b: IndexedSlot): number {
  return (
    a.slot.startAt - b.slot.startAt ||
    compareStrings(a.centre.id, b.centre.id) ||
    compareStrings(a.slot.vaccine, b.slot.vaccine) ||
    compareStrings(a.dosesKey, b.dosesKey)
  );
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** First position whose slot starts at or after `instant`. */
function lowerBound(index: readonly IndexedSlot[], instant: number): number {
  let low = 0;
  let high = index.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (index[middle]!.slot.startAt < instant) low = middle + 1;
    else high = middle;
  }
  return low;
}

export function encodeCursor(cursor: SlotCursor): string {
  return Buffer.from(JSON.stringify([cursor.startAt, cursor.centreId, cursor.vaccine, cursor.dosesKey])).toString('base64url');
}

/** Null for anything that is not a cursor this server gave out. */
export function decodeCursor(text: string): SlotCursor | null {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(text)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 4) return null;
    const [startAt, centreId, vaccine, dosesKey] = value as unknown[];
    if (!Number.isSafeInteger(startAt) || typeof centreId !== 'string' || typeof vaccine !== 'string' || typeof dosesKey !== 'string') return null;
    return { startAt: startAt as number, centreId, vaccine, dosesKey };
  } catch {
    return null;
  }
}

/** The soonest slots matching the filter, after the cursor when given, at most `limit` of them. */
export function soonestSlots(snapshot: Snapshot, filter: SearchFilter, page: { limit: number; after?: SlotCursor }, now: number): SlotPage {
  const index = slotIndex(snapshot);
  const start = Math.max(now, filter.from ?? now, page.after?.startAt ?? now);
  const centreVerdicts = new Map<StoredCentre, boolean>();
  const accepts = (centre: StoredCentre): boolean => {
    let verdict = centreVerdicts.get(centre);
    if (verdict === undefined) {
      verdict = isInPlace(centre, filter) && (filter.includeStale === true || !isStale(snapshot, centre, now));
      centreVerdicts.set(centre, verdict);
    }
    return verdict;
  };
  const found: IndexedSlot[] = [];
  for (let position = lowerBound(index, start); position < index.length; position += 1) {
    const entry = index[position]!;
    const { slot } = entry;
    if (filter.to !== undefined && slot.startAt >= filter.to) break;
    if (page.after && compareKeys(keyOf(entry), page.after) <= 0) continue;
    if (filter.vaccine !== undefined && slot.vaccine !== filter.vaccine) continue;
    if (filter.dose !== undefined && !slot.doses.includes(filter.dose)) continue;
    if (!accepts(entry.centre)) continue;
    found.push(entry);
    // One more than the page tells whether a next page exists.
    if (found.length > page.limit) break;
  }
  const shown = found.slice(0, page.limit);
  const last = shown.at(-1);
  return {
    slots: shown.map((entry) => slotHit(snapshot, entry, filter, now)),
    next_cursor: found.length > page.limit && last ? encodeCursor(keyOf(last)) : null,
    soonestSlotAt: shown[0]?.slot.startAt ?? null,
  };
}

function slotHit(snapshot: Snapshot, { centre, slot }: IndexedSlot, filter: SearchFilter, now: number): SlotHit {
  const distance = distanceFrom(centre, filter);
  return {
    start: toParisIso(new Date(slot.startAt)),
    vaccine: slot.vaccine,
    doses: slot.doses,
    center: {
      ...centreIdentity(centre),
      stale: isStale(snapshot, centre, now),
    },
    ...(distance === undefined ? {} : { distance_km: distance }),
  };
}
