// The slot history as answers: a centre's hours (availability over time, slots appeared, taken, expired and
// how long the gone ones stayed free) and the daily figures per department or national. Pure: rows in,
// JSON or CSV out.
import { medianOfBins, mergeBins } from '../ingest/roll-up.js';
import type { CentreHourRow, DayRow } from '../store/slot-history.js';
import { parisDate, toParisIso } from '../../time.js';
import { toCsv } from './csv.js';

export type HistoryFormat = 'json' | 'csv';

export const CENTRE_HISTORY_COLUMNS = [
  'at',
  'free_slots',
  'appeared',
  'taken',
  'expired',
  'mean_free_minutes',
] as const;
export const DAILY_COLUMNS = ['date', 'appeared', 'taken', 'expired', 'median_free_minutes'] as const;

export interface CentreHistoryPoint {
  /** Start of the Paris hour. */
  readonly at: string;
  /** Free slots (places) after the hour's last change; they stay so until the next point. */
  readonly free_slots: number;
  readonly appeared: number;
  /** Gone before their start: booked (or withdrawn). */
  readonly taken: number;
  /** Gone once their start had passed. */
  readonly expired: number;
  /** Mean time the slots gone in this hour had stayed free, when known. */
  readonly mean_free_minutes: number | null;
}

export interface CentreHistory {
  readonly center: { readonly id: string; readonly name: string; readonly department: string | null };
  readonly columns: readonly string[];
  readonly hours: readonly CentreHistoryPoint[];
  readonly totals: {
    readonly appeared: number;
    readonly taken: number;
    readonly expired: number;
    readonly mean_free_minutes: number | null;
  };
}

export interface DailyPoint {
  /** The Paris calendar day. */
  readonly date: string;
  readonly appeared: number;
  readonly taken: number;
  readonly expired: number;
  /** Median time a taken slot had stayed free (within 5 %), null when none was timed. */
  readonly median_free_minutes: number | null;
}

export interface DailyFigures {
  readonly scope: { readonly code: string; readonly name: string };
  readonly columns: readonly string[];
  readonly days: readonly DailyPoint[];
  /** Over every day shown. */
  readonly totals: Omit<DailyPoint, 'date'>;
}

const minutes = (ms: number): number => Math.round(ms / 600) / 100;

export function centreHistory(center: CentreHistory['center'], rows: readonly CentreHourRow[]): CentreHistory {
  const hours = rows.map((row) => ({
    at: toParisIso(new Date(row.hourStart)),
    free_slots: row.freeSlots,
    appeared: row.appeared,
    taken: row.taken,
    expired: row.expired,
    mean_free_minutes: row.lifetimeCount > 0 ? minutes(row.lifetimeSumMs / row.lifetimeCount) : null,
  }));
  const sum = (pick: (row: CentreHourRow) => number) => rows.reduce((total, row) => total + pick(row), 0);
  const timed = sum((row) => row.lifetimeCount);
  return {
    center,
    columns: CENTRE_HISTORY_COLUMNS,
    hours,
    totals: {
      appeared: sum((row) => row.appeared),
      taken: sum((row) => row.taken),
      expired: sum((row) => row.expired),
      mean_free_minutes: timed > 0 ? minutes(sum((row) => row.lifetimeSumMs) / timed) : null,
    },
  };
}

/** Median time a taken slot stayed free, in minutes (within 5 %), from a lifetime histogram; null when none. */
export function medianFreeMinutes(bins: ReadonlyMap<number, number>): number | null {
  const ms = medianOfBins(bins);
  return ms === null ? null : minutes(ms);
}

export function dailyFigures(scope: DailyFigures['scope'], rows: readonly DayRow[]): DailyFigures {
  const all = new Map<number, number>();
  for (const row of rows) mergeBins(all, row.lifetimes);
  const median = medianFreeMinutes;
  return {
    scope,
    columns: DAILY_COLUMNS,
    days: rows.map((row) => ({
      date: parisDate(new Date(row.dayStart)),
      appeared: row.appeared,
      taken: row.taken,
      expired: row.expired,
      median_free_minutes: median(row.lifetimes),
    })),
    totals: {
      appeared: rows.reduce((total, row) => total + row.appeared, 0),
      taken: rows.reduce((total, row) => total + row.taken, 0),
      expired: rows.reduce((total, row) => total + row.expired, 0),
      median_free_minutes: median(all),
    },
  };
}

export function centreHistoryCsv(history: CentreHistory): string {
  return toCsv(
    CENTRE_HISTORY_COLUMNS,
    history.hours.map((point) => CENTRE_HISTORY_COLUMNS.map((column) => point[column])),
  );
}

export function dailyFiguresCsv(figures: DailyFigures): string {
  return toCsv(
    DAILY_COLUMNS,
    figures.days.map((point) => DAILY_COLUMNS.map((column) => point[column])),
  );
}
