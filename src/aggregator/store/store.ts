// The SQLite store. Writers are the scheduler's pipelines; readers are the read models. Every write that
// belongs together is one transaction, so a crash leaves each centre with its previous scan or its new one.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Centre, CentreKind, Dose, PlatformId, ScanOutcome, Vaccine } from '../../domain.js';
import {
  addStatsSample,
  pruneStatsBuckets,
  readStatsBuckets,
  type Granularity,
  type StatsBucket,
  type StatsSample,
} from './history-store.js';
import type { DiscoveryDecision, DiscoveryMemory, Verdict } from '../ingest/discovery-verdict.js';
import { MIGRATIONS } from './migrations.js';
import {
  canFollow,
  changeLogReader,
  changeLogWriter,
  pruneChangeLog,
  type ChangeEvent,
  type ChangeLogBounds,
  type ChangeLogReader,
  type ChangeLogRetention,
} from './change-log.js';
import {
  centreHours,
  dayRows,
  pruneSlotHistory,
  rollUpSlotHistory,
  type CentreHourRow,
  type DayRow,
  type RollUpResult,
  type SlotHistoryRetention,
} from './slot-history.js';
import { DAY_MS } from '../../time.js';
import {
  centreWriter,
  scanWriter,
  type CentreWriter,
  type ScanWriter,
  type ScanWriteResult,
} from '../ingest/writes.js';
import { getOrInsert } from '../../maps.js';

export interface StoredSlot {
  readonly startAt: number;
  readonly vaccine: Vaccine;
  readonly doses: readonly Dose[];
}

/** A centre as the read side sees it: the unified record plus its scan state and current slots. */
export interface StoredCentre extends Centre {
  readonly firstSeenAt: number;
  readonly lastSeenAt: number;
  readonly lastCheckedAt: number | null;
  readonly lastSuccessAt: number | null;
  readonly lastIssue: string | null;
  /** Soonest first. */
  readonly slots: readonly StoredSlot[];
}

export interface CycleRecord {
  readonly platform: PlatformId;
  readonly kind: 'discovery' | 'scan';
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly centres: number;
  readonly slots: number;
  readonly issues: number;
  readonly error: string | null;
  /** Discovery cycles only. */
  readonly verdict?: Verdict;
}

export interface BreakerStateRecord {
  readonly platform: PlatformId;
  readonly state: 'closed' | 'open' | 'half-open';
  readonly since: number;
  readonly reason: string | null;
  /** When an open breaker starts probing again. */
  readonly openUntil: number | null;
  readonly openings: number;
  readonly recoveries: number;
  readonly updatedAt: number;
}

interface CentreRow {
  id: string;
  platform: string;
  name: string;
  kind: string;
  address: string;
  postal_code: string | null;
  city: string | null;
  insee: string | null;
  department: string | null;
  latitude: number | null;
  longitude: number | null;
  phone: string | null;
  business_hours: string | null;
  booking_url: string;
  atlas_gid: number | null;
  scan_data: string;
  first_seen_at: number;
  last_seen_at: number;
  last_checked_at: number | null;
  last_success_at: number | null;
  last_issue: string | null;
}

/** Every column the read side shows (scan_data is the adapters' business, and can be large). */
const READ_COLUMNS = `id, platform, name, kind, address, postal_code, city, insee, department, latitude, longitude,
  phone, business_hours, booking_url, atlas_gid, first_seen_at, last_seen_at, last_checked_at, last_success_at,
  last_issue`;

export class Store {
  private readonly db: Database.Database;
  private readonly scanWriter: ScanWriter;
  private readonly centreWriter: CentreWriter;
  private readonly changeLog: ChangeLogReader;
  private writes = 0;

  constructor(readonly file: string) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode keeps every committed transaction consistent after a crash; it may lose the last
    // commits on power loss, which a scraper recovers from at its next cycle.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
    this.scanWriter = scanWriter(this.db);
    this.centreWriter = centreWriter(this.db);
    this.changeLog = changeLogReader(this.db);
  }

  private migrate(): void {
    const current = this.db.pragma('user_version', { simple: true }) as number;
    if (current > MIGRATIONS.length) {
      throw new Error(`${this.file}: schema version ${current} is newer than this program (${MIGRATIONS.length})`);
    }
    for (let version = current; version < MIGRATIONS.length; version += 1) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[version]!);
        this.db.pragma(`user_version = ${version + 1}`);
      })();
    }
  }

  /**
   * A number that changes whenever the data changes, whoever wrote it: this connection (counted) or
   * another process (SQLite's data_version).
   */
  dataVersion(): string {
    return `${this.db.pragma('data_version', { simple: true })}:${this.writes}`;
  }

  close(): void {
    this.db.close();
  }

  integrityCheck(): string {
    return this.db.pragma('integrity_check', { simple: true }) as string;
  }

  /**
   * Records what a discovery found, keeping first-seen dates and scan state of known centres; a centre whose
   * public record changed (or that is new) goes to the change log. Returns how many did. `pending`: centres
   * new to the store wait, unlisted, for the verdict on the discovery (applyDiscovery).
   */
  upsertCentres(centres: readonly Centre[], seenAt: number, options: { readonly pending?: boolean } = {}): number {
    const changed = this.centreWriter(centres, seenAt, options.pending ?? false);
    this.writes += 1;
    return changed;
  }

  /**
   * One centre's scan, in one transaction: a success writes only the slots that appeared or vanished (a
   * re-scan that finds the same slots writes no slot row); an issue keeps the last good slots.
   */
  recordScan(
    centre: Pick<Centre, 'id' | 'platform'>,
    outcome: ScanOutcome,
    checkedAt: number,
    durationMs: number,
  ): ScanWriteResult {
    const result = this.scanWriter.recordScan(centre, outcome, checkedAt, durationMs);
    this.writes += 1;
    return result;
  }

  /** The changes after `seq`, oldest first (change-log.ts). */
  changesSince(seq: number, limit: number): ChangeEvent[] {
    return this.changeLog.changesSince(seq, limit);
  }

  changeLogBounds(): ChangeLogBounds {
    return this.changeLog.bounds();
  }

  /** Whether a reader at `seq` can follow the log, or must rebuild because changes it needs were pruned. */
  canFollowFrom(seq: number): boolean {
    return canFollow(this.changeLog.bounds(), seq);
  }

  pruneChangeLog(retention: ChangeLogRetention, now: number): number {
    return pruneChangeLog(this.db, retention, now);
  }

  recordCycle(cycle: CycleRecord): void {
    this.db
      .prepare(`INSERT INTO cycles (platform, kind, started_at, finished_at, centres, slots, issues, error, verdict)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(
        cycle.platform,
        cycle.kind,
        cycle.startedAt,
        cycle.finishedAt,
        cycle.centres,
        cycle.slots,
        cycle.issues,
        cycle.error,
        cycle.verdict ?? null,
      );
    this.writes += 1;
  }

  /** A platform's circuit breaker as the scraper sees it (`/api/v1/platforms` reads it back). */
  recordBreakerState(state: BreakerStateRecord): void {
    this.db
      .prepare(`INSERT INTO platform_state
          (platform, breaker_state, breaker_since, breaker_reason, open_until, openings, recoveries, updated_at)
        VALUES (@platform, @state, @since, @reason, @openUntil, @openings, @recoveries, @updatedAt)
        ON CONFLICT (platform) DO UPDATE SET breaker_state = excluded.breaker_state,
          breaker_since = excluded.breaker_since, breaker_reason = excluded.breaker_reason,
          open_until = excluded.open_until, openings = excluded.openings,
          recoveries = excluded.recoveries, updated_at = excluded.updated_at`)
      .run(state);
    this.writes += 1;
  }

  /** Scan history is detail for a while, not forever. */
  pruneScansBefore(instant: number): number {
    return this.db.prepare('DELETE FROM scans WHERE checked_at < ?').run(instant).changes;
  }

  /**
   * Believed centres of a platform (not retired) seen by a discovery at or after `seenSince`: the ones worth
   * scanning.
   */
  centresToScan(platform: PlatformId, seenSince = 0): Centre[] {
    const rows = this.db
      .prepare('SELECT * FROM centres WHERE platform = ? AND last_seen_at >= ? AND retired_at IS NULL ORDER BY id')
      .all(platform, seenSince) as CentreRow[];
    return rows.map(rowToCentre);
  }

  /** What the earlier discoveries of a platform established, for the verdict on the next one. */
  discoveryMemory(platform: PlatformId): DiscoveryMemory {
    const active = this.db
      .prepare('SELECT id, missed_discoveries FROM centres WHERE platform = ? AND retired_at IS NULL')
      .all(platform) as Array<{ id: string; missed_discoveries: number }>;
    // Cycles written before verdicts existed count as believed when they did not fail.
    const judged = `kind = 'discovery' AND (verdict IN ('accepted', 'held') OR (verdict IS NULL AND error IS NULL))`;
    const believed = this.db
      .prepare(
        `SELECT centres FROM cycles WHERE platform = ? AND ${judged} AND ` +
          `verdict IS NOT 'held' ORDER BY id DESC LIMIT 1`,
      )
      .get(platform) as { centres: number } | undefined;
    const latest = this.db
      .prepare(`SELECT centres, verdict FROM cycles WHERE platform = ? AND ${judged} ORDER BY id DESC LIMIT 1`)
      .get(platform) as { centres: number; verdict: Verdict | null } | undefined;
    return {
      active: new Map(active.map((row) => [row.id, row.missed_discoveries])),
      believedSize: believed?.centres ?? null,
      heldSize: latest?.verdict === 'held' ? latest.centres : null,
    };
  }

  /** The verdict on a discovery, in one transaction: misses counted, centres brought in and retired. */
  applyDiscovery(decision: DiscoveryDecision, at: number): void {
    if (decision.verdict === 'failed') return;
    const setMisses = this.db.prepare('UPDATE centres SET missed_discoveries = ?, retired_at = NULL WHERE id = ?');
    const retire = this.db.prepare('UPDATE centres SET retired_at = ?, missed_discoveries = 0 WHERE id = ?');
    const departmentOf = this.db.prepare('SELECT department FROM centres WHERE id = ?').pluck();
    const log = changeLogWriter(this.db);
    this.db.transaction(() => {
      for (const [id, misses] of decision.memory.active) setMisses.run(misses, id);
      for (const id of decision.retire) retire.run(at, id);
      // The read side follows the log: a centre brought in or retired is a change of its listing.
      for (const id of [...decision.activate, ...decision.retire])
        log.centre(at, id, departmentOf.get(id) as string | null);
    })();
    this.writes += 1;
  }

  /** Every centre with its slots starting at or after `from`, for the read models. */
  snapshot(from: number): StoredCentre[] {
    const rows = this.db.prepare('SELECT * FROM centres WHERE retired_at IS NULL ORDER BY id').all() as CentreRow[];
    const slotRows = this.db
      .prepare(
        'SELECT centre_id, start_at, vaccine, doses, places FROM slots WHERE ' +
          'start_at >= ? ORDER BY centre_id, start_at, vaccine, doses_key, motive',
      )
      .all(from) as Array<{ centre_id: string; start_at: number; vaccine: string; doses: string; places: number }>;
    const slotsByCentre = new Map<string, StoredSlot[]>();
    for (const row of slotRows) {
      const list = getOrInsert(slotsByCentre, row.centre_id, () => []);
      const slot: StoredSlot = {
        startAt: row.start_at,
        vaccine: row.vaccine as Vaccine,
        doses: JSON.parse(row.doses) as Dose[],
      };
      for (let place = 0; place < row.places; place += 1) list.push(slot);
    }
    return rows.map((row) => ({
      ...rowToCentre(row),
      firstSeenAt: row.first_seen_at,
      lastSeenAt: row.last_seen_at,
      lastCheckedAt: row.last_checked_at,
      lastSuccessAt: row.last_success_at,
      lastIssue: row.last_issue,
      slots: slotsByCentre.get(row.id) ?? [],
    }));
  }

  /** Centres the read side lists (not retired), without their scan data; all of them, or those of `ids`. */
  centreRecords(ids?: readonly string[]): Array<Omit<StoredCentre, 'slots'>> {
    const rows = ids
      ? ids
          .map((id) => this.statementsForReads().centre.get(id) as CentreRow | undefined)
          .filter((row): row is CentreRow => row !== undefined)
      : (this.db
          .prepare(`SELECT ${READ_COLUMNS} FROM centres WHERE retired_at IS NULL ORDER BY id`)
          .all() as CentreRow[]);
    return rows.map((row) => ({
      ...rowToCentre({ ...row, scan_data: 'null' }),
      firstSeenAt: row.first_seen_at,
      lastSeenAt: row.last_seen_at,
      lastCheckedAt: row.last_checked_at,
      lastSuccessAt: row.last_success_at,
      lastIssue: row.last_issue,
    }));
  }

  /** One centre's slots in identity order (start, vaccine, doses, motive): a range of the slots table's primary key. */
  slotRowsOf(centreId: string): Array<{ startAt: number; vaccine: string; dosesKey: string; places: number }> {
    return this.statementsForReads().slotsOf.all(centreId) as Array<{
      startAt: number;
      vaccine: string;
      dosesKey: string;
      places: number;
    }>;
  }

  /** Every slot, grouped by centre in identity order, as raw rows [centre, start, vaccine, doses key, places]. */
  allSlotRows(): IterableIterator<[string, number, string, string, number]> {
    return this.db
      .prepare(
        'SELECT centre_id, start_at, vaccine, doses_key, places FROM slots ' +
          'ORDER BY centre_id, start_at, vaccine, doses_key, motive',
      )
      .raw()
      .iterate() as IterableIterator<[string, number, string, string, number]>;
  }

  private readStatements: { centre: Database.Statement; slotsOf: Database.Statement } | null = null;

  private statementsForReads() {
    this.readStatements ??= {
      centre: this.db.prepare(`SELECT ${READ_COLUMNS} FROM centres WHERE id = ? AND retired_at IS NULL`),
      slotsOf: this.db.prepare(
        'SELECT start_at AS startAt, vaccine, doses_key AS dosesKey, places ' +
          'FROM slots WHERE centre_id = ? ORDER BY start_at, vaccine, doses_key, motive',
      ),
    };
    return this.readStatements;
  }

  /** One statistics sample of every scope, added to its hour and its day (history-store.ts). */
  addStatsSample(at: number, samples: readonly StatsSample[]): void {
    addStatsSample(this.db, at, samples);
    this.writes += 1;
  }

  statsBuckets(granularity: Granularity, scope?: string): StatsBucket[] {
    return readStatsBuckets(this.db, granularity, scope);
  }

  /** Keeps the statistics history bounded: hourly detail for a while, daily aggregates for longer. */
  pruneStats(hourlyBefore: number, dailyBefore: number): number {
    const removed = pruneStatsBuckets(this.db, hourlyBefore, dailyBefore);
    if (removed > 0) this.writes += 1;
    return removed;
  }

  /**
   * Rolls the change log written since the last call up into the slot history, then drops history past its
   * retention (slot-history.ts). The writer runs it before each pruning of the change log.
   */
  rollUpHistory(retention: SlotHistoryRetention, now: number): RollUpResult {
    const result = rollUpSlotHistory(this.db);
    const pruned = pruneSlotHistory(this.db, now - retention.hourlyDays * DAY_MS, now - retention.dailyDays * DAY_MS);
    if (result.events > 0 || pruned > 0) this.writes += 1;
    return result;
  }

  /** A centre's hours with slot changes, oldest first, in [from, to). */
  centreHistory(centreId: string, from?: number, to?: number): CentreHourRow[] {
    return centreHours(this.db, centreId, from, to);
  }

  /** A department's (or FR's) daily figures, oldest first, in [from, to). */
  dailyHistory(scope: string, from?: number, to?: number): DayRow[] {
    return dayRows(this.db, scope, from, to);
  }

  /**
   * The centres holding each department's `top` soonest slots from `from` on (the ones shown first, so booked
   * first in a rush), with when each was last scanned. Each centre gives at most its own `top` soonest slots,
   * read from its primary-key range, so the cost follows the number of centres, not of slots (one query: ~1.9 s
   * for 11,000 centres of 80 slots on a machine at load 29 on 2 cores, where the same statement called once per
   * centre from JavaScript took 4.5 s).
   */
  soonestHolders(from: number, top: number): Array<{ readonly centre: Centre; readonly lastCheckedAt: number | null }> {
    const rows = this.db
      .prepare(
        `WITH soonest AS (
           -- One row per centre and start: rows of one start differ by motive, vaccine or doses, which the
           -- answers show as one slot or as several; counting a start once ranks at least as deep as they show.
           SELECT DISTINCT c.id, c.department, s.start_at FROM centres c JOIN slots s ON s.centre_id = c.id
           WHERE c.retired_at IS NULL AND c.department IS NOT NULL AND s.start_at >= @from
             AND s.start_at <= coalesce(
               (SELECT DISTINCT start_at FROM slots WHERE centre_id = c.id AND start_at >= @from
                ORDER BY start_at LIMIT 1 OFFSET @top - 1),
               9e15)
         ),
         ranked AS (SELECT id, row_number() OVER (PARTITION BY department ORDER BY start_at, id) AS rank FROM soonest)
         SELECT * FROM centres WHERE id IN (SELECT id FROM ranked WHERE rank <= @top) ORDER BY id`,
      )
      .all({ from, top }) as CentreRow[];
    return rows.map((row) => ({ centre: rowToCentre(row), lastCheckedAt: row.last_checked_at }));
  }

  /** The raw connection, for tests and maintenance commands that need a query of their own. */
  get connection(): Database.Database {
    return this.db;
  }
}

function rowToCentre(row: CentreRow): Centre {
  return {
    id: row.id,
    platform: row.platform as PlatformId,
    name: row.name,
    kind: row.kind as CentreKind,
    address: row.address,
    postalCode: row.postal_code,
    city: row.city,
    insee: row.insee,
    department: row.department,
    location:
      row.latitude !== null && row.longitude !== null ? { latitude: row.latitude, longitude: row.longitude } : null,
    phone: row.phone,
    businessHours: row.business_hours ? (JSON.parse(row.business_hours) as Record<string, string | null>) : null,
    bookingUrl: row.booking_url,
    atlasGid: row.atlas_gid,
    scanData: JSON.parse(row.scan_data) as unknown,
  };
}
