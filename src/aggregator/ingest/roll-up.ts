// The history roll-up: change-log events in, compact increments out. Pure (the follower in history.ts does
// the SQL), so the arithmetic of lifetimes and of "taken" versus "expired" is tested with plain values.
//
// A slot's lifetime is the time between its identity appearing and going (same centre, start, vaccine, doses,
// motive). A slot that goes before its start was taken (booked, or withdrawn: a platform does not tell which);
// one that goes once its start has passed expired. Several places at one identity (Mapharma's seats) open
// the identity at the first place; each place that goes is one slot gone, its lifetime counted from there.
import type { ChangeEvent } from '../store/change-log.js';
import { NATIONAL_SCOPE } from '../store/history-store.js';
import { getOrInsert } from '../../maps.js';

const HOUR_MS = 3_600_000;

/** A slot identity the history knows to be open (free) now. */
export interface OpenSlot {
  readonly startAt: number;
  readonly vaccine: string;
  readonly dosesKey: string;
  readonly motive: string;
  readonly places: number;
  /** When the identity opened; null when it was already there as the history began. */
  readonly appearedAt: number | null;
}

/** A centre's open slots by identity key. */
export type CentreOpenSlots = Map<string, OpenSlot>;

/**
 * The open slots as stored before a roll-up, asked one identity at a time: a batch of changes touches a few
 * slots of many centres, and loading every open slot of each centre cost ten rows read per change.
 */
export interface OpenSlotSource {
  slot(centreId: string, identity: SlotIdentityFields): OpenSlot | undefined;
  /** Free places of a centre. */
  free(centreId: string): number;
}

export interface SlotIdentityFields {
  readonly startAt: number;
  readonly vaccine: string;
  readonly dosesKey: string;
  readonly motive: string;
}

/** A source over plain maps (tests, and what a caller already holds). */
export function mapSource(open: ReadonlyMap<string, CentreOpenSlots>): OpenSlotSource {
  return {
    slot: (centreId, identity) => open.get(centreId)?.get(slotKey(identity)),
    free: (centreId) => [...(open.get(centreId)?.values() ?? [])].reduce((sum, slot) => sum + slot.places, 0),
  };
}

export interface HourIncrement {
  readonly centreId: string;
  /** Start of the UTC hour (a Paris hour: Paris offsets are whole hours). */
  readonly hourStart: number;
  appeared: number;
  taken: number;
  expired: number;
  /** Over the gone slots whose appearance is known. */
  lifetimeSumMs: number;
  lifetimeCount: number;
  /** Free slots (places) of the centre after the hour's last change. */
  freeSlots: number;
}

export interface DayIncrement {
  /** A department code, or NATIONAL_SCOPE. */
  readonly scope: string;
  /** Start of the Paris day. */
  readonly dayStart: number;
  appeared: number;
  taken: number;
  expired: number;
  /** Lifetimes of the day's taken slots (known ones), as counts per lifetimeBin. */
  readonly takenLifetimes: Map<number, number>;
}

export interface RollUp {
  readonly hours: HourIncrement[];
  readonly days: DayIncrement[];
  /** Identities whose open state changed: the new state, or null when closed. Keyed by centre, then identity. */
  readonly openChanges: Map<string, Map<string, OpenSlot | null>>;
}

export function slotKey(slot: SlotIdentityFields): string {
  return `${slot.startAt}|${slot.vaccine}|${slot.dosesKey}|${slot.motive}`;
}

/**
 * Lifetimes are kept per day as a histogram of geometric bins (10 % wide, over whole seconds): a median read
 * from it is within 5 % of the exact one, and a day costs at most ~170 numbers per scope however many
 * slots went. Scans come minutes apart, so finer detail would be noise anyway.
 */
const BIN_RATIO = 1.1;
const LOG_RATIO = Math.log(BIN_RATIO);

export function lifetimeBin(lifetimeMs: number): number {
  const seconds = Math.max(0, Math.round(lifetimeMs / 1000));
  return Math.floor(Math.log(seconds + 1) / LOG_RATIO);
}

/** The geometric middle of a bin, in milliseconds. */
export function binMiddleMs(bin: number): number {
  const low = BIN_RATIO ** bin - 1;
  const high = BIN_RATIO ** (bin + 1) - 1;
  return Math.round(Math.sqrt(Math.max(low, 0.5) * high) * 1000);
}

/** The median of a lifetime histogram (the lower median for an even count), null when empty. */
export function medianOfBins(bins: ReadonlyMap<number, number>): number | null {
  const total = [...bins.values()].reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.ceil(total / 2);
  let seen = 0;
  for (const bin of [...bins.keys()].sort((a, b) => a - b)) {
    seen += bins.get(bin)!;
    if (seen >= rank) return binMiddleMs(bin);
  }
  return null;
}

/** Adds histogram `from` into `into`. */
export function mergeBins(into: Map<number, number>, from: ReadonlyMap<number, number>): void {
  for (const [bin, count] of from) into.set(bin, (into.get(bin) ?? 0) + count);
}

/**
 * Applies events (in log order) to the open slots `open` held before them; what changed is in `openChanges`,
 * for the caller to store. `dayStartOf` gives the start of the Paris day of an instant.
 */
export function rollUp(
  events: readonly ChangeEvent[],
  open: OpenSlotSource,
  dayStartOf: (instant: number) => number,
): RollUp {
  const hours = new Map<string, HourIncrement>();
  const days = new Map<string, DayIncrement>();
  const openChanges = new Map<string, Map<string, OpenSlot | null>>();
  const freeByCentre = new Map<string, number>();
  const dayCache = new Map<number, number>();

  const freeOf = (centreId: string): number => {
    return getOrInsert(freeByCentre, centreId, () => open.free(centreId));
  };
  const hourOf = (event: ChangeEvent): HourIncrement => {
    const hourStart = Math.floor(event.at / HOUR_MS) * HOUR_MS;
    const key = `${event.centreId}|${hourStart}`;
    return getOrInsert(hours, key, () => ({
      centreId: event.centreId,
      hourStart,
      appeared: 0,
      taken: 0,
      expired: 0,
      lifetimeSumMs: 0,
      lifetimeCount: 0,
      freeSlots: 0,
    }));
  };
  const daysOf = (event: ChangeEvent): DayIncrement[] => {
    const hourStart = Math.floor(event.at / HOUR_MS) * HOUR_MS;
    const dayStart = getOrInsert(dayCache, hourStart, () => dayStartOf(event.at));
    const scopes = event.department === null ? [NATIONAL_SCOPE] : [NATIONAL_SCOPE, event.department];
    return scopes.map((scope) => {
      const key = `${scope}|${dayStart}`;
      return getOrInsert(days, key, () => ({
        scope,
        dayStart,
        appeared: 0,
        taken: 0,
        expired: 0,
        takenLifetimes: new Map(),
      }));
    });
  };

  for (const event of events) {
    if (event.kind === 'centre-changed') continue;
    const changes = getOrInsert(openChanges, event.centreId, () => new Map<string, OpenSlot | null>());
    const key = slotKey(event.slot);
    const before = changes.has(key) ? (changes.get(key) ?? undefined) : open.slot(event.centreId, event.slot);
    const hour = hourOf(event);
    let free = freeOf(event.centreId);
    if (event.kind === 'slot-appeared') {
      const next: OpenSlot = before
        ? { ...before, places: before.places + 1 }
        : { ...event.slot, places: 1, appearedAt: event.at };
      changes.set(key, next);
      free += 1;
      hour.appeared += 1;
      for (const day of daysOf(event)) day.appeared += 1;
    } else {
      const taken = event.at < event.slot.startAt;
      const lifetime = before?.appearedAt != null ? event.at - before.appearedAt : null;
      if (taken) hour.taken += 1;
      else hour.expired += 1;
      if (lifetime !== null) {
        hour.lifetimeSumMs += lifetime;
        hour.lifetimeCount += 1;
      }
      for (const day of daysOf(event)) {
        if (!taken) {
          day.expired += 1;
          continue;
        }
        day.taken += 1;
        if (lifetime !== null) {
          const bin = lifetimeBin(lifetime);
          day.takenLifetimes.set(bin, (day.takenLifetimes.get(bin) ?? 0) + 1);
        }
      }
      if (before) {
        free -= 1;
        changes.set(key, before.places > 1 ? { ...before, places: before.places - 1 } : null);
      }
    }
    freeByCentre.set(event.centreId, free);
    hour.freeSlots = free;
  }
  return { hours: [...hours.values()], days: [...days.values()], openChanges };
}
