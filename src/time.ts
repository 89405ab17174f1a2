// Every platform renders time its own way; these helpers turn those strings into true instants and back into
// the Europe/Paris renderings the open-data format uses. Nothing else in the code base should parse a date.
import { DateTime, FixedOffsetZone, IANAZone } from 'luxon';

export const PARIS = 'Europe/Paris';
export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const parisZone = IANAZone.create(PARIS);
const parisOffsets = new Map<number, FixedOffsetZone>();

/**
 * An instant in Paris time. Asking the IANA zone goes through Intl for every call, which made rendering
 * thousands of slots slow; Paris changes offset only on whole UTC hours, so the offset is looked up once per
 * hour and the instant placed in that fixed offset, which renders the same.
 */
function inParis(instant: Date): DateTime {
  const ms = instant.getTime();
  const hour = Math.floor(ms / HOUR_MS);
  let zone = parisOffsets.get(hour);
  if (!zone) {
    zone = FixedOffsetZone.instance(parisZone.offset(hour * HOUR_MS));
    if (parisOffsets.size > 100_000) parisOffsets.clear();
    parisOffsets.set(hour, zone);
  }
  return DateTime.fromMillis(ms, { zone });
}

/**
 * Paris's offset from UTC at an instant, in milliseconds, from the same per-hour cache: the sandbox places
 * every candidate slot of a large world with it, where a luxon zone per slot cost most of its answer time.
 */
export function parisOffsetMs(instantMs: number): number {
  const hour = Math.floor(instantMs / HOUR_MS);
  let zone = parisOffsets.get(hour);
  if (!zone) {
    zone = FixedOffsetZone.instance(parisZone.offset(hour * HOUR_MS));
    if (parisOffsets.size > 100_000) parisOffsets.clear();
    parisOffsets.set(hour, zone);
  }
  return zone.offset(instantMs) * 60_000;
}

/**
 * The Paris wall-clock fields of an instant, by plain arithmetic on the per-hour offset: every slot a scraper
 * or the sandbox renders goes through here, and a luxon DateTime per rendering was the largest part of the
 * sandbox's CPU per answer. Null (luxon renders it then) outside CET/CEST and four-digit years, where luxon's
 * own formatting rules (`Z`, odd offsets, expanded years) would differ.
 */
function parisFields(instant: Date): { readonly local: Date; readonly offset: string } | null {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) return null;
  const offsetMs = parisOffsetMs(ms);
  if (offsetMs !== HOUR_MS && offsetMs !== 2 * HOUR_MS) return null;
  const local = new Date(ms + offsetMs);
  const year = local.getUTCFullYear();
  if (year < 1000 || year > 9999) return null;
  return { local, offset: offsetMs === HOUR_MS ? '+01:00' : '+02:00' };
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

function isoDateOf(local: Date): string {
  return `${local.getUTCFullYear()}-${pad2(local.getUTCMonth() + 1)}-${pad2(local.getUTCDate())}`;
}

function isoTimeOf(local: Date): string {
  return `${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}:${pad2(local.getUTCSeconds())}`;
}

/** `2021-04-10T21:45:00+02:00`: seconds precision, Paris offset. */
export function toParisIso(instant: Date): string {
  const fields = parisFields(instant);
  if (fields) return `${isoDateOf(fields.local)}T${isoTimeOf(fields.local)}${fields.offset}`;
  return inParis(instant).startOf('second').toISO({ suppressMilliseconds: true, includeOffset: true })!;
}

/** The Paris calendar date of an instant, `YYYY-MM-DD`. */
export function parisDate(instant: Date): string {
  const fields = parisFields(instant);
  if (fields) return isoDateOf(fields.local);
  return inParis(instant).toISODate()!;
}

/**
 * The instant a Paris wall-clock time names, given as that wall-clock read as UTC. Luxon's own rule (its
 * `fixOffset`, seeded with the offset at the wall-clock read as UTC): in the spring gap the time moves forward;
 * in the autumn overlap the second (winter-time) instant is taken, whatever the current date.
 * Done with the per-hour offset cache because the writer places every scanned slot this way, and luxon's
 * zone work per slot was a tenth of its CPU at national scale.
 */
function parisWallClockToInstant(localMs: number): number {
  const first = parisOffsetMs(localMs);
  const guess = localMs - first;
  const second = parisOffsetMs(guess);
  if (first === second) return guess;
  const retry = guess - (second - first);
  const third = parisOffsetMs(retry);
  if (second === third) return retry;
  return localMs - Math.min(second, third);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `Date.UTC` of a real calendar date, or null (`2021-02-30` is not one). */
function utcOfDate(year: number, month: number, day: number): number | null {
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  return year >= 1000 &&
    check.getUTCFullYear() === year &&
    check.getUTCMonth() === month - 1 &&
    check.getUTCDate() === day
    ? ms
    : null;
}

/** 00:00 Paris time of a calendar date `YYYY-MM-DD`, as an instant; null for a malformed date. */
export function parisMidnight(date: string): Date | null {
  const match = ISO_DATE.exec(date);
  if (!match) return null;
  const local = utcOfDate(Number(match[1]), Number(match[2]), Number(match[3]));
  return local === null ? null : new Date(parisWallClockToInstant(local));
}

/** The calendar date `days` after `date` (both `YYYY-MM-DD`). */
export function addDaysToDate(date: string, days: number): string {
  const match = Number.isInteger(days) ? ISO_DATE.exec(date) : null;
  const start = match ? utcOfDate(Number(match[1]), Number(match[2]), Number(match[3])) : null;
  if (start !== null) {
    const end = new Date(start + days * DAY_MS);
    if (end.getUTCFullYear() >= 1000 && end.getUTCFullYear() <= 9999) return isoDateOf(end);
  }
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

export function addDays(instant: Date, days: number): Date {
  return new Date(instant.getTime() + days * DAY_MS);
}

/**
 * An ISO date-time that carries its own offset or `Z` (`2021-04-20T16:53:00.000000+0200`,
 * `2021-05-13T13:40:00.000Z`). A string without an offset is refused: guessing its zone is how slots end up
 * an hour or two off.
 */
export function parseInstantWithOffset(text: string): Date | null {
  if (!/(Z|[+-]\d{2}:?\d{2})$/.test(text)) return null;
  const fast = plainInstantWithOffset(text);
  if (fast !== null) return fast;
  // Luxon reads at most milliseconds; some platforms send microseconds.
  const trimmed = text.replace(/(\.\d{3})\d+/, '$1');
  const parsed = DateTime.fromISO(trimmed, { setZone: true });
  return parsed.isValid ? parsed.toJSDate() : null;
}

const PLAIN_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:Z|([+-]\d{2}):?(\d{2}))$/;

/**
 * The shapes platforms send (`2021-04-20T16:53:00.000000+0200`, `...Z`) read by arithmetic: luxon's ISO
 * parser was the writer's largest cost per slot. Same instant as luxon by construction (its millisecond
 * rounding and signed-offset rule); null for anything odd (24:00, a 30 February), which luxon then judges.
 */
function plainInstantWithOffset(text: string): Date | null {
  const match = PLAIN_WITH_OFFSET.exec(text);
  if (!match) return null;
  const day = utcOfDate(Number(match[1]), Number(match[2]), Number(match[3]));
  const hour = Number(match[4]);
  const minute = Number(match[5]);
  const second = Number(match[6] ?? 0);
  if (day === null || hour > 23 || minute > 59 || second > 59) return null;
  const millis = match[7] ? Math.floor(Number.parseFloat(`0.${match[7].slice(0, 3)}`) * 1000) : 0;
  let offsetMinutes = 0;
  if (match[8]) {
    const offsetHours = Number.parseInt(match[8], 10);
    const minutes = Number.parseInt(match[9]!, 10);
    offsetMinutes = offsetHours * 60 + (match[8].startsWith('-') ? -minutes : minutes);
  }
  return new Date(day + ((hour * 60 + minute) * 60 + second) * 1000 + millis - offsetMinutes * 60_000);
}

const PLAIN_LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;

/** An offset-less date-time that the platform means as Paris wall-clock time (`2021-06-01T09:30:00`). */
export function parseParisLocal(text: string): Date | null {
  if (/(Z|[+-]\d{2}:?\d{2})$/.test(text)) return null;
  // The common shapes without luxon (see parisWallClockToInstant); anything else goes through it as before.
  const plain = PLAIN_LOCAL.exec(text);
  if (plain) {
    const day = utcOfDate(Number(plain[1]), Number(plain[2]), Number(plain[3]));
    const hour = Number(plain[4]);
    const minute = Number(plain[5]);
    const second = Number(plain[6] ?? 0);
    const millis = plain[7] ? Number(plain[7].padEnd(3, '0')) : 0;
    // Anything odd (24:00, a 30 February) is left to luxon's rules below.
    if (day !== null && hour <= 23 && minute <= 59 && second <= 59)
      return new Date(parisWallClockToInstant(day + ((hour * 60 + minute) * 60 + second) * 1000 + millis));
  }
  const parsed = DateTime.fromISO(text.replace(' ', 'T'), { zone: PARIS });
  return parsed.isValid ? parsed.toJSDate() : null;
}

/** A naive rendering of a Paris wall-clock time, `2021-06-01T09:30:00`, for platforms that expect one. */
export function toParisLocalNaive(instant: Date): string {
  const fields = parisFields(instant);
  if (fields) return `${isoDateOf(fields.local)}T${isoTimeOf(fields.local)}`;
  return inParis(instant).toFormat("yyyy-MM-dd'T'HH:mm:ss");
}

/** `2021-04-10T21:45:00.000+02:00`: milliseconds and the Paris offset, as some platforms render instants. */
export function toParisIsoMillis(instant: Date): string {
  const fields = parisFields(instant);
  if (fields) {
    const millis = String(fields.local.getUTCMilliseconds()).padStart(3, '0');
    return `${isoDateOf(fields.local)}T${isoTimeOf(fields.local)}.${millis}${fields.offset}`;
  }
  return inParis(instant).toISO({ suppressMilliseconds: false, includeOffset: true })!;
}

const API_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * A date-time given by an API caller: with an offset it is that instant; without one it is Paris wall-clock
 * time, which is what a person in France means. Null when malformed or not a real time.
 */
export function parseCallerDateTime(text: string): Date | null {
  if (!API_DATE_TIME.test(text)) return null;
  const parsed = /(Z|[+-]\d{2}:\d{2})$/.test(text)
    ? DateTime.fromISO(text, { setZone: true })
    : DateTime.fromISO(text, { zone: PARIS });
  return parsed.isValid ? parsed.toJSDate() : null;
}

/** `YYYY-MM-DD HH:00:00` in Paris time: the label of an hourly point in the open-data statistics. */
export function parisHourLabel(instant: Date): string {
  const fields = parisFields(instant);
  if (fields) return `${isoDateOf(fields.local)} ${pad2(fields.local.getUTCHours())}:00:00`;
  return DateTime.fromJSDate(instant, { zone: PARIS }).toFormat('yyyy-MM-dd HH:00:00');
}
