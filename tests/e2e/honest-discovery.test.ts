// Honest discovery end to end: a scheduler over a real SQLite file runs a platform whose listing fails,
// comes back partial, lists 3,000 phantom centres once, then twice, then the honest list again; the API
// (over real HTTP) shows each failed discovery with its error and lists only the believed centres.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformStatuses, type PlatformStatus } from '../../src/aggregator/read/platform-status.js';
import { ReadModel } from '../../src/aggregator/read/read-model.js';
import { Scheduler } from '../../src/aggregator/ingest/scheduler.js';
import { Store } from '../../src/aggregator/store/store.js';
import { createApp } from '../../src/api/app.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { Centre, ScanEvent } from '../../src/domain.js';
import { DiscoveryIncomplete } from '../../src/scrapers/platform-pipeline.js';

interface ListingFailure {
  readonly kind: 'listing-failure';
  readonly message: string;
}
import { silentLogger } from '../../src/logger.js';
import type { PlatformAdapter } from '../../src/scrapers/adapter.js';
import { temporaryDatabasePath } from '../support/system.js';

const centre = (id: string): Centre => ({
  id,
  platform: 'maiia',
  name: `Centre ${id}`,
  kind: 'vaccination-center',
  address: '1 rue de la République, 13001 Marseille',
  postalCode: '13001',
  city: 'Marseille',
  insee: '13055',
  department: '13',
  location: { latitude: 43.296, longitude: 5.37 },
  phone: null,
  businessHours: null,
  bookingUrl: `https://www.maiia.com/centre/${id}`,
  atlasGid: null,
  scanData: null,
});
const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `maiia${prefix}${i + 1}`);
const HONEST = ids('honest', 30);
const PHANTOMS = ids('phantom', 3_000);

describe('honest discovery over HTTP and SQLite', () => {
  const clock = new ManualClock(new Date('2026-03-02T07:30:00Z'));
  const databasePath = temporaryDatabasePath();
  const store = new Store(databasePath);
  const readModel = new ReadModel(store, clock, 30 * 60_000);
  /** What the next discovery yields (a failed listing call: a problem, thrown at the end as adapters do), or throws. */
  let listing: () => Array<Centre | ListingFailure> = () => HONEST.map(centre);
  let scanned = new Set<string>();
  const adapter: PlatformAdapter = {
    platform: 'maiia',
    async *discover() {
      // As the shared platform pipeline does: what was found is yielded, then the failed calls end it.
      const items = listing();
      yield* items.filter((item): item is Centre => item.kind !== 'listing-failure');
      const failures = items
        .filter((item): item is ListingFailure => item.kind === 'listing-failure')
        .map((item) => item.message);
      if (failures.length > 0) throw new DiscoveryIncomplete(failures);
    },
    async *scan(scannedCentre): AsyncGenerator<ScanEvent> {
      scanned.add(scannedCentre.id);
      yield {
        kind: 'slots',
        slots: [
          {
            start: new Date(clock.now().getTime() + 86_400_000),
            vaccine: 'Moderna',
            doses: [1],
            motive: 'Moderna 1re injection',
          },
        ],
      };
    },
  };
  const scheduler = new Scheduler({
    store,
    adapters: new Map([['maiia', adapter]]),
    platforms: loadConfig({ CONCURRENCY: '50' }, ['maiia']).platforms,
    context: { http: { request: () => Promise.reject(new Error('no http')) }, clock, log: silentLogger },
    horizonDays: 11,
    log: silentLogger,
    onDataChanged: () => readModel.settle(),
  });
  let server: Server;
  let baseUrl = '';

  beforeAll(async () => {
    const app = createApp({
      readModel,
      log: silentLogger,
      platformStatus: (snapshot, now) => platformStatuses(store, snapshot, ['maiia'], now),
    });
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await scheduler.stop();
    await new Promise((resolve) => server.close(resolve));
    store.close();
  });

  /** One discovery and scan cycle, a minute after the previous one; what the API then says. */
  async function cycle(next: () => Array<Centre | ListingFailure>) {
    listing = next;
    scanned = new Set();
    clock.advance(60_000);
    await scheduler.runCycle('maiia', true);
    readModel.settle();
    const status = ((await (await fetch(`${baseUrl}/api/v1/platforms`)).json()) as { platforms: PlatformStatus[] })
      .platforms[0]!;
    const listed = (
      (await (await fetch(`${baseUrl}/api/v1/departments/13/centers`)).json()) as { centers: Array<{ id: string }> }
    ).centers.map((c) => c.id);
    return { status, listed: new Set(listed), scanned };
  }
  const stored = () => (store.connection.prepare('SELECT count(*) AS n FROM centres').get() as { n: number }).n;

  it('believes the first discovery, lists and scans its centres', async () => {
    const { status, listed, scanned: seen } = await cycle(() => HONEST.map(centre));
    expect(status.last_discovery).toMatchObject({ centers: 30, verdict: 'accepted', error: null });
    expect(listed).toEqual(new Set(HONEST));
    expect(seen).toEqual(new Set(HONEST));
    expect(status.centers).toBe(30);
  });

  it('shows a listing that failed as a failed discovery with its error, and keeps the centres', async () => {
    const {
      status,
      listed,
      scanned: seen,
    } = await cycle(() => {
      throw new Error('centre search: HTTP 503');
    });
    expect(status.last_discovery).toMatchObject({ centers: 0, verdict: 'failed', error: 'centre search: HTTP 503' });
    expect(status.last_error?.message).toBe('centre search: HTTP 503');
    expect(listed).toEqual(new Set(HONEST));
    expect(seen).toEqual(new Set(HONEST));
  });

  it('shows a partial discovery (pages missing) as failed, and misses nothing because of it', async () => {
    for (let i = 0; i < 3; i += 1) {
      const {
        status,
        listed,
        scanned: seen,
      } = await cycle(() => [
        ...HONEST.slice(0, 10).map(centre),
        { kind: 'listing-failure', message: 'page 2 of 3: HTTP 500' },
      ]);
      expect(status.last_discovery).toMatchObject({
        centers: 10,
        verdict: 'failed',
        error: 'discovery incomplete: 1 listing call(s) failed: page 2 of 3: HTTP 500',
      });
      expect(listed.size).toBe(30);
      expect(seen.size).toBe(30);
    }
  });

  it('neither lists nor scans 3,000 phantom centres listed once', async () => {
    const { status, listed, scanned: seen } = await cycle(() => [...HONEST, ...PHANTOMS].map(centre));
    expect(status.last_discovery?.verdict).toBe('held');
    expect(status.last_discovery?.centers).toBe(3_030);
    expect(listed).toEqual(new Set(HONEST));
    expect(seen).toEqual(new Set(HONEST));
    expect(stored()).toBe(3_030);
    // The honest list again: believed at once, the phantoms were never shown.
    const back = await cycle(() => HONEST.map(centre));
    expect(back.status.last_discovery?.verdict).toBe('accepted');
    expect(back.listed).toEqual(new Set(HONEST));
  });

  it('believes phantoms listed twice; then the honest list once it repeats, and the phantoms retire', {
    timeout: 60_000,
  }, async () => {
    const first = await cycle(() => PHANTOMS.map(centre));
    expect(first.status.last_discovery?.verdict).toBe('held');
    expect(first.listed).toEqual(new Set(HONEST));
    const second = await cycle(() => PHANTOMS.map(centre));
    expect(second.status.last_discovery?.verdict).toBe('accepted');
    // Believed: the phantoms and the honest centres, missed twice only, are listed and scanned.
    expect(second.listed.size).toBe(3_030);
    expect(second.scanned.size).toBe(3_030);

    const returning = await cycle(() => HONEST.map(centre));
    expect(returning.status.last_discovery?.verdict).toBe('held');
    expect(returning.listed.size).toBe(3_030);
    const repeated = await cycle(() => HONEST.map(centre));
    expect(repeated.status.last_discovery?.verdict).toBe('accepted');
    const settled = await cycle(() => HONEST.map(centre));
    expect(settled.status.last_discovery?.verdict).toBe('accepted');
    expect(settled.listed).toEqual(new Set(HONEST));
    expect(settled.scanned).toEqual(new Set(HONEST));
    expect(settled.status.centers).toBe(30);
    // Retired, not deleted: kept as history.
    expect(stored()).toBe(3_030);
    expect(
      (
        store.connection.prepare('SELECT count(*) AS n FROM centres WHERE retired_at IS NOT NULL').get() as {
          n: number;
        }
      ).n,
    ).toBe(3_000);
  });

  it('retires a centre missed by three discoveries in a row, and brings it back when it is listed again', async () => {
    const without = HONEST.slice(1).map(centre);
    for (let i = 0; i < 2; i += 1) expect((await cycle(() => without)).listed.has(HONEST[0]!)).toBe(true);
    const third = await cycle(() => without);
    expect(third.listed.has(HONEST[0]!)).toBe(false);
    expect(third.scanned.has(HONEST[0]!)).toBe(false);
    const again = await cycle(() => HONEST.map(centre));
    expect(again.listed.has(HONEST[0]!)).toBe(true);
    expect(again.scanned.has(HONEST[0]!)).toBe(true);
  });

  it('keeps its verdicts across a restart: the database alone holds them', async () => {
    const reopened = new Store(databasePath);
    try {
      const memory = reopened.discoveryMemory('maiia');
      expect(memory.active.size).toBe(30);
      expect(memory.believedSize).toBe(30);
      expect(memory.heldSize).toBeNull();
    } finally {
      reopened.close();
    }
  });
});
