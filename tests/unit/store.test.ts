// The store over real SQLite files: scans replace a centre's slots atomically, a failed scan keeps them.
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../src/aggregator/store/migrations.js';
import { Store } from '../../src/aggregator/store/store.js';
import type { Centre, Slot } from '../../src/domain.js';
import { temporaryDatabasePath } from '../support/system.js';

const centre: Centre = {
  id: 'doctolib1pid2',
  platform: 'doctolib',
  name: 'Centre de vaccination Test',
  kind: 'vaccination-center',
  address: '1 rue de la Paix, 75002 Paris',
  postalCode: '75002',
  city: 'Paris',
  insee: '75056',
  department: '75',
  location: { latitude: 48.86, longitude: 2.33 },
  phone: '+33123456789',
  businessHours: { lundi: '09:00-12:00', dimanche: null },
  bookingUrl: 'https://www.doctolib.fr/vaccination-covid-19/paris/test?pid=practice-2',
  atlasGid: null,
  scanData: { motives: [1, 2] },
};

const slot = (iso: string): Slot => ({
  start: new Date(iso),
  vaccine: 'Pfizer-BioNTech',
  doses: [1, '1_kid'],
  motive: 'pfizer-1',
});

describe('store', () => {
  it('round-trips a centre and replaces its slots on each successful scan', () => {
    const store = new Store(temporaryDatabasePath());
    store.upsertCentres([centre], 1_000);
    store.recordScan(
      centre,
      { kind: 'slots', slots: [slot('2030-01-01T09:00:00Z'), slot('2030-01-01T08:00:00Z')] },
      2_000,
      5,
    );
    let [stored] = store.snapshot(0);
    expect(stored).toMatchObject({
      ...centre,
      lastSuccessAt: 2_000,
      lastCheckedAt: 2_000,
      lastIssue: null,
      firstSeenAt: 1_000,
    });
    expect(stored!.slots.map((s) => s.startAt)).toEqual([
      Date.parse('2030-01-01T08:00:00Z'),
      Date.parse('2030-01-01T09:00:00Z'),
    ]);
    expect(stored!.slots[0]!.doses).toEqual([1, '1_kid']);

    store.recordScan(centre, { kind: 'slots', slots: [] }, 3_000, 5);
    [stored] = store.snapshot(0);
    expect(stored!.slots).toEqual([]);
    expect(stored!.lastSuccessAt).toBe(3_000);
    store.close();
  });

  it('keeps the last good slots when a scan fails, and records why', () => {
    const store = new Store(temporaryDatabasePath());
    store.upsertCentres([centre], 1_000);
    store.recordScan(centre, { kind: 'slots', slots: [slot('2030-01-01T09:00:00Z')] }, 2_000, 5);
    store.recordScan(
      centre,
      { kind: 'issue', issue: { reason: 'blocked', message: '403 from availabilities' } },
      3_000,
      5,
    );
    const [stored] = store.snapshot(0);
    expect(stored!.slots).toHaveLength(1);
    expect(stored!.lastSuccessAt).toBe(2_000);
    expect(stored!.lastCheckedAt).toBe(3_000);
    expect(stored!.lastIssue).toBe('blocked: 403 from availabilities');
    const scans = store.connection.prepare('SELECT outcome, reason, slot_count FROM scans ORDER BY id').all();
    expect(scans).toEqual([
      { outcome: 'slots', reason: null, slot_count: 1 },
      { outcome: 'issue', reason: 'blocked', slot_count: 0 },
    ]);
    store.close();
  });

  it('keeps first-seen on rediscovery and only offers centres seen by the latest discovery', () => {
    const store = new Store(temporaryDatabasePath());
    store.upsertCentres([centre, { ...centre, id: 'doctolib9' }], 1_000);
    store.upsertCentres([{ ...centre, name: 'Renamed' }], 5_000);
    expect(store.centresToScan('doctolib', 5_000).map((c) => [c.id, c.name])).toEqual([['doctolib1pid2', 'Renamed']]);
    expect(store.snapshot(0).find((c) => c.id === 'doctolib1pid2')!.firstSeenAt).toBe(1_000);
    store.close();
  });

  it('migrates once, reopens an existing file, and refuses a newer schema', () => {
    const file = temporaryDatabasePath();
    const first = new Store(file);
    first.upsertCentres([centre], 1);
    const version = first.dataVersion();
    first.recordScan(centre, { kind: 'slots', slots: [] }, 2, 1);
    expect(first.dataVersion()).not.toBe(version);
    first.close();
    const again = new Store(file);
    expect(again.snapshot(0)).toHaveLength(1);
    expect(again.integrityCheck()).toBe('ok');
    again.connection.pragma('user_version = 99');
    again.close();
    expect(() => new Store(file)).toThrow(/newer than this program/);
  });

  it('renames the stored statistics history from centres to centers (migration 7), sums unchanged', () => {
    // A database as version 6 of the schema left it, with a sample of the old names.
    const file = temporaryDatabasePath();
    const old = {
      centres: 4,
      centres_with_slots: 2,
      stale_centres: 1,
      slots: 9,
      platform_maiia_centres: 4,
      kind_drugstore_centres_with_slots: 2,
    };
    const before = new Database(file);
    for (const migration of MIGRATIONS.slice(0, 6)) before.exec(migration);
    before.pragma('user_version = 6');
    before
      .prepare(
        "INSERT INTO stats_buckets (granularity, scope, bucket_start, samples, sums) VALUES ('hour', 'FR', 0, 2, ?)",
      )
      .run(JSON.stringify(old));
    before.close();
    const again = new Store(file);
    expect(again.statsBuckets('hour')[0]!.sums).toEqual({
      centers: 4,
      centers_with_slots: 2,
      stale_centers: 1,
      slots: 9,
      platform_maiia_centers: 4,
      kind_drugstore_centers_with_slots: 2,
    });
    again.close();
  });

  it('sees writes made by another connection to the same file', () => {
    const file = temporaryDatabasePath();
    const reader = new Store(file);
    const writer = new Store(file);
    const before = reader.dataVersion();
    writer.upsertCentres([centre], 1);
    expect(reader.dataVersion()).not.toBe(before);
    expect(reader.snapshot(0)).toHaveLength(1);
    reader.close();
    writer.close();
  });
});
