// The statistics history: a sample of the live figures after the data changes (at most one per interval),
// stored as hourly and daily aggregates, and read back as time series. Bounded: hourly detail is kept for
// `hourlyRetentionDays`, daily aggregates for `dailyRetentionDays`, nothing longer.
import type { Clock } from '../../clock.js';
import type { Logger } from '../../logger.js';
import { DAY_MS, toParisIso } from '../../time.js';
import { NATIONAL_SCOPE, type Granularity, type StatsBucket, type StatsSample } from '../store/history-store.js';
import type { ReadModel } from './read-model.js';
import { FIGURE_COLUMNS, flattenFigures, type StatsNow } from './stats.js';
import type { Store } from '../store/store.js';
import type { DayRow } from '../store/slot-history.js';
import { medianFreeMinutes } from './slot-history-view.js';

export interface StatsHistoryOptions {
  /** At most one sample per interval, and at least one per interval while the data keeps changing. */
  readonly sampleIntervalMs: number;
  readonly hourlyRetentionDays: number;
  readonly dailyRetentionDays: number;
}

export const DEFAULT_STATS_HISTORY: StatsHistoryOptions = {
  sampleIntervalMs: 60_000,
  hourlyRetentionDays: 7,
  dailyRetentionDays: 400,
};

export function samplesOf(stats: StatsNow): StatsSample[] {
  return [
    { scope: NATIONAL_SCOPE, values: flattenFigures(stats.national) },
    ...stats.departments.map((department) => ({ scope: department.code, values: flattenFigures(department.figures) })),
  ];
}

/**
 * Samples after the data changes, once it has settled: when no cycle is running (a sample in the middle of a
 * cycle would count half-scanned platforms) and nothing changed for a moment, but at least once per interval
 * while changes go on, and never more often than that.
 */
export class StatsRecorder {
  private lastSampleAt = Number.NEGATIVE_INFINITY;
  private firstPendingAt: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly settleMs: number;

  constructor(
    private readonly store: Store,
    private readonly readModel: ReadModel,
    private readonly clock: Clock,
    private readonly options: StatsHistoryOptions,
    private readonly log: Logger,
    /** Whether a scan cycle is under way (the scheduler knows). */
    private readonly isBusy: () => boolean = () => false,
  ) {
    this.settleMs = Math.min(1_000, options.sampleIntervalMs / 4);
  }

  /** The data changed: a sample will follow once it settles. Timing is real time, whatever the clock. */
  dataChanged(): void {
    if (this.stopped) return;
    this.firstPendingAt ??= performance.now();
    this.arm(this.settleMs);
  }

  private arm(settle: number): void {
    if (this.timer) clearTimeout(this.timer);
    const now = performance.now();
    const deadline = this.firstPendingAt! + this.options.sampleIntervalMs;
    const earliest = this.lastSampleAt + this.options.sampleIntervalMs;
    const delay = Math.max(Math.min(settle, deadline - now), earliest - now, 0);
    this.timer = setTimeout(() => {
      this.timer = null;
      const overdue = performance.now() >= deadline;
      if (this.isBusy() && !overdue) {
        this.arm(this.settleMs);
        return;
      }
      this.firstPendingAt = null;
      this.lastSampleAt = performance.now();
      this.record();
    }, delay);
    // A pending sample never keeps the process alive on its own.
    this.timer.unref();
  }

  /** Takes a sample of the current figures and drops what is past retention. */
  record(): void {
    if (this.stopped) return;
    try {
      const now = this.clock.now().getTime();
      // From the departments' parts: a sample costs the departments that changed, not every slot.
      const stats = this.readModel.statsNow();
      this.store.addStatsSample(now, samplesOf(stats));
      this.store.pruneStats(
        now - this.options.hourlyRetentionDays * DAY_MS,
        now - this.options.dailyRetentionDays * DAY_MS,
      );
      this.readModel.refresh();
    } catch (error) {
      // A lost sample is a gap in a chart, not a reason to stop scraping.
      this.log.error({ err: error instanceof Error ? error.message : String(error) }, 'statistics sample failed');
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

export interface HistoryPoint {
  /** Start of the hour or day, Paris time. */
  readonly at: string;
  readonly samples: number;
  /**
   * Mean of each figure over the bucket's samples, every column present; daily points add the day's slot
   * flows (DAILY_FLOW_COLUMNS), the median null when no taken slot was timed that day.
   */
  readonly figures: Readonly<Record<string, number | null>>;
}

/**
 * The slot history's daily figures beside the sampled ones: slots appeared, taken (gone before their start) and
 * expired that day, and the median minutes a taken slot had stayed free. Counted from the change log, not
 * sampled, so a day's point tells how many slots came and went, not only how many there were.
 */
export const DAILY_FLOW_COLUMNS = ['slots_appeared', 'slots_taken', 'slots_expired', 'median_free_minutes'] as const;

function dailyFlows(day: DayRow | undefined): Record<(typeof DAILY_FLOW_COLUMNS)[number], number | null> {
  return {
    slots_appeared: day?.appeared ?? 0,
    slots_taken: day?.taken ?? 0,
    slots_expired: day?.expired ?? 0,
    median_free_minutes: day ? medianFreeMinutes(day.lifetimes) : null,
  };
}

/** Mean of a figure in a bucket, two decimals: centres and slots vary within an hour. */
export function bucketMean(bucket: StatsBucket, column: string): number {
  return Math.round(((bucket.sums[column] ?? 0) / bucket.samples) * 100) / 100;
}

/**
 * One scope's series, oldest first, limited to buckets starting in [from, to) when given. With `days` (the
 * scope's daily slot history by day start), each point also carries that day's slot flows.
 */
export function historySeries(
  buckets: readonly StatsBucket[],
  scope: string,
  from?: number,
  to?: number,
  days?: ReadonlyMap<number, DayRow>,
): HistoryPoint[] {
  return buckets
    .filter(
      (bucket) =>
        bucket.scope === scope &&
        (from === undefined || bucket.bucketStart >= from) &&
        (to === undefined || bucket.bucketStart < to),
    )
    .map((bucket) => ({
      at: toParisIso(new Date(bucket.bucketStart)),
      samples: bucket.samples,
      figures: {
        ...Object.fromEntries(FIGURE_COLUMNS.map((column) => [column, bucketMean(bucket, column)])),
        ...(days ? dailyFlows(days.get(bucket.bucketStart)) : {}),
      },
    }));
}

/**
 * The longest series both granularities allow: daily buckets older than the first hourly one, then hourly
 * ones. What the open-data history files show, since they always went back to the first day.
 */
export function mergedBuckets(hourly: readonly StatsBucket[], daily: readonly StatsBucket[]): StatsBucket[] {
  const firstHour = hourly.reduce((first, bucket) => Math.min(first, bucket.bucketStart), Number.POSITIVE_INFINITY);
  // A day that the hourly detail covers even in part is shown as its hours.
  return [...daily.filter((bucket) => bucket.bucketStart + DAY_MS <= firstHour), ...hourly];
}

export type { Granularity };
