// How the read model paces its work during a scan cycle, over a real SQLite file: a department changing all the
// time is rebuilt at most every departmentIntervalMs (answers that time made wrong at once); its answers are
// compressed again once quiet without changing their bytes or ETag; and its centres answer is joined from
// cached place fragments that stay byte-identical to a build from scratch.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { departmentCentresFromFragments, NO_FRAGMENTS } from '../../src/aggregator/read/place-fragments.js';
import { ReadModel } from '../../src/aggregator/read/read-model.js';
import { departmentCentres } from '../../src/aggregator/read/views.js';
import { Store } from '../../src/aggregator/store/store.js';
import { ManualClock } from '../../src/clock.js';
import type { Centre, Slot } from '../../src/domain.js';
import { createWorld } from '../../src/sandbox/world.js';
import { seedFromWorld } from '../support/seed.js';
import { temporaryDatabasePath } from '../support/system.js';

const FRESHNESS_MS = 30 * 60_000;
const START = new Date('2026-03-02T08:00:00Z');
const CENTRES_PATH = '/api/v1/departments/13/centers';

function setUp(centresPerDepartment = 2) {
  const store = new Store(temporaryDatabasePath());
  const clock = new ManualClock(START);
  const seeded = seedFromWorld(store, createWorld({ centresPerDepartment, seed: 7 }), clock.now());
  const target = seeded.find((entry) => entry.listed && !entry.stale && entry.centre.department === '13')!.centre;
  return { store, clock, target };
}

/** A scan of `centre` finding `count` slots, the first an hour from now. */
function scan(store: Store, clock: ManualClock, centre: Centre, count: number): void {
  const now = clock.now().getTime();
  const slots: Slot[] = Array.from({ length: count }, (_, i) => ({
    start: new Date(now + 3_600_000 + i * 600_000),
    vaccine: 'Moderna',
    doses: [1],
    motive: 'm',
  }));
  store.recordScan(centre, { kind: 'slots', slots }, now, 1);
}

/** The slot count the department answer served now shows for `centre`. */
function shownCount(model: ReadModel, centre: Centre): number | undefined {
  const body = JSON.parse(model.preparedAnswer(CENTRES_PATH)!.body.toString()) as {
    centers: Array<{ sources: Array<{ center_id: string; slot_count: number }> }>;
  };
  for (const place of body.centers)
    for (const source of place.sources) if (source.center_id === centre.id) return source.slot_count;
  return undefined;
}

/**
 * Fake time moves by `ms` (polls and wake-ups fire), then the background's passes run: they are real
 * setImmediates, as a pass that used up its real time slice (8 ms) goes on in the next one.
 */
async function advance(ms: number): Promise<void> {
  vi.advanceTimersByTime(ms);
  for (let round = 0; round < 500; round += 1) await new Promise((resolve) => setImmediate(resolve));
}

function rebuildsOf(model: ReadModel, code: string): number {
  return model.rebuilds.filter((rebuilt) => rebuilt === code).length;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the department interval', () => {
  it('rebuilds a department changed twice within the interval once, and shows the second change after it', async () => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
    const { store, clock, target } = setUp();
    // Polls at 200, 400... (fake) ms; a scan's slots stay fresh through the clock's jump below.
    const model = new ReadModel(store, clock, 6 * 3_600_000, {
      departmentIntervalMs: 500,
      quietMs: 3_600_000,
      elapsed: () => Date.now(),
    });
    model.settle();
    model.start(200);
    await advance(1_001);
    const before = rebuildsOf(model, '13');

    // Last rebuilt long ago: the first change shows at the next poll (1,200).
    scan(store, clock, target, 1);
    await advance(200);
    expect(rebuildsOf(model, '13') - before).toBe(1);
    expect(shownCount(model, target)).toBe(1);

    // Two more changes, seen at the polls of 1,400 and 1,600, within 500 ms of that rebuild: the answer served
    // meanwhile is the last one built.
    scan(store, clock, target, 2);
    await advance(200);
    scan(store, clock, target, 3);
    await advance(200);
    expect(rebuildsOf(model, '13') - before).toBe(1);
    expect(shownCount(model, target)).toBe(1);

    // The interval over (about 1,700): one rebuild shows both.
    await advance(150);
    expect(rebuildsOf(model, '13') - before).toBe(2);
    expect(shownCount(model, target)).toBe(3);

    // Answers that time made wrong do not wait: the change seen at 1,800 waits for about 2,200, but once the
    // soonest slot shown has begun the poll of 2,000 rebuilds.
    scan(store, clock, target, 4);
    await advance(200);
    expect(rebuildsOf(model, '13') - before).toBe(2);
    expect(shownCount(model, target)).toBe(3);
    clock.advance(3_600_000 + 1);
    await advance(100);
    expect(rebuildsOf(model, '13') - before).toBe(3);
    // Four slots from an hour after the scan, ten minutes apart: the first has begun.
    expect(shownCount(model, target)).toBe(3);
    model.stop();
    store.close();
  });
});

describe('the rebuild budget', () => {
  it('rebuilds the departments changed in turn, oldest change first, once the share of a core is spent', async () => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
    const { store, clock, target } = setUp();
    const other = store.centreRecords().find((centre) => centre.department === '69')!;
    // A hundred-thousandth of a core (a bucket of 10 µs): one rebuild spends it, for up to hours of this fake
    // time. Polls every minute, so those hours pass in few of them.
    const model = new ReadModel(store, clock, 6 * 3_600_000, {
      departmentIntervalMs: 0,
      rebuildShare: 1e-5,
      quietMs: 3_600_000,
      elapsed: () => Date.now(),
    });
    model.settle();
    model.start(60_000);
    await advance(60_000);
    const before13 = rebuildsOf(model, '13');
    const before69 = rebuildsOf(model, '69');

    // Both changed before the same poll: the first changed is rebuilt, the other waits for the budget.
    scan(store, clock, target, 2);
    scan(store, clock, other, 2);
    await advance(60_000);
    expect([rebuildsOf(model, '13') - before13, rebuildsOf(model, '69') - before69]).toEqual([1, 0]);
    expect(shownCount(model, target)).toBe(2);

    // The budget back (a rebuild's milliseconds over a hundred-thousandth), the other shows.
    await advance(10 * 3_600_000);
    expect([rebuildsOf(model, '13') - before13, rebuildsOf(model, '69') - before69]).toEqual([1, 1]);
    model.stop();
    store.close();
  });
});

describe('recompression once quiet', () => {
  it('replaces the fast gzip with gzip -6 and brotli, keeping the body and the ETag', async () => {
    const { store, clock, target } = setUp();
    const model = new ReadModel(store, clock, FRESHNESS_MS, { departmentIntervalMs: 0, quietMs: 0, brotli: true });
    model.settle();
    scan(store, clock, target, 40);
    model.refresh();
    while (model.rebuilds.at(-1) !== '13') await new Promise((resolve) => setImmediate(resolve));
    const quick = model.preparedAnswer(CENTRES_PATH)!;
    expect(quick.brotli).toBeUndefined();
    expect(gunzipSync(quick.gzip).equals(quick.body)).toBe(true);

    expect(await model.recompressQuiet()).toBeGreaterThan(0);
    const good = model.preparedAnswer(CENTRES_PATH)!;
    expect(good).not.toBe(quick);
    expect(good.etag).toBe(quick.etag);
    expect(good.body.equals(quick.body)).toBe(true);
    expect(good.validUntil).toBe(quick.validUntil);
    expect(good.gzip.equals(gzipSync(quick.body, { level: 6 }))).toBe(true);
    if (good.brotli) expect(brotliDecompressSync(good.brotli).equals(quick.body)).toBe(true);
    // The national answers too , and nothing is left to do.
    const national = model.preparedAnswer('/vitemadose/info_centres.json')!;
    expect(national.gzip.equals(gzipSync(national.body, { level: 6 }))).toBe(true);
    if (national.brotli) expect(brotliDecompressSync(national.brotli).equals(national.body)).toBe(true);
    expect(await model.recompressQuiet()).toBe(0);
    store.close();
  });
});

describe('place fragments', () => {
  it('are reused for unchanged places and join to the bytes of a build from scratch as time moves', () => {
    const { store, clock, target } = setUp(12);
    const model = new ReadModel(store, clock, FRESHNESS_MS);
    const scratch = (now: number) => {
      const own = departmentCentres(model.current(), '13', {}, now)!;
      return JSON.stringify({ department: own.department, centers: own.centers });
    };
    let now = clock.now().getTime();
    const first = departmentCentresFromFragments(model.current(), '13', now, NO_FRAGMENTS);
    expect(first.content.body.toString()).toBe(scratch(now));
    expect(first.fragments.size).toBeGreaterThan(3);

    // Nothing changed: every fragment is the same object.
    const again = departmentCentresFromFragments(model.current(), '13', now, first.fragments);
    expect(again.content.body.toString()).toBe(first.content.body.toString());
    for (const [key, fragment] of again.fragments) expect(fragment).toBe(first.fragments.get(key));

    // One centre scanned: only its place is made again.
    scan(store, clock, target, 5);
    model.refresh();
    const changed = departmentCentresFromFragments(model.current(), '13', now, again.fragments);
    expect(changed.content.body.toString()).toBe(scratch(now));
    const remade = [...changed.fragments].filter(([key, fragment]) => fragment !== again.fragments.get(key));
    expect(remade.length).toBe(1);
    expect(model.current().byId.get(target.id)).toBe(remade[0]![1].listings.find((c) => c.id === target.id));

    // Time moves: slots begin, then centres go stale, without any scan; the bytes follow.
    let fragments = changed.fragments;
    for (const step of [30 * 60_000, 45 * 60_000, 2 * 3_600_000]) {
      clock.advance(step);
      now = clock.now().getTime();
      const built = departmentCentresFromFragments(model.current(), '13', now, fragments);
      expect(built.content.body.toString(), `after ${step} ms`).toBe(scratch(now));
      fragments = built.fragments;
    }
    store.close();
  });
});
