// The alerts' own connection to the SQLite file. Why a connection and not an IPC message to the writer: the
// API processes must answer POST/DELETE /subscriptions with the stored result, also when the API runs
// without a writer process beside it (tests, `serve`); the table is tiny and written rarely, so WAL with a
// busy timeout lets an API process write it between the writer's transactions. Nothing else is written here.
import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import { changeLogReader, type ChangeEvent, type ChangeLogReader } from '../store/change-log.js';
import { filterInputOf, toFilter, alertFilterInput, type AlertFilter, type OfferRow } from './filter.js';

export interface Subscription {
  readonly id: string;
  readonly client: string;
  readonly secret: string;
  readonly url: string;
  readonly filter: AlertFilter;
  readonly createdAt: number;
  readonly failures: number;
  readonly disabledAt: number | null;
  readonly lastDeliveredAt: number | null;
}

interface SubscriptionRow {
  id: string;
  client: string;
  secret: string;
  url: string;
  filter: string;
  created_at: number;
  failures: number;
  disabled_at: number | null;
  last_delivered_at: number | null;
}

export type CreateResult =
  | { readonly ok: true; readonly subscription: Subscription }
  | { readonly ok: false; readonly reason: 'too-many' };

export class AlertsDb {
  private readonly db: Database.Database;
  private readonly changeLog: ChangeLogReader;
  private readonly statements;

  /** The file must already exist and be migrated (the Store opened by the writer does it). */
  constructor(file: string) {
    this.db = new Database(file, { fileMustExist: file !== ':memory:' });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.changeLog = changeLogReader(this.db);
    this.statements = {
      offers: this.db.prepare(`SELECT c.id AS centreId, c.latitude, c.longitude, s.vaccine, s.doses_key AS dosesKey
        FROM centres c JOIN slots s ON s.centre_id = c.id
        WHERE c.department = ? AND c.retired_at IS NULL AND s.start_at >= ?
        GROUP BY c.id, s.vaccine, s.doses_key`),
      insert: this.db.prepare(`INSERT INTO alert_subscriptions (id, client, secret, url, filter, created_at)
        VALUES (?, ?, ?, ?, ?, ?)`),
      countByClient: this.db.prepare(
        'SELECT count(*) AS n FROM alert_subscriptions WHERE client = ? AND disabled_at IS NULL',
      ),
      byId: this.db.prepare('SELECT * FROM alert_subscriptions WHERE id = ?'),
      remove: this.db.prepare('DELETE FROM alert_subscriptions WHERE id = ?'),
      active: this.db.prepare('SELECT * FROM alert_subscriptions WHERE disabled_at IS NULL'),
      delivered: this.db.prepare('UPDATE alert_subscriptions SET failures = 0, last_delivered_at = ? WHERE id = ?'),
      failed: this.db.prepare('UPDATE alert_subscriptions SET failures = failures + 1 WHERE id = ? RETURNING failures'),
      disable: this.db.prepare('UPDATE alert_subscriptions SET disabled_at = ? WHERE id = ?'),
    };
  }

  close(): void {
    this.db.close();
  }

  /** The kinds of future slot offered by each centre of the department (one row per centre, vaccine, doses). */
  offers(department: string, from: number): OfferRow[] {
    return this.statements.offers.all(department, from) as OfferRow[];
  }

  changesSince(seq: number, limit: number): ChangeEvent[] {
    return this.changeLog.changesSince(seq, limit);
  }

  lastChange(): number {
    return this.changeLog.bounds().last;
  }

  /** Counts and inserts in one transaction, so two API processes cannot both pass the bound. */
  create(input: { client: string; url: string; filter: AlertFilter; now: number; maxPerClient: number }): CreateResult {
    return this.db
      .transaction((): CreateResult => {
        const { n } = this.statements.countByClient.get(input.client) as { n: number };
        if (n >= input.maxPerClient) return { ok: false, reason: 'too-many' };
        const id = crypto.randomUUID();
        const secret = crypto.randomBytes(32).toString('base64url');
        this.statements.insert.run(
          id,
          input.client,
          secret,
          input.url,
          JSON.stringify(filterInputOf(input.filter)),
          input.now,
        );
        return { ok: true, subscription: this.get(id)! };
      })
      .immediate();
  }

  get(id: string): Subscription | null {
    const row = this.statements.byId.get(id) as SubscriptionRow | undefined;
    return row ? toSubscription(row) : null;
  }

  /** Removes the subscription if the secret is its own; the comparison takes the same time either way. */
  cancel(id: string, secret: string): 'cancelled' | 'not-found' | 'forbidden' {
    const found = this.get(id);
    if (!found) return 'not-found';
    const expected = crypto.createHash('sha256').update(found.secret).digest();
    const given = crypto.createHash('sha256').update(secret).digest();
    if (!crypto.timingSafeEqual(expected, given)) return 'forbidden';
    this.statements.remove.run(id);
    return 'cancelled';
  }

  active(): Subscription[] {
    return (this.statements.active.all() as SubscriptionRow[]).map(toSubscription);
  }

  recordDelivered(id: string, at: number): void {
    this.statements.delivered.run(at, id);
  }

  /** One more failed delivery (all its retries spent); disables it at `maxFailures`. Returns the count. */
  recordFailed(id: string, at: number, maxFailures: number): number {
    const row = this.statements.failed.get(id) as { failures: number } | undefined;
    const failures = row?.failures ?? 0;
    if (row && failures >= maxFailures) this.statements.disable.run(at, id);
    return failures;
  }
}

function toSubscription(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    client: row.client,
    secret: row.secret,
    url: row.url,
    filter: toFilter(alertFilterInput.parse(JSON.parse(row.filter))),
    createdAt: row.created_at,
    failures: row.failures,
    disabledAt: row.disabled_at,
    lastDeliveredAt: row.last_delivered_at,
  };
}
