// The scheduler with in-process adapters (no HTTP): a discovery that suddenly finds far fewer centres is not
// believed, and stopping interrupts a cycle between centres, each interrupted centre keeping its last scan.
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../src/aggregator/ingest/scheduler.js';
import { Store } from '../../src/aggregator/store/store.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { Centre, ScanEvent } from '../../src/domain.js';
import { silentLogger } from '../../src/logger.js';
import type { PlatformAdapter } from '../../src/scrapers/adapter.js';
import { temporaryDatabasePath } from '../support/system.js';

const centre = (i: number): Centre => ({
  id: `doctolib${i}`,
  platform: 'doctolib',
  name: `Centre ${i}`,
  kind: 'vaccination-center',
  address: '1 rue X, 75001 Paris',
  postalCode: '75001',
  city: 'Paris',
  insee: '75056',
  department: '75',
  location: null,
  phone: null,
  businessHours: null,
  bookingUrl: `https://example.org/${i}`,
  atlasGid: null,
  scanData: null,
});

function setup(adapter: PlatformAdapter) {
  const store = new Store(temporaryDatabasePath());
  const clock = new ManualClock(new Date('2030-01-01T08:00:00Z'));
  const scheduler = new Scheduler({
    store,
    adapters: new Map([['doctolib', adapter]]),
    platforms: loadConfig({}, ['doctolib']).platforms,
    context: { http: { request: () => Promise.reject(new Error('no http')) }, clock, log: silentLogger },
    horizonDays: 11,
    log: silentLogger,
  });
  return { store, clock, scheduler };
}

const slotAt = (iso: string): ScanEvent => ({
  kind: 'slots',
  slots: [{ start: new Date(iso), vaccine: 'Moderna', doses: [1], motive: 'm' }],
});

describe('scheduler resilience', () => {
  it('keeps scanning the known centres when a discovery finds less than half of them', async () => {
    let found = 10;
    const scanned: string[] = [];
    const { store, clock, scheduler } = setup({
      platform: 'doctolib',
      async *discover() {
        for (let i = 0; i < found; i += 1) yield centre(i);
      },
      async *scan(c) {
        scanned.push(c.id);
        yield* [];
      },
    });
    await scheduler.runCycle('doctolib', true);
    expect(scanned).toHaveLength(10);
    found = 2;
    scanned.length = 0;
    clock.advance(3_600_000);
    await scheduler.runCycle('doctolib', true);
    expect(scanned).toHaveLength(10);
    // A believable shrink is followed once two discoveries agree (a centre missed once is still scanned).
    found = 8;
    for (let round = 0; round < 2; round += 1) {
      clock.advance(3_600_000);
      await scheduler.runCycle('doctolib', true);
    }
    scanned.length = 0;
    clock.advance(180_000);
    await scheduler.runCycle('doctolib', false);
    expect(scanned).toHaveLength(8);
    store.close();
  });

  it('stops between centres: none starts after the stop, an interrupted one keeps its previous scan', async () => {
    let generation = 1;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { store, clock, scheduler } = setup({
      platform: 'doctolib',
      async *discover() {
        for (let i = 0; i < 40; i += 1) yield centre(i);
      },
      async *scan(c) {
        if (generation === 2 && c.id !== 'doctolib0') await gate;
        yield slotAt(generation === 1 ? '2030-01-02T09:00:00Z' : '2030-01-03T09:00:00Z');
      },
    });
    await scheduler.runCycle('doctolib', true);
    generation = 2;
    clock.advance(180_000);
    const cycle = scheduler.runCycle('doctolib', false);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const stopped = scheduler.stop();
    release();
    await Promise.all([cycle, stopped]);
    const starts = store.snapshot(0).map((c) => c.slots[0]!.startAt);
    // doctolib0 finished before the stop; the centres in flight were interrupted and kept generation 1.
    expect(starts.filter((at) => at === Date.parse('2030-01-03T09:00:00Z'))).toHaveLength(1);
    expect(starts.filter((at) => at === Date.parse('2030-01-02T09:00:00Z'))).toHaveLength(39);
    const last = store.connection
      .prepare("SELECT centres, error FROM cycles WHERE kind = 'scan' ORDER BY id DESC LIMIT 1")
      .get() as { centres: number; error: string };
    expect(last.error).toMatch(/interrupted by shutdown/);
    expect(last.centres).toBeLessThan(40);
    store.close();
  });
});
