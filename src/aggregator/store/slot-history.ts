// SQL of the slot history (migration 7): the writer rolls the change log up into per-centre hours and
// per-scope days (ingest/roll-up.ts does the arithmetic), so that pruning the raw log loses no history. The
// open slots it keeps are what it needs to measure lifetimes: one row per live slot identity, like `slots`.
import type Database from 'better-sqlite3';
import { canFollow, changeLogReader } from './change-log.js';
import { bucketStartOf } from './history-store.js';
import { rollUp, type OpenSlotSource, type RollUp } from '../ingest/roll-up.js';

export const SLOT_HISTORY_MIGRATION = `
  -- Where the roll-up stands in the change log. Seeded here: the slots already stored are open, their
  -- appearance unknown, so a database that had data before this migration counts them gone but not timed.
  CREATE TABLE history_cursor (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL) STRICT;
  INSERT INTO history_cursor VALUES (1, coalesce((SELECT max(seq) FROM change_log), 0));
  CREATE TABLE history_open_slots (
    centre_id   TEXT NOT NULL,
    start_at    INTEGER NOT NULL,
    vaccine     TEXT NOT NULL,
    doses_key   TEXT NOT NULL,
    motive      TEXT NOT NULL,
    places      INTEGER NOT NULL,
    appeared_at INTEGER,
    PRIMARY KEY (centre_id, start_at, vaccine, doses_key, motive)
  ) STRICT, WITHOUT ROWID;
  INSERT INTO history_open_slots SELECT centre_id, start_at, vaccine, doses_key, motive, places, NULL FROM slots;
  -- One row per centre and hour in which its slots changed; an hour without a row changed nothing.
  CREATE TABLE history_centre_hours (
    centre_id     TEXT NOT NULL,
    hour_start    INTEGER NOT NULL,
    appeared      INTEGER NOT NULL,
    taken         INTEGER NOT NULL,
    expired       INTEGER NOT NULL,
    lifetime_sum  INTEGER NOT NULL,
    lifetime_n    INTEGER NOT NULL,
    free_slots    INTEGER NOT NULL,
    PRIMARY KEY (centre_id, hour_start)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX history_centre_hours_by_time ON history_centre_hours (hour_start);
  -- One row per department (and FR) and Paris day: the journalists' daily figures. lifetimes is a JSON
  -- histogram {bin: count} of the taken slots' lifetimes (roll-up.ts, lifetimeBin).
  CREATE TABLE history_days (
    scope     TEXT NOT NULL,
    day_start INTEGER NOT NULL,
    appeared  INTEGER NOT NULL,
    taken     INTEGER NOT NULL,
    expired   INTEGER NOT NULL,
    lifetimes TEXT NOT NULL,
    PRIMARY KEY (scope, day_start)
  ) STRICT, WITHOUT ROWID;
`;

export interface SlotHistoryRetention {
  /** Days of per-centre hours (HISTORY_RETENTION_DAYS). */
  readonly hourlyDays: number;
  /** Days of per-department daily figures (HISTORY_DAILY_DAYS). */
  readonly dailyDays: number;
}

export const DEFAULT_SLOT_HISTORY_RETENTION: SlotHistoryRetention = { hourlyDays: 30, dailyDays: 400 };

/** Change-log events per roll-up transaction: bounded memory, short write locks. */
const BATCH = 20_000;

export interface RollUpResult {
  readonly events: number;
  /** The log had been pruned past the roll-up's position: the open slots were taken again from `slots`. */
  readonly gap: boolean;
}

export interface CentreHourRow {
  readonly hourStart: number;
  readonly appeared: number;
  readonly taken: number;
  readonly expired: number;
  readonly lifetimeSumMs: number;
  readonly lifetimeCount: number;
  readonly freeSlots: number;
}

export interface DayRow {
  readonly scope: string;
  readonly dayStart: number;
  readonly appeared: number;
  readonly taken: number;
  readonly expired: number;
  readonly lifetimes: ReadonlyMap<number, number>;
}

const dayStartOf = (instant: number): number => bucketStartOf('day', instant);

/** Rolls up every change written since the last call; returns how many were read. Run by the writer only. */
export function rollUpSlotHistory(db: Database.Database): RollUpResult {
  const log = changeLogReader(db);
  const statements = prepare(db);
  let total = 0;
  let gap = false;
  for (;;) {
    const cursor = statements.cursor.get() as number;
    const bounds = log.bounds();
    if (!canFollow(bounds, cursor)) {
      resync(db, bounds.last);
      gap = true;
      continue;
    }
    const events = log.changesSince(cursor, BATCH);
    if (events.length === 0) return { events: total, gap };
    db.transaction(() => {
      const open: OpenSlotSource = {
        slot(centreId, identity) {
          const row = statements.openSlot.get(
            centreId,
            identity.startAt,
            identity.vaccine,
            identity.dosesKey,
            identity.motive,
          ) as { places: number; appearedAt: number | null } | undefined;
          return row && { ...identity, ...row };
        },
        free: (centreId) => statements.freeOf.get(centreId) as number,
      };
      write(statements, rollUp(events, open, dayStartOf));
      statements.setCursor.run(events[events.length - 1]!.seq);
    })();
    total += events.length;
    if (events.length < BATCH) return { events: total, gap };
  }
}

function prepare(db: Database.Database) {
  return {
    cursor: db.prepare('SELECT seq FROM history_cursor WHERE id = 1').pluck(),
    setCursor: db.prepare('UPDATE history_cursor SET seq = ? WHERE id = 1'),
    openSlot: db.prepare(`SELECT places, appeared_at AS appearedAt FROM history_open_slots
      WHERE centre_id = ? AND start_at = ? AND vaccine = ? AND doses_key = ? AND motive = ?`),
    freeOf: db.prepare('SELECT coalesce(sum(places), 0) FROM history_open_slots WHERE centre_id = ?').pluck(),
    upsertOpen: db.prepare(`INSERT INTO history_open_slots VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT DO UPDATE SET places = excluded.places, appeared_at = excluded.appeared_at`),
    deleteOpen: db.prepare(
      'DELETE FROM history_open_slots WHERE centre_id = ? AND start_at = ? ' +
        'AND vaccine = ? AND doses_key = ? AND motive = ?',
    ),
    addHour: db.prepare(`INSERT INTO history_centre_hours VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT DO UPDATE SET appeared = appeared + excluded.appeared, taken = taken + excluded.taken,
        expired = expired + excluded.expired, lifetime_sum = lifetime_sum + excluded.lifetime_sum,
        lifetime_n = lifetime_n + excluded.lifetime_n, free_slots = excluded.free_slots`),
    day: db.prepare('SELECT lifetimes FROM history_days WHERE scope = ? AND day_start = ?').pluck(),
    addDay: db.prepare(`INSERT INTO history_days VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT DO UPDATE SET appeared = appeared + excluded.appeared, taken = taken + excluded.taken,
        expired = expired + excluded.expired, lifetimes = excluded.lifetimes`),
  };
}

function write(statements: ReturnType<typeof prepare>, result: RollUp): void {
  for (const [centreId, changes] of result.openChanges) {
    for (const [key, slot] of changes) {
      if (slot)
        statements.upsertOpen.run(
          centreId,
          slot.startAt,
          slot.vaccine,
          slot.dosesKey,
          slot.motive,
          slot.places,
          slot.appearedAt,
        );
      else {
        const [startAt, vaccine, dosesKey, ...motive] = key.split('|');
        statements.deleteOpen.run(centreId, Number(startAt), vaccine, dosesKey, motive.join('|'));
      }
    }
  }
  for (const hour of result.hours) {
    statements.addHour.run(
      hour.centreId,
      hour.hourStart,
      hour.appeared,
      hour.taken,
      hour.expired,
      hour.lifetimeSumMs,
      hour.lifetimeCount,
      hour.freeSlots,
    );
  }
  for (const day of result.days) {
    const stored = statements.day.get(day.scope, day.dayStart) as string | undefined;
    const lifetimes = stored ? parseBins(stored) : new Map<number, number>();
    for (const [bin, count] of day.takenLifetimes) lifetimes.set(bin, (lifetimes.get(bin) ?? 0) + count);
    statements.addDay.run(
      day.scope,
      day.dayStart,
      day.appeared,
      day.taken,
      day.expired,
      JSON.stringify(Object.fromEntries(lifetimes)),
    );
  }
}

/** After a gap: the open slots become what `slots` holds (appearances kept where known), the cursor the log's end. */
function resync(db: Database.Database, last: number): void {
  db.transaction(() => {
    db.exec(`DELETE FROM history_open_slots AS h WHERE NOT EXISTS (SELECT 1 FROM slots AS s
      WHERE s.centre_id = h.centre_id AND s.start_at = h.start_at AND s.vaccine = h.vaccine
        AND s.doses_key = h.doses_key AND s.motive = h.motive)`);
    db.exec(`INSERT INTO history_open_slots
      SELECT centre_id, start_at, vaccine, doses_key, motive, places, NULL FROM slots WHERE true
      ON CONFLICT DO UPDATE SET places = excluded.places`);
    db.prepare('UPDATE history_cursor SET seq = ? WHERE id = 1').run(last);
  })();
}

export function parseBins(json: string): Map<number, number> {
  return new Map(
    Object.entries(JSON.parse(json) as Record<string, number>).map(([bin, count]) => [Number(bin), count]),
  );
}

/** A centre's hours with changes, oldest first, starting in [from, to) when given. */
export function centreHours(
  db: Database.Database,
  centreId: string,
  from = 0,
  to = Number.MAX_SAFE_INTEGER,
): CentreHourRow[] {
  return db
    .prepare(`SELECT hour_start AS hourStart, appeared, taken, expired, lifetime_sum AS lifetimeSumMs,
        lifetime_n AS lifetimeCount, free_slots AS freeSlots
      FROM history_centre_hours WHERE centre_id = ? AND hour_start >= ? AND hour_start < ? ORDER BY hour_start`)
    .all(centreId, from, to) as CentreHourRow[];
}

/** A scope's days, oldest first, starting in [from, to) when given. */
export function dayRows(db: Database.Database, scope: string, from = 0, to = Number.MAX_SAFE_INTEGER): DayRow[] {
  const rows = db
    .prepare(`SELECT scope, day_start AS dayStart, appeared, taken, expired, lifetimes FROM history_days
      WHERE scope = ? AND day_start >= ? AND day_start < ? ORDER BY day_start`)
    .all(scope, from, to) as Array<Omit<DayRow, 'lifetimes'> & { lifetimes: string }>;
  return rows.map((row) => ({ ...row, lifetimes: parseBins(row.lifetimes) }));
}

/** Drops centre hours that began before `hourlyBefore` and days before `dailyBefore`; returns the rows dropped. */
export function pruneSlotHistory(db: Database.Database, hourlyBefore: number, dailyBefore: number): number {
  return db.transaction(
    () =>
      db.prepare('DELETE FROM history_centre_hours WHERE hour_start < ?').run(hourlyBefore).changes +
      db.prepare('DELETE FROM history_days WHERE day_start < ?').run(dailyBefore).changes,
  )();
}
