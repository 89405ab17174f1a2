// The change log: every slot that appeared or vanished and every centre whose record or scan state changed,
// in commit order. It is the spine of the read side (and of the history and alerts to come): a reader keeps
// the last sequence number it applied and asks for what came after. One row per centre change and per scan's
// appeared (or gone) slots, packed; readers get one event per slot. Bounded by age and by row count.
import type Database from 'better-sqlite3';
import type { Vaccine } from '../../domain.js';

export const CHANGE_KINDS = ['slot-appeared', 'slot-gone', 'centre-changed'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

interface ChangeBase {
  readonly seq: number;
  readonly at: number;
  readonly centreId: string;
  /** The centre's department when the change was written. */
  readonly department: string | null;
}

export type ChangeEvent =
  | (ChangeBase & {
      readonly kind: 'slot-appeared' | 'slot-gone';
      readonly slot: {
        readonly startAt: number;
        readonly vaccine: Vaccine;
        readonly dosesKey: string;
        readonly motive: string;
      };
    })
  | (ChangeBase & { readonly kind: 'centre-changed' });

export interface ChangeLogBounds {
  /** Oldest sequence number still in the log, null when it is empty. */
  readonly first: number | null;
  /** Newest sequence number written (pruning always keeps it), 0 before any. */
  readonly last: number;
}

export interface ChangeLogRetention {
  readonly maxAgeMs: number;
  readonly maxRows: number;
}

export const DEFAULT_CHANGE_LOG_RETENTION: ChangeLogRetention = { maxAgeMs: 24 * 3_600_000, maxRows: 2_000_000 };

interface ChangeRow {
  seq: number;
  at: number;
  kind: ChangeKind;
  centre_id: string;
  department: string | null;
  slots: string | null;
}

/**
 * A slot as the log packs it, one JSON array per slot, in the order the writer's statements read them:
 * start instant, vaccine, doses key, doses (JSON), motive, places. The scan writer builds this array once
 * and gives it both to the change log and to its own delete statement.
 */
export type PackedSlot = [
  startAt: number,
  vaccine: string,
  dosesKey: string,
  doses: string,
  motive: string,
  places: number,
];

export function packSlots(
  slots: ReadonlyArray<{
    startAt: number;
    vaccine: string;
    dosesKey: string;
    doses?: readonly unknown[];
    motive: string;
    places?: number;
  }>,
): string {
  return JSON.stringify(
    slots.map(
      (slot): PackedSlot => [
        slot.startAt,
        slot.vaccine,
        slot.dosesKey,
        JSON.stringify(slot.doses ?? []),
        slot.motive,
        slot.places ?? 1,
      ],
    ),
  );
}

export type ChangeLogWriter = ReturnType<typeof changeLogWriter>;

/** The append statements, prepared once per connection; callers run them inside their own transaction. */
export function changeLogWriter(db: Database.Database) {
  const insert = db.prepare('INSERT INTO change_log (at, kind, centre_id, department, slots) VALUES (?, ?, ?, ?, ?)');
  return {
    /** The slots one scan saw appear (or vanish), as packSlots() gives them: one row for them all. */
    slots(
      at: number,
      kind: 'slot-appeared' | 'slot-gone',
      centreId: string,
      department: string | null,
      packed: string,
    ): void {
      insert.run(at, kind, centreId, department, packed);
    },
    centre(at: number, centreId: string, department: string | null): void {
      insert.run(at, 'centre-changed', centreId, department, null);
    },
  };
}

export type ChangeLogReader = ReturnType<typeof changeLogReader>;

export function changeLogReader(db: Database.Database) {
  const since = db.prepare(
    'SELECT seq, at, kind, centre_id, department, slots FROM change_log WHERE seq > ? ORDER BY seq LIMIT ?',
  );
  const first = db.prepare('SELECT min(seq) AS seq FROM change_log');
  const last = db.prepare('SELECT max(seq) AS seq FROM change_log');
  return {
    /**
     * The changes after `seq`, oldest first, one event per slot: about `limit` of them (a row's slots are
     * never split, so the last row read may take it past). Fewer than `limit` means the log's end was reached.
     */
    changesSince(seq: number, limit: number): ChangeEvent[] {
      const events: ChangeEvent[] = [];
      for (const row of since.iterate(seq, limit) as IterableIterator<ChangeRow>) {
        expand(row, events);
        if (events.length >= limit) break;
      }
      return events;
    },
    bounds(): ChangeLogBounds {
      const oldest = (first.get() as { seq: number | null }).seq;
      const newest = (last.get() as { seq: number | null }).seq ?? 0;
      return { first: oldest, last: newest };
    },
  };
}

/**
 * Whether a reader that applied everything up to `seq` can go on from the log: not if changes it never saw
 * were pruned (or the log was reset under it); it must then rebuild from the tables.
 */
export function canFollow(bounds: ChangeLogBounds, seq: number): boolean {
  if (seq > bounds.last) return false;
  if (seq === bounds.last) return true;
  return bounds.first !== null && bounds.first <= seq + 1;
}

/**
 * Drops changes older than the age limit and beyond the row limit; returns how many went. The newest change
 * always stays: it carries the sequence forward, so a number is never given out twice.
 */
export function pruneChangeLog(db: Database.Database, retention: ChangeLogRetention, now: number): number {
  const newest = '(SELECT max(seq) FROM change_log)';
  const byAge = db
    .prepare(`DELETE FROM change_log WHERE at < ? AND seq < ${newest}`)
    .run(now - retention.maxAgeMs).changes;
  const byCount = db
    .prepare(`DELETE FROM change_log WHERE seq <= ${newest} - max(?, 1)`)
    .run(retention.maxRows).changes;
  return byAge + byCount;
}

function expand(row: ChangeRow, into: ChangeEvent[]): void {
  const base = { seq: row.seq, at: row.at, centreId: row.centre_id, department: row.department };
  if (row.kind === 'centre-changed') {
    into.push({ ...base, kind: row.kind });
    return;
  }
  for (const [startAt, vaccine, dosesKey, , motive] of JSON.parse(row.slots ?? '[]') as PackedSlot[])
    into.push({ ...base, kind: row.kind, slot: { startAt, vaccine: vaccine as Vaccine, dosesKey, motive } });
}
