// The read side. It follows the change log, never the whole world: each change reloads the centre it names
// (its record and its packed slots) and marks its department; the marked departments' hot answers are
// rebuilt off the request path, a few per turn of the event loop, and the national answers assembled from
// the departments' parts. A request gets the current prepared answer at once; a finished rebuild swaps in.
// During a national scan cycle every department changes several times a second, so the background paces itself:
// a department is rebuilt at most every departmentIntervalMs, all of them within a share of a core
// (rebuild-budget.ts), its answers joined as bytes from cached per-place fragments and per-centre parts (only
// what a change touched is made again), with a fast gzip (recompression.ts makes the good forms once it is
// quiet); the national answers at most every max(nationalIntervalMs, 10 x their last build).
// Works in any process that opens the SQLite file: a reader polls the log on a timer; the writer's own
// process can also call refresh() (or settle(), which rebuilds at once).
import type { Clock } from '../../clock.js';
import type { Granularity, StatsBucket } from '../store/history-store.js';
import type { StoredCentre, Store } from '../store/store.js';
import type { CentreHourRow, DayRow } from '../store/slot-history.js';
import { withSlotCache, type CentreRecord, type CentreState } from './centre-state.js';
import { loadEverything, reloadCentres, touchedSince } from './load.js';
import { RebuildBudget } from './rebuild-budget.js';
import {
  buildDepartment,
  buildNational,
  hotKeyOfPath,
  hotOwner,
  nationalStats,
  NO_CACHE,
  NO_DEPARTMENT,
  type DepartmentCache,
  type DepartmentPart,
} from './hot-answers.js';
import {
  answerBytes,
  ByteBudgetCache,
  prepare,
  prepareQuick,
  type AnswerContent,
  type PreparedAnswer,
} from './prepared.js';
import type { StatsNow } from './stats.js';
import { getOrInsert } from '../../maps.js';
import { PlaceGroups, type PlaceIndex } from './places/groups.js';
import { Recompressor, type AnswerSet, type QuietSet } from './recompression.js';
import { compareStrings } from '../../text.js';

export type { AnswerContent, PreparedAnswer } from './prepared.js';

/** The statistics history as of a snapshot: read from the store on first use, then kept with the snapshot. */
export interface HistoryReader {
  buckets(granularity: Granularity): readonly StatsBucket[];
}

/** The slot history (store/slot-history.ts), read when asked: the answers built from it are cached by key. */
export interface SlotHistoryReader {
  centreHours(centreId: string, from?: number, to?: number): readonly CentreHourRow[];
  /** A department's (or FR's) daily figures. */
  days(scope: string, from?: number, to?: number): readonly DayRow[];
}

/** What the pure read functions see: centres by id and by department, and what dates them. */
export interface Snapshot {
  /** Changes whenever the data does. */
  readonly version: string;
  readonly builtAt: number;
  /** By id. */
  readonly centres: readonly StoredCentre[];
  readonly byId: ReadonlyMap<string, StoredCentre>;
  /** By department code, each list by id. */
  readonly byDepartment: ReadonlyMap<string, readonly StoredCentre[]>;
  /** The latest scan of any centre: the "last updated" of the open-data files. */
  readonly lastCheckedAt: number | null;
  /** How old a centre's last successful scan may be before its slots are stale. */
  readonly freshnessLimitMs: number;
  readonly history: HistoryReader;
  /** Which listings are one place; computed from `centres` when absent (a snapshot built by hand). */
  readonly places?: PlaceIndex;
}

export interface ReadModelOptions {
  /** How often the change log is polled (0: never by itself; refresh() only). */
  readonly pollMs?: number;
  /** The byte budget of the on-demand answers (queries with parameters). */
  readonly answerCacheBytes?: number;
  /** Brotli forms of the hot answers, when they pay. */
  readonly brotli?: boolean;
  /**
   * The national answers hold every centre, so building them costs the size of the country: the background
   * builds them at most this often, and no sooner than ten times their last build's duration after it, however
   * many changes come in between (settle() builds them at once).
   */
  readonly nationalIntervalMs?: number;
  /**
   * A department changing all the time (every department during a national scan cycle) is rebuilt at most this
   * often in the background: its later changes wait for the interval, then show together. Answers that time
   * made wrong, and settle(), do not wait.
   */
  readonly departmentIntervalMs?: number;
  /**
   * The share of one core the background may spend rebuilding departments (rebuild-budget.ts); past it, the
   * marked departments wait their turn. No limit by default: where the platforms are remote the writer needs
   * little CPU, and a limit delays every answer (measured at national scale on 2 cores shared with the sandbox:
   * a quarter made the steady cycle 30% shorter and freshness p95 7.4 s instead of 0.9 s).
   */
  readonly rebuildShare?: number;
  /**
   * A background rebuild makes a fast gzip and no brotli; answers unchanged for this long are compressed again
   * (gzip -6, brotli when it pays) off the event loop. The ETag, of the body, does not change.
   */
  readonly quietMs?: number;
  /**
   * False for a model kept only for its statistics (the writer's: its recorder samples the departments'
   * parts): no answer bytes, gzip or brotli are made, which took a tenth of the writer's CPU at national scale.
   */
  readonly prepareAnswers?: boolean;
  /** Milliseconds from any fixed origin, for the intervals (tests hand in a fake one); durations are real. */
  readonly elapsed?: () => number;
}

export const DEFAULT_READ_MODEL: Required<ReadModelOptions> = {
  pollMs: 0,
  answerCacheBytes: 32 * 1024 * 1024,
  brotli: true,
  nationalIntervalMs: 1_000,
  departmentIntervalMs: 500,
  rebuildShare: Number.POSITIVE_INFINITY,
  quietMs: 10_000,
  prepareAnswers: true,
  elapsed: () => performance.now(),
};

export interface ReadModelWork {
  departmentBuilds: number;
  departmentMs: number;
  nationalBuilds: number;
  nationalMs: number;
  /** Sets of answers (a department's, or the national ones) compressed again once quiet. */
  recompressions: number;
}

/** How much rebuilding one turn of the event loop may do before it yields to requests. */
const REBUILD_SLICE_MS = 8;
const CHANGES_PER_READ = 5_000;
/** The background waits this many times the last national build's duration before the next one. */
const NATIONAL_COST_FACTOR = 10;

interface Bucket extends AnswerSet {
  /** By id. */
  centres: CentreState[];
  part: DepartmentPart | null;
  /** Its places' JSON and its centres' parts as last built, reused for those no change touched. */
  cache: DepartmentCache;
  /** When its answers were built, and the earliest instant one of them goes out of date. */
  builtAt: number;
  validUntil: number;
  /** this.elapsed() of its last rebuild: the next background one waits departmentIntervalMs after it. */
  rebuiltAt: number;
}

/** Answers hold from their build to their first expiry (a clock set back, as tests do, makes them wrong too). */
function holds(span: { builtAt: number; validUntil: number }, now: number): boolean {
  return span.builtAt <= now && now < span.validUntil;
}

export class ReadModel {
  private readonly options: Required<ReadModelOptions>;
  private readonly elapsed: () => number;
  private readonly byId = new Map<string, CentreState>();
  /** Which listings are one place: regrouped per department, only when a listing's place facts change. */
  readonly places = new PlaceGroups();
  private readonly buckets = new Map<string, Bucket>();
  private sorted: CentreState[] = [];
  private sortedStale = true;
  private lastSeq = -1;
  private dataVersion = '';
  private generation = 0;
  private lastCheckedAt: number | null = null;
  private readonly dirty = new Set<string>();
  private nationalDirty = true;
  private national: (AnswerSet & { builtAt: number; validUntil: number }) | null = null;
  private readonly recompressor: Recompressor;
  private readonly budget: RebuildBudget;
  private readonly onDemand: ByteBudgetCache<{ answer: PreparedAnswer; generation: number; builtAt: number }>;
  private history: { generation: number; reader: HistoryReader } | null = null;
  /** The snapshot object of the current version (its maps are the live ones; only its identity is cached). */
  private view: Snapshot | null = null;
  private rebuildScheduled = false;
  /** Wakes the background when the earliest deferred rebuild (a department's or the national one) is due. */
  private wakeTimer: NodeJS.Timeout | null = null;
  private wakeAt = Number.POSITIVE_INFINITY;
  /** this.elapsed() of the last national build, and how long it took. */
  private nationalBuiltAt = Number.NEGATIVE_INFINITY;
  private nationalBuildMs = 0;
  private timer: NodeJS.Timeout | null = null;
  /** Departments rebuilt, in order (tests count them; bounded). */
  readonly rebuilds: string[] = [];
  /** What rebuilding has cost so far (benchmarks read it): counts and milliseconds spent. */
  readonly work: ReadModelWork = {
    departmentBuilds: 0,
    departmentMs: 0,
    nationalBuilds: 0,
    nationalMs: 0,
    recompressions: 0,
  };

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly freshnessLimitMs: number,
    options: ReadModelOptions = {},
  ) {
    this.options = { ...DEFAULT_READ_MODEL, ...options };
    this.elapsed = this.options.elapsed;
    this.budget = new RebuildBudget(this.options.rebuildShare, this.elapsed);
    this.recompressor = new Recompressor(() => this.quietSet(), {
      brotli: this.options.brotli,
      onDone: () => (this.work.recompressions += 1),
    });
    this.onDemand = new ByteBudgetCache(this.options.answerCacheBytes, (entry) => answerBytes(entry.answer));
    if (this.options.pollMs > 0) this.start(this.options.pollMs);
  }

  /** Polls the change log every `pollMs`, and rebuilds answers whose time has come. */
  start(pollMs: number): void {
    this.stop();
    this.timer = setInterval(() => this.tick(), pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.timer = null;
    this.wakeTimer = null;
    this.wakeAt = Number.POSITIVE_INFINITY;
  }

  /** Applies the changes written since the last look (cheap: proportional to them) and schedules rebuilds. */
  refresh(): void {
    if (this.lastSeq < 0 || !this.store.canFollowFrom(this.lastSeq)) this.reload();
    else this.applyChanges();
    const version = this.store.dataVersion();
    if (version !== this.dataVersion) {
      this.dataVersion = version;
      this.generation += 1;
    }
    this.scheduleRebuild();
  }

  /** refresh(), then every pending rebuild at once: for the writer's process after a cycle, tests, exports. */
  settle(): void {
    this.refresh();
    this.rebuildPending(Number.POSITIVE_INFINITY, true);
  }

  current(): Snapshot {
    if (this.lastSeq < 0) this.refresh();
    const version = `${this.lastSeq}:${this.generation}`;
    if (this.view?.version === version) return this.view;
    if (this.sortedStale) {
      this.sorted = [...this.byId.values()].sort((a, b) => compareStrings(a.id, b.id));
      this.sortedStale = false;
    }
    const byDepartment = new Map<string, readonly StoredCentre[]>();
    for (const [code, bucket] of this.buckets) if (code !== NO_DEPARTMENT) byDepartment.set(code, bucket.centres);
    this.view = {
      version,
      builtAt: this.clock.now().getTime(),
      centres: this.sorted,
      byId: this.byId,
      byDepartment,
      lastCheckedAt: this.lastCheckedAt,
      freshnessLimitMs: this.freshnessLimitMs,
      history: this.historyReader(),
      places: this.places,
    };
    return this.view;
  }

  /** The slot history, straight from the store (the writer rolls it up; this process only reads). */
  slotHistory(): SlotHistoryReader {
    const store = this.store;
    return {
      centreHours: (centreId, from, to) => store.centreHistory(centreId, from, to),
      days: (scope, from, to) => store.dailyHistory(scope, from, to),
    };
  }

  /** National statistics from the departments' parts (the statistics history samples them). */
  statsNow(): StatsNow {
    this.settle();
    return nationalStats(this.parts(), this.clock.now().getTime());
  }

  /**
   * The answer for `key`: a hot answer is served as prepared (built now only if it never was, or if time
   * made it wrong); any other is built by `build` on demand and kept within the byte budget.
   */
  answer(key: string, build: (snapshot: Snapshot, now: number) => AnswerContent): PreparedAnswer {
    if (this.lastSeq < 0) this.refresh();
    const now = this.clock.now().getTime();
    const owner = hotOwner(key);
    if (owner !== null) {
      const prepared = this.hotAnswer(owner, key, now);
      if (prepared) return prepared;
    }
    const cached = this.onDemand.get(key);
    if (
      cached &&
      cached.generation === this.generation &&
      holds({ builtAt: cached.builtAt, validUntil: cached.answer.validUntil }, now)
    )
      return cached.answer;
    const answer = prepare(
      withSlotCache(() => build(this.current(), now)),
      now,
    );
    this.onDemand.set(key, { answer, generation: this.generation, builtAt: now });
    return answer;
  }

  /**
   * For the HTTP fast lane: the prepared answer of a hot GET path (`/api/v1/departments/75/centers`,
   * `/vitemadose/75.json`...), synchronously, or null when the path is not hot or its answer is not ready
   * (the caller then goes through express, which builds it).
   */
  preparedAnswer(pathWithQuery: string): PreparedAnswer | null {
    const key = hotKeyOfPath(pathWithQuery);
    if (key === null) return null;
    const owner = hotOwner(key)!;
    const span = owner === 'national' ? this.national : this.buckets.get(owner);
    return span && holds(span, this.clock.now().getTime()) ? (span.answers.get(key) ?? null) : null;
  }

  /** Bytes held by the on-demand answers (within the budget). */
  get onDemandBytes(): number {
    return this.onDemand.bytes;
  }

  private hotAnswer(owner: string, key: string, now: number): PreparedAnswer | undefined {
    if (owner === 'national') {
      if (!this.national || !holds(this.national, now)) this.rebuildNational(now);
      return this.national!.answers.get(key);
    }
    const bucket = this.bucket(owner);
    if (bucket.answers.size === 0 || !holds(bucket, now)) this.rebuildDepartment(owner, now);
    return bucket.answers.get(key);
  }

  private tick(): void {
    try {
      this.refresh();
      const now = this.clock.now().getTime();
      for (const [code, bucket] of this.buckets) if (!holds(bucket, now)) this.dirty.add(code);
      if (this.national && !holds(this.national, now)) this.nationalDirty = true;
      this.scheduleRebuild();
      if (!this.recompressor.busy) void this.recompressQuiet();
    } catch {
      // The file may be busy or being replaced: the next tick tries again; answers stay as they are.
    }
  }

  /** From scratch: every centre and slot (once at start, or when the log was pruned past our position). */
  private reload(): void {
    const { seq, centres } = loadEverything(this.store);
    this.byId.clear();
    this.places.clear();
    for (const bucket of this.buckets.values()) bucket.centres = [];
    this.lastCheckedAt = null;
    for (const state of centres) this.place(state);
    for (const code of this.buckets.keys()) this.dirty.add(code);
    this.nationalDirty = true;
    this.sortedStale = true;
    this.lastSeq = seq;
    this.generation += 1;
  }

  private applyChanges(): void {
    const { seq, touched } = touchedSince(this.store, this.lastSeq, CHANGES_PER_READ);
    this.lastSeq = seq;
    if (touched.size === 0) return;
    this.generation += 1;
    for (const [id, state] of reloadCentres(this.store, touched, this.byId)) {
      const before = this.byId.get(id);
      if (before) this.remove(before);
      if (state) this.place(state);
      else this.places.delete(id);
    }
  }

  private place(state: CentreState): void {
    if (!this.byId.has(state.id)) this.sortedStale = true;
    this.byId.set(state.id, state);
    this.places.set(state.id, state);
    const code = state.department ?? NO_DEPARTMENT;
    const bucket = this.bucket(code);
    const at = lowerBoundById(bucket.centres, state.id);
    if (bucket.centres[at]?.id === state.id) bucket.centres[at] = state;
    else bucket.centres.splice(at, 0, state);
    this.markDirty(code);
    if (state.lastCheckedAt !== null && (this.lastCheckedAt === null || state.lastCheckedAt > this.lastCheckedAt))
      this.lastCheckedAt = state.lastCheckedAt;
    if (!this.sortedStale) {
      const i = lowerBoundById(this.sorted, state.id);
      if (this.sorted[i]?.id === state.id) this.sorted[i] = state;
    }
  }

  private remove(state: CentreState): void {
    const code = state.department ?? NO_DEPARTMENT;
    const bucket = this.bucket(code);
    const at = lowerBoundById(bucket.centres, state.id);
    if (bucket.centres[at]?.id === state.id) bucket.centres.splice(at, 1);
    this.byId.delete(state.id);
    this.sortedStale = true;
    this.markDirty(code);
  }

  private markDirty(code: string): void {
    this.dirty.add(code);
    this.nationalDirty = true;
  }

  private bucket(code: string): Bucket {
    const bucket = getOrInsert(this.buckets, code, () => ({
      centres: [],
      answers: new Map(),
      polished: false,
      part: null,
      cache: NO_CACHE,
      builtAt: Number.NEGATIVE_INFINITY,
      validUntil: Number.NEGATIVE_INFINITY,
      rebuiltAt: Number.NEGATIVE_INFINITY,
    }));
    return bucket;
  }

  private scheduleRebuild(): void {
    if (this.rebuildScheduled || (this.dirty.size === 0 && !this.nationalDirty)) return;
    this.rebuildScheduled = true;
    setImmediate(() => {
      this.rebuildScheduled = false;
      if (this.rebuildPending(REBUILD_SLICE_MS, false)) this.scheduleRebuild();
    });
  }

  /**
   * Rebuilds the marked departments whose time has come for at most `budgetMs` (all of them when `force`),
   * then the national answers once no department is left to rebuild now. What must wait (a department rebuilt
   * less than departmentIntervalMs ago, the national answers within their interval) is left marked, and a
   * timer wakes the background when the first of it is due. True when the budget ran out with work left.
   */
  private rebuildPending(budgetMs: number, force: boolean): boolean {
    // The slice is real time (how long the event loop is held); what is due is on elapsed().
    const started = performance.now();
    const now = this.clock.now().getTime();
    let nextDue = Number.POSITIVE_INFINITY;
    // Due national answers go first: departments changing all the time must not starve them.
    if (this.nationalDirty && !force && this.nationalBuiltAt + this.nationalWaitMs() <= this.elapsed())
      this.rebuildNational(now);
    for (const code of this.dirty) {
      if (performance.now() - started > budgetMs) return true;
      const due = force ? Number.NEGATIVE_INFINITY : this.departmentDueAt(code, now);
      if (due > this.elapsed()) nextDue = Math.min(nextDue, due);
      else if (force) this.rebuildDepartment(code, now, true);
      else if (this.budget.available()) this.budget.spend(this.rebuildDepartment(code, now));
      else {
        // Spent: the departments still marked (this one and those after it) wait for the budget.
        nextDue = Math.min(nextDue, this.budget.readyAt());
        break;
      }
    }
    if (this.nationalDirty) {
      if (performance.now() - started > budgetMs) return true;
      const due = force ? Number.NEGATIVE_INFINITY : this.nationalBuiltAt + this.nationalWaitMs();
      if (due > this.elapsed()) nextDue = Math.min(nextDue, due);
      else this.rebuildNational(now, force);
    }
    if (nextDue < Number.POSITIVE_INFINITY) this.wakeBy(nextDue);
    return false;
  }

  /** When a marked department may be rebuilt in the background: at once if it never was or time made it wrong. */
  private departmentDueAt(code: string, now: number): number {
    const bucket = this.buckets.get(code);
    if (!bucket?.part || !holds(bucket, now)) return Number.NEGATIVE_INFINITY;
    return bucket.rebuiltAt + this.options.departmentIntervalMs;
  }

  /** The national answers cost the size of the country: never more than a tenth of a core, however it grows. */
  private nationalWaitMs(): number {
    return Math.max(this.options.nationalIntervalMs, NATIONAL_COST_FACTOR * this.nationalBuildMs);
  }

  private wakeBy(at: number): void {
    if (this.wakeTimer && this.wakeAt <= at) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeAt = at;
    this.wakeTimer = setTimeout(
      () => {
        this.wakeTimer = null;
        this.wakeAt = Number.POSITIVE_INFINITY;
        this.scheduleRebuild();
      },
      Math.max(0, at - this.elapsed()),
    );
    this.wakeTimer.unref();
  }

  /** `good`: gzip -6 and brotli now (settle()); otherwise a fast gzip, compressed again once quiet. */
  /** Returns the milliseconds it took. */
  private rebuildDepartment(code: string, now: number, good = false): number {
    const started = performance.now();
    this.dirty.delete(code);
    const bucket = this.bucket(code);
    const built = withSlotCache(() =>
      buildDepartment(this.current(), code, now, bucket.cache, this.options.prepareAnswers),
    );
    const answers = new Map<string, PreparedAnswer>();
    let validUntil = now + 60_000;
    for (const [key, content] of built.answers) {
      const prepared = this.prepareHot(content, now, good);
      answers.set(key, prepared);
      validUntil = Math.min(validUntil, prepared.validUntil);
    }
    bucket.answers = answers;
    bucket.polished = good;
    bucket.part = built.part;
    bucket.cache = built.cache;
    // A part without answers (the centres without a department) still moves with time.
    bucket.builtAt = now;
    bucket.validUntil = validUntil;
    bucket.rebuiltAt = this.elapsed();
    this.nationalDirty = true;
    this.rebuilds.push(code);
    if (this.rebuilds.length > 10_000) this.rebuilds.splice(0, 5_000);
    const spent = performance.now() - started;
    this.work.departmentBuilds += 1;
    this.work.departmentMs += spent;
    return spent;
  }

  /**
   * Every department's part, rebuilt first only where it is missing or out of date: a department waiting for
   * its interval brings the part its answers show (settle() and statsNow() rebuild every marked one first).
   */
  private parts(): Map<string, DepartmentPart> {
    const now = this.clock.now().getTime();
    const parts = new Map<string, DepartmentPart>();
    for (const [code, bucket] of this.buckets) {
      if (!bucket.part || !holds(bucket, now)) this.rebuildDepartment(code, now);
      parts.set(code, bucket.part!);
    }
    return parts;
  }

  private rebuildNational(now: number, good = false): void {
    if (!this.options.prepareAnswers) {
      this.nationalDirty = false;
      return;
    }
    const parts = this.parts();
    const started = performance.now();
    this.nationalDirty = false;
    const answers = new Map<string, PreparedAnswer>();
    let validUntil = now + 60_000;
    const stats = nationalStats(parts, now);
    for (const [key, content] of buildNational(this.current(), parts, stats, now)) {
      const prepared = this.prepareHot(content, now, good);
      answers.set(key, prepared);
      validUntil = Math.min(validUntil, prepared.validUntil);
    }
    this.national = { answers, polished: good, builtAt: now, validUntil };
    this.nationalBuiltAt = this.elapsed();
    this.nationalBuildMs = performance.now() - started;
    this.work.nationalBuilds += 1;
    this.work.nationalMs += this.nationalBuildMs;
  }

  private prepareHot(content: AnswerContent, now: number, good: boolean): PreparedAnswer {
    return good ? prepare(content, now, { brotli: this.options.brotli }) : prepareQuick(content, now);
  }

  /**
   * Compresses again, one set at a time, every set of answers left with the fast gzip that has not changed for
   * quietMs (the poll starts it). Resolves with how many sets it finished.
   */
  recompressQuiet(): Promise<number> {
    return this.options.prepareAnswers ? this.recompressor.run() : Promise.resolve(0);
  }

  private quietSet(): QuietSet | null {
    const quietSince = this.elapsed() - this.options.quietMs;
    for (const [code, bucket] of this.buckets)
      if (!bucket.polished && bucket.answers.size > 0 && !this.dirty.has(code) && bucket.rebuiltAt <= quietSince) {
        const answers = bucket.answers;
        return { set: bucket, current: () => bucket.answers === answers };
      }
    const national = this.national;
    if (national && !national.polished && !this.nationalDirty && this.nationalBuiltAt <= quietSince)
      return { set: national, current: () => this.national === national };
    return null;
  }

  private historyReader(): HistoryReader {
    if (this.history?.generation !== this.generation) {
      const cache = new Map<Granularity, readonly StatsBucket[]>();
      const store = this.store;
      this.history = {
        generation: this.generation,
        reader: {
          buckets(granularity) {
            const buckets = getOrInsert(cache, granularity, () => store.statsBuckets(granularity));
            return buckets;
          },
        },
      };
    }
    return this.history.reader;
  }
}

function lowerBoundById(list: readonly CentreRecord[], id: string): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (list[middle]!.id < id) low = middle + 1;
    else high = middle;
  }
  return low;
}
