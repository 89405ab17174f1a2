// Which of a listing's candidate slots are free at an instant: the world's booking model (world.ts says why it
// is a pure function of the seed, the slot and the instant). Tables of each listing's draws, kept between
// requests, were tried (issue 9): a first cycle asks about each listing in too few overlapping windows for them
// to pay, and they held some 40 MiB more.
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

/** A motive's draws are `randomFor(seed, kind, listing, motive, day or start)`: the prefix hashes, taken once. */
interface KeyedMotive {
  readonly motive: WorldMotive;
  readonly day: number;
  readonly slot: number;
  readonly rush: number;
}

function opensAt(listing: Listing, now: number): number {
  return listing.opensLater ? now + LATE_OPENING_HOURS * HOUR_MS : now;
}

function dayOf(hours: WeeklyHours, localDay: number) {
  // Paris changes offset at 01:00 UTC, so noon's offset is the day's offset for every opening hour.
  const offsetMs = parisOffsetMs(localDay + 12 * HOUR_MS - 2 * HOUR_MS);
  const date = new Date(localDay);
  const weekday = (date.getUTCDay() || 7) as 1 | 2 | 3 | 4 | 5 | 6 | 7;
  return { offsetMs, isoDate: date.toISOString().slice(0, 10), ranges: hours[weekday] };
}

/** Free slots of a listing at instant `at` that start in [from, to), soonest first. */
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
