// Which of a listing's candidate slots are free at an instant: the world's booking model (world.ts says why it
// is a pure function of the seed, the slot and the instant).
//
// A slot's draws (its place in the day, when it is booked, whether and when a cancellation frees it again) do
// not depend on the instant asked about, only on the seed, the listing, the motive and the day. They are drawn
// once per listing, motive and day into a table of instants, and an answer compares the clock with those
// instants: the same slots as drawing them again per request (drawFreeSlots, kept as the reference), at a
// fraction of the cost, since a scan asks about one listing several times in a row (one request per motive,
// per page, per agenda). The tables are kept for the listings asked about last, within a bound.
import { DAY_MS, parisOffsetMs } from '../time.js';
import { exponential, hashOnward, hashString, randomOfHash } from './random.js';
import type { Listing, WeeklyHours, WorldMotive, WorldOptions, WorldSlot } from './world.js';

const SLOT_STEP_MINUTES = 5;
const HOUR_MS = 3_600_000;
/**
 * How far ahead a rush books. Three days, so that from any hour (a Saturday night too) the next opening days'
 * slots, the soonest anyone is shown, are in it.
 */
export const RUSH_WINDOW_HOURS = 72;
/** How far ahead a listing that opens later starts offering slots. */
const LATE_OPENING_HOURS = 20 * 24;

/**
 * Days of slot tables kept (one listing's motive over one day each, some 8 candidates of 5 instants): about
 * 30 MiB at most, the last ~2,000 listing motives asked about over four weeks. A whole cycle asks about each
 * listing in a burst of requests, so the tables of the listings being scanned are the ones kept.
 */
export const MAX_CACHED_DAYS = 60_000;

/** Per candidate slot, in this order: its start, and when it is booked, released, booked again, rush-booked. */
const FIELDS = 5;
const NO_SLOT = new Float64Array(0);

/** A motive's draws are `randomFor(seed, kind, listing, motive, day or start)`: the prefix hashes, taken once. */
interface KeyedMotive {
  readonly motive: WorldMotive;
  readonly day: number;
  readonly slot: number;
  readonly rush: number;
}

interface MotiveTables {
  /** The draws' prefix hashes (its `motive` is the one first asked about: answers name the caller's). */
  readonly keyed: KeyedMotive;
  /** The hours the tables were drawn for: a listing of the same key with other hours is drawn afresh. */
  readonly hours: WeeklyHours;
  readonly days: Map<number, Float64Array>;
}

export interface FreeSlotsOf {
  (listing: Listing, at: Date, from: Date, to: Date): WorldSlot[];
}

/** The world's `freeSlots`, with its tables kept for the `maxDays` days of listing motives asked about last. */
export function cachedFreeSlots(options: WorldOptions, maxDays = MAX_CACHED_DAYS): FreeSlotsOf {
  const tables = new Map<string, MotiveTables>();
  let cachedDays = 0;

  function tablesOf(listing: Listing, motive: WorldMotive): MotiveTables {
    const key = `${listing.key}|${motive.key}`;
    const found = tables.get(key);
    if (found && found.hours === listing.centre.hours) {
      // Map order is the recency order: the entry goes to the end.
      tables.delete(key);
      tables.set(key, found);
      return found;
    }
    if (found) {
      tables.delete(key);
      cachedDays -= found.days.size;
    }
    const fresh = { keyed: keyedMotive(options, listing, motive), hours: listing.centre.hours, days: new Map() };
    tables.set(key, fresh);
    return fresh;
  }

  function evict(): void {
    for (const [key, entry] of tables) {
      if (cachedDays <= maxDays) return;
      tables.delete(key);
      cachedDays -= entry.days.size;
    }
  }

  return (listing, at, from, to) => {
    if (listing.phoneOnly) return [];
    const now = at.getTime();
    const earliest = Math.max(from.getTime(), opensAt(listing, now));
    const end = to.getTime();
    const slots: WorldSlot[] = [];
    const motives = listing.motives.map((motive) => ({ motive, tables: tablesOf(listing, motive) }));
    for (let localDay = parisLocalDayOf(earliest); parisMidnightOf(localDay) < end; localDay += DAY_MS) {
      for (const { motive, tables } of motives) {
        let day = tables.days.get(localDay);
        if (!day) {
          day = drawDay(options, tables.keyed, listing.centre.hours, localDay);
          tables.days.set(localDay, day);
          cachedDays += 1;
        }
        for (let i = 0; i < day.length; i += FIELDS) {
          const start = day[i]!;
          if (start < earliest || start >= end) continue;
          if (isFreeAt(day, i, now)) slots.push({ listing, motive, start: new Date(start) });
        }
      }
    }
    if (cachedDays > maxDays) evict();
    return slots.sort((a, b) => a.start.getTime() - b.start.getTime());
  };
}

function opensAt(listing: Listing, now: number): number {
  return listing.opensLater ? now + LATE_OPENING_HOURS * HOUR_MS : now;
}

/** Whether the candidate at `i` of a day table is free at `now`: isFree's test, on the instants drawn. */
function isFreeAt(day: Float64Array, i: number, now: number): boolean {
  if (now >= day[i]!) return false;
  if (now >= day[i + 4]!) return false;
  if (now < day[i + 1]!) return true;
  // Not released: both instants are NaN, and every comparison with NaN is false.
  return now >= day[i + 2]! && now < day[i + 3]!;
}

/** A day's candidates of one motive, soonest first, with the instants at which each is booked and freed. */
function drawDay(options: WorldOptions, keyed: KeyedMotive, hours: WeeklyHours, localDay: number): Float64Array {
  const { offsetMs, isoDate, ranges } = dayOf(hours, localDay);
  const minutes = candidateMinutes(options, keyed, isoDate, ranges);
  if (minutes.length === 0) return NO_SLOT;
  const day = new Float64Array(minutes.length * FIELDS);
  minutes.forEach((minute, index) => {
    const start = localDay + minute * 60_000 - offsetMs;
    const i = index * FIELDS;
    day[i] = start;
    day[i + 4] = options.rushPerMinute > 0 ? rushBookedAt(options, keyed, start) : Number.POSITIVE_INFINITY;
    // The draws of isFree, in its order, all taken: a draw it skips comes after the ones it uses.
    const random = randomOfHash(hashOnward(keyed.slot, String(start)));
    const bookedAt = start - exponential(random, options.meanBookingLeadHours) * HOUR_MS;
    day[i + 1] = bookedAt;
    if (random() >= options.releaseProbability) {
      day[i + 2] = Number.NaN;
      day[i + 3] = Number.NaN;
    } else {
      const releasedAt = bookedAt + exponential(random, options.meanReleaseAfterHours) * HOUR_MS;
      day[i + 2] = releasedAt;
      day[i + 3] = releasedAt + exponential(random, options.meanReleaseDurationHours) * HOUR_MS;
    }
  });
  return day;
}

function dayOf(hours: WeeklyHours, localDay: number) {
  // Paris changes offset at 01:00 UTC, so noon's offset is the day's offset for every opening hour.
  const offsetMs = parisOffsetMs(localDay + 12 * HOUR_MS - 2 * HOUR_MS);
  const date = new Date(localDay);
  const weekday = (date.getUTCDay() || 7) as 1 | 2 | 3 | 4 | 5 | 6 | 7;
  return { offsetMs, isoDate: date.toISOString().slice(0, 10), ranges: hours[weekday] };
}

/**
 * The reference: every candidate drawn again per call. The tables above must give exactly its answers
 * (tests/unit/free-slots.test.ts); it is what the world did before them.
 */
export function drawFreeSlots(options: WorldOptions, listing: Listing, at: Date, from: Date, to: Date): WorldSlot[] {
  if (listing.phoneOnly) return [];
  const earliest = Math.max(from.getTime(), opensAt(listing, at.getTime()));
  const end = to.getTime();
  const slots: WorldSlot[] = [];
  const keys = listing.motives.map((motive) => keyedMotive(options, listing, motive));
  // Paris days walked as "local midnight read as UTC" (plain arithmetic, no zone object per day): a whole
  // platform's list asks this for thousands of listings, and luxon's zone work was most of its cost.
  for (let localDay = parisLocalDayOf(earliest); parisMidnightOf(localDay) < end; localDay += DAY_MS) {
    const { offsetMs, isoDate, ranges } = dayOf(listing.centre.hours, localDay);
    for (const keyed of keys) {
      for (const minute of candidateMinutes(options, keyed, isoDate, ranges)) {
        const start = localDay + minute * 60_000 - offsetMs;
        if (start < earliest || start >= end) continue;
        if (isFree(options, keyed, start, at.getTime()))
          slots.push({ listing, motive: keyed.motive, start: new Date(start) });
      }
    }
  }
  return slots.sort((a, b) => a.start.getTime() - b.start.getTime());
}

function keyedMotive(options: WorldOptions, listing: Listing, motive: WorldMotive): KeyedMotive {
  return {
    motive,
    day: hashString(`${options.seed}|day|${listing.key}|${motive.key}|`),
    slot: hashString(`${options.seed}|slot|${listing.key}|${motive.key}|`),
    rush: hashString(`${options.seed}|rush|${listing.key}|${motive.key}|`),
  };
}

/** The Paris calendar day of an instant, as the UTC instant of that date's midnight (`Date.UTC(y, m, d)`). */
function parisLocalDayOf(instant: number): number {
  const local = instant + parisOffsetMs(instant);
  return local - (((local % DAY_MS) + DAY_MS) % DAY_MS);
}

/** The true instant of 00:00 Paris time of a day given as `parisLocalDayOf` gives it. */
function parisMidnightOf(localDay: number): number {
  // At local midnight Paris is at +01:00 or +02:00, never mid-transition (that happens at 01:00 UTC), so the
  // offset two hours before the UTC reading of that midnight is the one in force.
  return localDay - parisOffsetMs(localDay - 2 * HOUR_MS);
}

function candidateMinutes(
  options: WorldOptions,
  keyed: KeyedMotive,
  date: string,
  ranges: ReadonlyArray<readonly [number, number]>,
): number[] {
  const positions: number[] = [];
  for (const [open, close] of ranges)
    for (let minute = open; minute < close; minute += SLOT_STEP_MINUTES) positions.push(minute);
  if (positions.length === 0) return [];
  const random = randomOfHash(hashOnward(keyed.day, date));
  const count = Math.min(positions.length, Math.round(options.slotsPerDay * (0.5 + random())));
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(positions[Math.floor(random() * positions.length)]!);
  return [...chosen].sort((a, b) => a - b);
}

/**
 * A slot is booked `lead` hours before it starts (exponential, so far slots are mostly free and near ones
 * mostly taken); some bookings are cancelled later and the slot is offered again for a while.
 */
function isFree(options: WorldOptions, keyed: KeyedMotive, start: number, at: number): boolean {
  if (at >= start) return false;
  if (options.rushPerMinute > 0 && at >= rushBookedAt(options, keyed, start)) return false;
  const random = randomOfHash(hashOnward(keyed.slot, String(start)));
  const bookedAt = start - exponential(random, options.meanBookingLeadHours) * HOUR_MS;
  if (at < bookedAt) return true;
  if (random() >= options.releaseProbability) return false;
  const releasedAt = bookedAt + exponential(random, options.meanReleaseAfterHours) * HOUR_MS;
  const rebookedAt = releasedAt + exponential(random, options.meanReleaseDurationHours) * HOUR_MS;
  return at >= releasedAt && at < rebookedAt;
}

/** When the rush books a slot: an exponential wait, from its own draw, once the slot is in the rush window. */
function rushBookedAt(options: WorldOptions, keyed: KeyedMotive, start: number): number {
  const random = randomOfHash(hashOnward(keyed.rush, String(start)));
  const inWindow = Math.max(start - RUSH_WINDOW_HOURS * HOUR_MS, options.rushSince ?? Number.NEGATIVE_INFINITY);
  return inWindow + (exponential(random, 1) / options.rushPerMinute) * 60_000;
}
