// SQL of the statistics history (table stats_buckets, migration 2). The Store calls these so that it stays
// the one owner of the connection and of the data version the read model watches.
import type Database from 'better-sqlite3';
import { parisDate, parisMidnight } from '../../time.js';

export type Granularity = 'hour' | 'day';
export const GRANULARITIES: readonly Granularity[] = ['hour', 'day'];

/** The scope of national figures; departments use their own code. */
export const NATIONAL_SCOPE = 'FR';

export interface StatsSample {
  readonly scope: string;
  readonly values: Readonly<Record<string, number>>;
}

export interface StatsBucket {
  readonly granularity: Granularity;
  readonly scope: string;
  /** Start of the Paris hour or day, as an instant. */
  readonly bucketStart: number;
  readonly samples: number;
  /** Sum of each figure over the samples; a figure that was always zero is left out. */
  readonly sums: Readonly<Record<string, number>>;
}

const HOUR_MS = 3_600_000;

export function bucketStartOf(granularity: Granularity, instant: number): number {
  // Paris offsets are whole hours, so a UTC hour is a Paris hour.
  if (granularity === 'hour') return Math.floor(instant / HOUR_MS) * HOUR_MS;
  return parisMidnight(parisDate(new Date(instant)))!.getTime();
}

/** Adds one sample of every scope to its hour and its day, in one transaction. */
export function addStatsSample(db: Database.Database, at: number, samples: readonly StatsSample[]): void {
  const read = db.prepare(
    'SELECT samples, sums FROM stats_buckets WHERE granularity = ? AND scope = ? AND bucket_start = ?',
  );
  const write =
    db.prepare(`INSERT INTO stats_buckets (granularity, scope, bucket_start, samples, sums) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (granularity, scope, bucket_start) DO UPDATE SET samples = excluded.samples, sums = excluded.sums`);
  db.transaction(() => {
    for (const granularity of GRANULARITIES) {
      const bucketStart = bucketStartOf(granularity, at);
      for (const sample of samples) {
        const existing = read.get(granularity, sample.scope, bucketStart) as
          | { samples: number; sums: string }
          | undefined;
        const sums: Record<string, number> = existing ? (JSON.parse(existing.sums) as Record<string, number>) : {};
        for (const [name, value] of Object.entries(sample.values)) {
          if (value !== 0) sums[name] = (sums[name] ?? 0) + value;
        }
        write.run(granularity, sample.scope, bucketStart, (existing?.samples ?? 0) + 1, JSON.stringify(sums));
      }
    }
  })();
}

/** Buckets of one granularity, oldest first; of one scope or of all. */
export function readStatsBuckets(db: Database.Database, granularity: Granularity, scope?: string): StatsBucket[] {
  const rows = (
    scope === undefined
      ? db
          .prepare(
            'SELECT scope, bucket_start, samples, sums FROM stats_buckets WHERE ' +
              'granularity = ? ORDER BY bucket_start, scope',
          )
          .all(granularity)
      : db
          .prepare(
            'SELECT scope, bucket_start, samples, sums FROM stats_buckets WHERE ' +
              'granularity = ? AND scope = ? ORDER BY bucket_start',
          )
          .all(granularity, scope)
  ) as Array<{ scope: string; bucket_start: number; samples: number; sums: string }>;
  return rows.map((row) => ({
    granularity,
    scope: row.scope,
    bucketStart: row.bucket_start,
    samples: row.samples,
    sums: JSON.parse(row.sums) as Record<string, number>,
  }));
}

/** Drops hourly buckets that began before `hourlyBefore` (their days keep them) and daily ones before `dailyBefore`. */
export function pruneStatsBuckets(db: Database.Database, hourlyBefore: number, dailyBefore: number): number {
  const prune = db.prepare('DELETE FROM stats_buckets WHERE granularity = ? AND bucket_start < ?');
  return db.transaction(() => prune.run('hour', hourlyBefore).changes + prune.run('day', dailyBefore).changes)();
}
