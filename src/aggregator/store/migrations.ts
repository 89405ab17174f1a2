import { SLOT_HISTORY_MIGRATION } from './slot-history.js';

// Versioned schema. Each entry moves the database one version up; the version lives in PRAGMA user_version,
// so a database is upgraded in place at open and never silently downgraded.
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE centres (
    id              TEXT PRIMARY KEY,
    platform        TEXT NOT NULL,
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('vaccination-center', 'drugstore', 'general-practitioner')),
    address         TEXT NOT NULL,
    postal_code     TEXT,
    city            TEXT,
    insee           TEXT,
    department      TEXT,
    latitude        REAL,
    longitude       REAL,
    phone           TEXT,
    business_hours  TEXT,
    booking_url     TEXT NOT NULL,
    atlas_gid       INTEGER,
    scan_data       TEXT NOT NULL,
    first_seen_at   INTEGER NOT NULL,
    last_seen_at    INTEGER NOT NULL,
    last_checked_at INTEGER,
    last_success_at INTEGER,
    last_issue      TEXT
  ) STRICT;
  CREATE INDEX centres_by_platform ON centres (platform, last_seen_at);
  CREATE INDEX centres_by_department ON centres (department);

  CREATE TABLE slots (
    centre_id TEXT NOT NULL REFERENCES centres (id) ON DELETE CASCADE,
    start_at  INTEGER NOT NULL,
    vaccine   TEXT NOT NULL,
    doses     TEXT NOT NULL,
    motive    TEXT NOT NULL
  ) STRICT;
  CREATE INDEX slots_by_centre ON slots (centre_id, start_at);

  CREATE TABLE scans (
    id          INTEGER PRIMARY KEY,
    centre_id   TEXT NOT NULL,
    platform    TEXT NOT NULL,
    checked_at  INTEGER NOT NULL,
    outcome     TEXT NOT NULL CHECK (outcome IN ('slots', 'no-slot', 'issue')),
    reason      TEXT,
    message     TEXT,
    slot_count  INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX scans_by_centre ON scans (centre_id, checked_at);
  CREATE INDEX scans_by_time ON scans (checked_at);

  CREATE TABLE cycles (
    id          INTEGER PRIMARY KEY,
    platform    TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('discovery', 'scan')),
    started_at  INTEGER NOT NULL,
    finished_at INTEGER NOT NULL,
    centres     INTEGER NOT NULL,
    slots       INTEGER NOT NULL,
    issues      INTEGER NOT NULL,
    error       TEXT
  ) STRICT;
  CREATE INDEX cycles_by_platform ON cycles (platform, finished_at);
  `,
  // 2: statistics history. Each sample is added to its hour and to its day (sums and a sample count, so a
  // bucket's mean is exact however many samples it took); hourly rows are dropped after a while, daily rows
  // after longer: the history is bounded by construction, never an ever-growing log.
  `
  CREATE TABLE stats_buckets (
    granularity  TEXT NOT NULL CHECK (granularity IN ('hour', 'day')),
    scope        TEXT NOT NULL,
    bucket_start INTEGER NOT NULL,
    samples      INTEGER NOT NULL,
    sums         TEXT NOT NULL,
    PRIMARY KEY (granularity, scope, bucket_start)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX stats_buckets_by_time ON stats_buckets (granularity, bucket_start);
  `,
  // 3: each platform's circuit breaker as last seen by the scraper process, for /api/v1/platforms; and
  // the per-platform lookups of scan issues that status needs.
  `
  CREATE TABLE platform_state (
    platform       TEXT PRIMARY KEY,
    breaker_state  TEXT NOT NULL CHECK (breaker_state IN ('closed', 'open', 'half-open')),
    breaker_since  INTEGER NOT NULL,
    breaker_reason TEXT,
    open_until     INTEGER,
    openings       INTEGER NOT NULL,
    recoveries     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX scans_by_platform ON scans (platform, outcome, checked_at);
  `,
  // 4: honest discovery (aggregator/discovery-verdict.ts). A centre not believed (new in a held discovery)
  // or retired (missed by several discoveries in a row) has a retired_at: kept for history, neither listed
  // nor scanned. Each discovery cycle records its verdict.
  `
  ALTER TABLE centres ADD COLUMN retired_at INTEGER;
  ALTER TABLE centres ADD COLUMN missed_discoveries INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE cycles ADD COLUMN verdict TEXT CHECK (verdict IN ('accepted', 'held', 'failed'));
  `,
  // 5: item issues (issue 10): what the adapters could not use, counted per platform and kind, with the
  // last message; one row per platform and kind, so the table never grows with time.
  `
  CREATE TABLE item_issues (
    platform     TEXT NOT NULL,
    kind         TEXT NOT NULL,
    count        INTEGER NOT NULL,
    last_message TEXT NOT NULL,
    last_at      INTEGER NOT NULL,
    PRIMARY KEY (platform, kind)
  ) STRICT, WITHOUT ROWID;
  `,
  // 6: the change-driven core (issue 9). A slot has an identity (centre, start, vaccine, doses, motive), so a scan
  // writes only what changed; every change is appended to the change log, which the read side follows.
  `
  -- Clustered on the identity (ingest/diff.ts): a scan's diff reads a centre's slots in one range, and a
  -- slot is one b-tree entry.
  CREATE TABLE slots_by_identity (
    centre_id TEXT NOT NULL REFERENCES centres (id) ON DELETE CASCADE,
    start_at  INTEGER NOT NULL,
    vaccine   TEXT NOT NULL,
    doses_key TEXT NOT NULL,
    doses     TEXT NOT NULL,
    motive    TEXT NOT NULL,
    -- The same slot given several times in one answer: seats at one instant (Mapharma's places_dispo).
    places    INTEGER NOT NULL DEFAULT 1 CHECK (places >= 1),
    PRIMARY KEY (centre_id, start_at, vaccine, doses_key, motive)
  ) STRICT, WITHOUT ROWID;
  INSERT INTO slots_by_identity (centre_id, start_at, vaccine, doses_key, doses, motive, places)
    SELECT centre_id, start_at, vaccine, doses_key, min(doses), motive, count(*)
    FROM (SELECT *, coalesce((SELECT group_concat(value, ',') FROM json_each(slots.doses)), '') AS doses_key FROM slots)
    GROUP BY centre_id, start_at, vaccine, doses_key, motive;
  DROP TABLE slots;
  ALTER TABLE slots_by_identity RENAME TO slots;
  -- No index by start: each centre scan would rewrite pages of it all over the file (measured: 6 times the
  -- write cost). The read side keeps every centre's slots sorted in memory and merges them for /api/v1/slots.

  CREATE TABLE change_log (
    -- Pruning never deletes the newest change, so a sequence number is never reused (without the cost of
    -- AUTOINCREMENT's bookkeeping on every insert).
    seq        INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('slot-appeared', 'slot-gone', 'centre-changed')),
    centre_id  TEXT NOT NULL,
    department TEXT,
    start_at   INTEGER,
    vaccine    TEXT,
    doses      TEXT,
    motive     TEXT
  ) STRICT;
  `,
  // 7: the API's JSON spells `center` throughout (issue 12): the statistics history's figure names, which are
  // its CSV columns and JSON keys, follow. The sums are objects of numbers, so only keys contain the word.
  `
  UPDATE stats_buckets SET sums = replace(sums, 'centres', 'centers');
  `,
  // 8: the slot history (issue 13): the change log rolled up into per-centre hours and per-department days,
  // bounded by HISTORY_RETENTION_DAYS and HISTORY_DAILY_DAYS (store/slot-history.ts).
  SLOT_HISTORY_MIGRATION,
  // 9: alert subscriptions (issue 13, aggregator/alerts/). API processes insert and delete them over their own
  // write connection; the writer delivers webhooks and records each subscription's delivery state.
  `
  CREATE TABLE alert_subscriptions (
    id                TEXT PRIMARY KEY,
    client            TEXT NOT NULL,
    -- Given once at creation; it signs the webhooks (HMAC, so kept as is) and cancels the subscription.
    secret            TEXT NOT NULL,
    url               TEXT NOT NULL,
    filter            TEXT NOT NULL,
    created_at        INTEGER NOT NULL,
    failures          INTEGER NOT NULL DEFAULT 0,
    disabled_at       INTEGER,
    last_delivered_at INTEGER
  ) STRICT;
  CREATE INDEX alert_subscriptions_by_client ON alert_subscriptions (client);
  `,
  // 10: one change-log row per scan and kind, its slots packed in a JSON array (issue 9, ingest): a row per
  // slot cost as much as the slot row itself, and halved the writer's ingest rate. The readers expand them.
  `
  ALTER TABLE change_log ADD COLUMN slots TEXT;
  UPDATE change_log SET slots = json_array(json_array(start_at, vaccine, coalesce(doses, ''), '[]',
    coalesce(motive, ''), 1)) WHERE kind != 'centre-changed';
  ALTER TABLE change_log DROP COLUMN start_at;
  ALTER TABLE change_log DROP COLUMN vaccine;
  ALTER TABLE change_log DROP COLUMN doses;
  ALTER TABLE change_log DROP COLUMN motive;
  -- One row per slot event, as the readers see them: for inspection and for the tests' counts.
  CREATE VIEW change_log_slots AS
    SELECT seq, at, kind, centre_id, department, value ->> 0 AS start_at, value ->> 1 AS vaccine,
      value ->> 2 AS doses, value ->> 4 AS motive
    FROM change_log, json_each(change_log.slots);
  `,
];
