// The read side's view of the store: one in-memory snapshot, rebuilt when the data changes (not per
// request), and a cache of prepared answers (bytes, gzip, ETag) so that a rush of identical requests costs
// a map lookup each.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Clock } from '../../clock.js';
import { addDaysToDate, parisDate, parisMidnight } from '../../time.js';
import type { Granularity, StatsBucket } from '../store/history-store.js';
import type { StoredCentre, Store } from '../store/store.js';

/** The statistics history as of a snapshot: read from the store on first use, then kept with the snapshot. */
export interface HistoryReader {
  buckets(granularity: Granularity): readonly StatsBucket[];
}

export interface Snapshot {
  /** Changes whenever the data does; part of every ETag. */
  readonly version: string;
  readonly builtAt: number;
  readonly centres: readonly StoredCentre[];
  readonly byId: ReadonlyMap<string, StoredCentre>;
  readonly byDepartment: ReadonlyMap<string, readonly StoredCentre[]>;
  /** The latest scan of any centre: the "last updated" of the open-data files. */
  readonly lastCheckedAt: number | null;
  /** How old a centre's last successful scan may be before its slots are stale. */
  readonly freshnessLimitMs: number;
  readonly history: HistoryReader;
}

export interface PreparedAnswer {
  readonly body: Buffer;
  readonly gzip: Buffer;
  readonly etag: string;
  readonly contentType: string;
  /** After this instant the answer may show a slot that has begun: build it again. */
  readonly validUntil: number;
}

export interface AnswerContent {
  readonly body: string;
  readonly contentType?: string;
  /** The earliest slot start the answer shows, if any. */
  readonly soonestSlotAt?: number | null;
}

const ANSWER_CACHE_LIMIT = 2_000;
/** How often a process that does not write (a `serve` beside a separate scraper) looks for new data. */
const VERSION_CHECK_INTERVAL_MS = 1_000;

export class ReadModel {
  private snapshot: Snapshot | null = null;
  private lastVersionCheck = Number.NEGATIVE_INFINITY;
  private readonly answers = new Map<string, PreparedAnswer>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly freshnessLimitMs: number,
  ) {}

  /** Tells the model the data changed; the next read rebuilds the snapshot. */
  invalidate(): void {
    this.lastVersionCheck = Number.NEGATIVE_INFINITY;
  }

  current(): Snapshot {
    const now = this.clock.now().getTime();
    if (!this.snapshot || now - this.lastVersionCheck >= VERSION_CHECK_INTERVAL_MS) {
      this.lastVersionCheck = now;
      const version = this.store.dataVersion();
      if (this.snapshot?.version !== version) {
        this.snapshot = buildSnapshot(version, this.store.snapshot(now), now, this.freshnessLimitMs, historyReader(this.store));
        this.answers.clear();
      }
    }
    return this.snapshot;
  }

  /** A prepared answer for `key`, built by `build` only when the cached one is missing or outdated. */
  answer(key: string, build: (snapshot: Snapshot, now: number) => AnswerContent): PreparedAnswer {
    const snapshot = this.current();
    const now = this.clock.now().getTime();
    const cached = this.answers.get(key);
    if (cached && cached.validUntil > now) return cached;
    const content = build(snapshot, now);
    const body = Buffer.from(content.body);
    const prepared: PreparedAnswer = {
      body,
      gzip: gzipSync(body),
      etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 27)}"`,
      contentType: content.contentType ?? 'application/json; charset=utf-8',
      // Also rebuilt at Paris midnight: "today" (day files, day windows of the statistics) moves then.
      validUntil: Math.min(content.soonestSlotAt != null && content.soonestSlotAt > now ? content.soonestSlotAt : now + 60_000, nextParisMidnight(now)),
    };
    if (this.answers.size >= ANSWER_CACHE_LIMIT) this.answers.delete(this.answers.keys().next().value!);
    this.answers.set(key, prepared);
    return prepared;
  }
}

function historyReader(store: Store): HistoryReader {
  const cache = new Map<Granularity, readonly StatsBucket[]>();
  return {
    buckets(granularity) {
      let buckets = cache.get(granularity);
      if (!buckets) cache.set(granularity, (buckets = store.statsBuckets(granularity)));
      return buckets;
    },
  };
}

function buildSnapshot(version: string, centres: StoredCentre[], builtAt: number, freshnessLimitMs: number, history: HistoryReader): Snapshot {
  const byDepartment = new Map<string, StoredCentre[]>();
  let lastCheckedAt: number | null = null;
  for (const centre of centres) {
    if (centre.department) {
      let list = byDepartment.get(centre.department);
      if (!list) byDepartment.set(centre.department, (list = []));
      list.push(centre);
    }
    if (centre.lastCheckedAt !== null && (lastCheckedAt === null || centre.lastCheckedAt > lastCheckedAt)) lastCheckedAt = centre.lastCheckedAt;
  }
  return { version, builtAt, centres, byId: new Map(centres.map((centre) => [centre.id, centre])), byDepartment, lastCheckedAt, freshnessLimitMs, history };
}

function nextParisMidnight(now: number): number {
  return parisMidnight(addDaysToDate(parisDate(new Date(now)), 1))!.getTime();
}
