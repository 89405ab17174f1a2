// The writer's statements: one centre scan as one transaction that writes only what changed, and the
// discovery upsert that logs a centre only when its public record changed. Each change goes to the change
// log in the same transaction as the change itself, so a reader following the log never misses one.
import type Database from 'better-sqlite3';
import type { Centre, ScanOutcome } from '../../domain.js';
import { changeLogWriter, packSlots } from '../store/change-log.js';
import { diffSlots, freshSlots, type FreshSlot, type StoredSlotRow } from './diff.js';

export interface ScanWriteResult {
  readonly appeared: number;
  readonly gone: number;
  readonly resized: number;
  readonly unchanged: number;
}

/** The fields of a centre that the read side shows: a change to any of them is a centre change. */
const PUBLIC_FIELDS = [
  'platform',
  'name',
  'kind',
  'address',
  'postal_code',
  'city',
  'insee',
  'department',
  'latitude',
  'longitude',
  'phone',
  'business_hours',
  'booking_url',
  'atlas_gid',
  'retired_at',
] as const;

export type CentreRecordRow = Record<(typeof PUBLIC_FIELDS)[number], string | number | null>;

export type ScanWriter = ReturnType<typeof scanWriter>;

export function scanWriter(db: Database.Database) {
  const log = changeLogWriter(db);
  const statements = {
    department: db.prepare('SELECT department FROM centres WHERE id = ?').pluck(),
    storedSlots: db.prepare(
      'SELECT start_at AS startAt, vaccine, doses_key AS dosesKey, motive, places FROM slots WHERE centre_id = ?',
    ),
    // A scan's disappearances go in as one JSON array, one statement (the whole lot at once when every
    // stored slot went, as when a centre's agenda moved on): a statement per row costs as much again.
    deleteSlots: db.prepare(`DELETE FROM slots WHERE centre_id = @centre
      AND (start_at, vaccine, doses_key, motive) IN
        (SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 4 FROM json_each(@rows))`),
    insertSlot: db.prepare(
      'INSERT INTO slots (centre_id, start_at, vaccine, doses_key, doses, motive, places) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    deleteAllSlots: db.prepare('DELETE FROM slots WHERE centre_id = ?'),
    resizeSlot: db.prepare(
      'UPDATE slots SET places = ? WHERE centre_id = ? AND start_at = ? AND ' +
        'vaccine = ? AND doses_key = ? AND motive = ?',
    ),
    markSuccess: db.prepare(
      'UPDATE centres SET last_checked_at = @at, last_success_at = @at, last_issue = NULL WHERE id = @id',
    ),
    markIssue: db.prepare('UPDATE centres SET last_checked_at = ?, last_issue = ? WHERE id = ?'),
    insertScan:
      db.prepare(`INSERT INTO scans (centre_id, platform, checked_at, outcome, reason, message, slot_count, duration_ms)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
  };

  const record = db.transaction(
    (
      centre: Pick<Centre, 'id' | 'platform'>,
      outcome: ScanOutcome,
      checkedAt: number,
      durationMs: number,
    ): ScanWriteResult => {
      const department = (statements.department.get(centre.id) as string | null | undefined) ?? null;
      // The scan state (check time, freshness, issue) always moves: the answers show it.
      log.centre(checkedAt, centre.id, department);
      if (outcome.kind === 'issue') {
        // The last good slots stay: a failed scan says nothing about them.
        statements.markIssue.run(checkedAt, `${outcome.issue.reason}: ${outcome.issue.message}`, centre.id);
        statements.insertScan.run(
          centre.id,
          centre.platform,
          checkedAt,
          'issue',
          outcome.issue.reason,
          outcome.issue.message,
          0,
          durationMs,
        );
        return { appeared: 0, gone: 0, resized: 0, unchanged: 0 };
      }
      const fresh = freshSlots(outcome.slots);
      const diff = diffSlots(statements.storedSlots.all(centre.id) as StoredSlotRow[], fresh);
      // One change-log row per kind for the whole scan: the slots that appeared (or got more places) and the
      // ones that vanished (or got fewer). Returns the packed rows, which the delete statement reads too.
      const logSlots = (kind: 'slot-appeared' | 'slot-gone', slots: Parameters<typeof packSlots>[0]) => {
        if (slots.length === 0) return null;
        const rows = packSlots(slots);
        log.slots(checkedAt, kind, centre.id, department, rows);
        return rows;
      };
      const goneRows = logSlots('slot-gone', diff.gone);
      if (goneRows !== null) {
        if (diff.unchanged === 0 && diff.resized.length === 0) statements.deleteAllSlots.run(centre.id);
        else statements.deleteSlots.run({ centre: centre.id, rows: goneRows });
      }
      for (const slot of diff.appeared)
        statements.insertSlot.run(
          centre.id,
          slot.startAt,
          slot.vaccine,
          slot.dosesKey,
          JSON.stringify(slot.doses),
          slot.motive,
          slot.places,
        );
      logSlots('slot-appeared', diff.appeared);
      const grew: FreshSlot[] = [];
      const shrank: FreshSlot[] = [];
      for (const { slot, placesBefore } of diff.resized) {
        statements.resizeSlot.run(slot.places, centre.id, slot.startAt, slot.vaccine, slot.dosesKey, slot.motive);
        (slot.places > placesBefore ? grew : shrank).push(slot);
      }
      logSlots('slot-appeared', grew);
      logSlots('slot-gone', shrank);
      statements.markSuccess.run({ at: checkedAt, id: centre.id });
      const found = fresh.reduce((sum, slot) => sum + slot.places, 0);
      statements.insertScan.run(
        centre.id,
        centre.platform,
        checkedAt,
        found > 0 ? 'slots' : 'no-slot',
        null,
        null,
        found,
        durationMs,
      );
      return {
        appeared: diff.appeared.length,
        gone: diff.gone.length,
        resized: diff.resized.length,
        unchanged: diff.unchanged,
      };
    },
  );

  return {
    /**
     * One centre's scan, in one transaction: a success writes the slots that appeared or vanished; an issue
     * keeps the last good slots and records why the scan failed.
     */
    recordScan(
      centre: Pick<Centre, 'id' | 'platform'>,
      outcome: ScanOutcome,
      checkedAt: number,
      durationMs: number,
    ): ScanWriteResult {
      return record(centre, outcome, checkedAt, durationMs);
    },
  };
}

export type CentreWriter = ReturnType<typeof centreWriter>;

export function centreWriter(db: Database.Database) {
  const log = changeLogWriter(db);
  const existing = db.prepare(`SELECT ${PUBLIC_FIELDS.join(', ')} FROM centres WHERE id = ?`);
  const upsert = db.prepare(`
    INSERT INTO centres (id, platform, name, kind, address, postal_code, city, insee, department, latitude,
      longitude, phone, business_hours, booking_url, atlas_gid, scan_data, first_seen_at, last_seen_at, retired_at)
    VALUES (@id, @platform, @name, @kind, @address, @postal_code, @city, @insee, @department, @latitude,
      @longitude, @phone, @business_hours, @booking_url, @atlas_gid, @scan_data, @seen_at, @seen_at, @retired_at)
    ON CONFLICT (id) DO UPDATE SET platform = excluded.platform, name = excluded.name, kind = excluded.kind,
      address = excluded.address, postal_code = excluded.postal_code, city = excluded.city,
      insee = excluded.insee, department = excluded.department, latitude = excluded.latitude,
      longitude = excluded.longitude, phone = excluded.phone, business_hours = excluded.business_hours,
      booking_url = excluded.booking_url, atlas_gid = excluded.atlas_gid, scan_data = excluded.scan_data,
      last_seen_at = excluded.last_seen_at, retired_at = @retired_at`);

  // `pending` (honest discovery): a new centre waits unlisted, and a known one keeps its listing state, until
  // the verdict on the whole discovery (Store.applyDiscovery); otherwise being seen brings a centre back.
  return db.transaction((centres: readonly Centre[], seenAt: number, pending: boolean): number => {
    let changed = 0;
    for (const centre of centres) {
      const before = existing.get(centre.id) as CentreRecordRow | undefined;
      const row: CentreRecordRow & { id: string; scan_data: string; seen_at: number } = {
        id: centre.id,
        platform: centre.platform,
        name: centre.name,
        kind: centre.kind,
        address: centre.address,
        postal_code: centre.postalCode,
        city: centre.city,
        insee: centre.insee,
        department: centre.department,
        latitude: centre.location?.latitude ?? null,
        longitude: centre.location?.longitude ?? null,
        phone: centre.phone,
        business_hours: centre.businessHours ? JSON.stringify(centre.businessHours) : null,
        booking_url: centre.bookingUrl,
        atlas_gid: centre.atlasGid,
        retired_at: pending ? (before ? before.retired_at : seenAt) : null,
        scan_data: JSON.stringify(centre.scanData ?? null),
        seen_at: seenAt,
      };
      upsert.run(row);
      if (!before || PUBLIC_FIELDS.some((field) => before[field] !== row[field])) {
        // Logged under the new department; a reader knows the old one and rebuilds both.
        log.centre(seenAt, centre.id, centre.department);
        changed += 1;
      }
    }
    return changed;
  });
}
