// The public's question, answered across every centre: "the soonest slots that fit me", filtered by place,
// vaccine, dose and time, soonest first, a page at a time. Pure: snapshot in, page out.
import type { CentreKind, Dose, PlatformId, Vaccine } from '../../domain.js';
import { toParisIso } from '../../time.js';
import { distanceFrom, isInPlace } from './place.js';
import type { Snapshot } from './read-model.js';
import type { StoredCentre } from '../store/store.js';
import {
  CentreState,
  doseMask,
  dosesKeyOfMask,
  dosesOf,
  firstFrom,
  packSlots,
  vaccineOf,
  type PackedSlots,
} from './centre-state.js';
import { centreIdentity, isPublic, isStale, type SearchFilter } from './views.js';
import { getOrInsert } from '../../maps.js';
import { compareStrings } from '../../text.js';

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

/**
 * The slots of one centre in search order (start, vaccine, doses key), packed: the live read model's own
 * arrays, or, for a plain centre (tests), its slots sorted and packed once.
 */
const packedOfPlain = new WeakMap<StoredCentre, PackedSlots>();

function packedOf(centre: StoredCentre): PackedSlots {
  if (centre instanceof CentreState) return centre.packed;
  return getOrInsert(packedOfPlain, centre, () => {
    const rows = centre.slots
      .map((slot) => ({ startAt: slot.startAt, vaccine: slot.vaccine, dosesKey: slot.doses.join(',') }))
      .sort(
        (a, b) =>
          a.startAt - b.startAt || compareStrings(a.vaccine, b.vaccine) || compareStrings(a.dosesKey, b.dosesKey),
      );
    return packSlots(rows);
  });
}

/** A centre's position in the merge: the key of its next slot. */
interface Head {
  readonly centre: StoredCentre;
  readonly packed: PackedSlots;
  position: number;
}

function headKey(head: Head): SlotCursor {
  const i = head.position;
  return {
    startAt: head.packed.starts[i]!,
    centreId: head.centre.id,
    vaccine: vaccineOf(head.packed.vaccines[i]!),
    dosesKey: dosesKeyOfMask(head.packed.doses[i]!),
  };
}

function compareHeads(a: Head, b: Head): number {
  const startA = a.packed.starts[a.position]!;
  const startB = b.packed.starts[b.position]!;
  if (startA !== startB) return startA - startB;
  if (a.centre.id !== b.centre.id) return compareStrings(a.centre.id, b.centre.id);
  return compareKeys(headKey(a), headKey(b));
}

function compareKeys(a: SlotCursor, b: SlotCursor): number {
  return (
    a.startAt - b.startAt ||
    compareStrings(a.centreId, b.centreId) ||
    compareStrings(a.vaccine, b.vaccine) ||
    compareStrings(a.dosesKey, b.dosesKey)
  );
}

/** A binary min-heap of centre heads: the next slot of the search is always at the top. */
class HeadHeap {
  private readonly items: Head[] = [];

  get size(): number {
    return this.items.length;
  }

  push(head: Head): void {
    const items = this.items;
    items.push(head);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >>> 1;
      if (compareHeads(items[i]!, items[parent]!) >= 0) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  top(): Head {
    return this.items[0]!;
  }

  /** The top head moved on (or ran out): restore the order. */
  fix(): void {
    const items = this.items;
    const top = items[0]!;
    if (top.position >= top.packed.starts.length) {
      const last = items.pop()!;
      if (items.length === 0) return;
      items[0] = last;
    }
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < items.length && compareHeads(items[left]!, items[smallest]!) < 0) smallest = left;
      if (right < items.length && compareHeads(items[right]!, items[smallest]!) < 0) smallest = right;
      if (smallest === i) return;
      [items[i], items[smallest]] = [items[smallest]!, items[i]!];
      i = smallest;
    }
  }
}

export function encodeCursor(cursor: SlotCursor): string {
  return Buffer.from(JSON.stringify([cursor.startAt, cursor.centreId, cursor.vaccine, cursor.dosesKey])).toString(
    'base64url',
  );
}

/** Null for anything that is not a cursor this server gave out. */
export function decodeCursor(text: string): SlotCursor | null {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(text)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 4) return null;
    const [startAt, centreId, vaccine, dosesKey] = value as unknown[];
    if (
      !Number.isSafeInteger(startAt) ||
      typeof centreId !== 'string' ||
      typeof vaccine !== 'string' ||
      typeof dosesKey !== 'string'
    )
      return null;
    return { startAt: startAt as number, centreId, vaccine, dosesKey };
  } catch {
    return null;
  }
}

/**
 * The soonest slots matching the filter, after the cursor when given, at most `limit` of them: a merge of the
 * matching centres' sorted slots, so a page costs the number of centres plus the slots it walks, whatever the
 * number of slots in the country.
 */
export function soonestSlots(
  snapshot: Snapshot,
  filter: SearchFilter,
  page: { limit: number; after?: SlotCursor },
  now: number,
): SlotPage {
  const start = Math.max(now, filter.from ?? now, page.after?.startAt ?? now);
  const heap = new HeadHeap();
  const centres =
    filter.department !== undefined ? (snapshot.byDepartment.get(filter.department) ?? []) : snapshot.centres;
  for (const centre of centres) {
    if (
      !isPublic(centre) ||
      !isInPlace(centre, filter) ||
      (filter.includeStale !== true && isStale(snapshot, centre, now))
    )
      continue;
    const packed = packedOf(centre);
    const position = firstFrom(packed, start);
    if (position < packed.starts.length) heap.push({ centre, packed, position });
  }
  const wantedDose = filter.dose === undefined ? 0 : doseMask([filter.dose]);
  const found: Array<{ centre: StoredCentre; key: SlotCursor; doses: readonly Dose[] }> = [];
  while (heap.size > 0) {
    const head = heap.top();
    const i = head.position;
    const startAt = head.packed.starts[i]!;
    if (filter.to !== undefined && startAt >= filter.to) break;
    const key = headKey(head);
    head.position += 1;
    heap.fix();
    if (page.after && compareKeys(key, page.after) <= 0) continue;
    if (filter.vaccine !== undefined && key.vaccine !== filter.vaccine) continue;
    const mask = head.packed.doses[i]!;
    if (wantedDose !== 0 && (mask & wantedDose) === 0) continue;
    found.push({ centre: head.centre, key, doses: dosesOf(mask) });
    // One more than the page tells whether a next page exists.
    if (found.length > page.limit) break;
  }
  const shown = found.slice(0, page.limit);
  const last = shown.at(-1);
  return {
    slots: shown.map((entry) => slotHit(snapshot, entry, filter, now)),
    next_cursor: found.length > page.limit && last ? encodeCursor(last.key) : null,
    soonestSlotAt: shown[0]?.key.startAt ?? null,
  };
}

function slotHit(
  snapshot: Snapshot,
  { centre, key, doses }: { centre: StoredCentre; key: SlotCursor; doses: readonly Dose[] },
  filter: SearchFilter,
  now: number,
): SlotHit {
  const distance = distanceFrom(centre, filter);
  return {
    start: toParisIso(new Date(key.startAt)),
    vaccine: key.vaccine as Vaccine,
    doses,
    center: {
      ...centreIdentity(centre),
      stale: isStale(snapshot, centre, now),
    },
    ...(distance === undefined ? {} : { distance_km: distance }),
  };
}
