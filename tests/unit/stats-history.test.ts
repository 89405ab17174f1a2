// The statistics history over a real SQLite file: samples go to their hour and their day, means are exact,
// retention keeps it bounded, and the recorder samples no more often than asked.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { NATIONAL_SCOPE } from '../../src/aggregator/store/history-store.js';
import { ReadModel } from '../../src/aggregator/read/read-model.js';
import { historySeries, mergedBuckets, StatsRecorder } from '../../src/aggregator/read/stats-history.js';
import { Store } from '../../src/aggregator/store/store.js';
import { silentLogger } from '../../src/logger.js';
import { temporaryDatabasePath } from '../support/system.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// 10:20 Paris, Monday 2 March 2026.
const T0 = Date.parse('2026-03-02T09:20:00Z');

const sample = (scope: string, centres: number, slots: number) => ({
  scope,
  values: { centers: centres, slots, centers_with_slots: 0 },
});

describe('statistics buckets', () => {
  it('adds each sample to its hour and to its Paris day, keeping sums and counts', () => {
    const store = new Store(temporaryDatabasePath());
    store.addStatsSample(T0, [sample(NATIONAL_SCOPE, 10, 100), sample('75', 2, 30)]);
    store.addStatsSample(T0 + 10 * 60_000, [sample(NATIONAL_SCOPE, 12, 50), sample('75', 2, 10)]);
    store.addStatsSample(T0 + HOUR, [sample(NATIONAL_SCOPE, 14, 0), sample('75', 2, 0)]);
    const hours = store.statsBuckets('hour', NATIONAL_SCOPE);
    expect(hours.map((bucket) => [new Date(bucket.bucketStart).toISOString(), bucket.samples, bucket.sums])).toEqual([
      ['2026-03-02T09:00:00.000Z', 2, { centers: 22, slots: 150 }],
      ['2026-03-02T10:00:00.000Z', 1, { centers: 14 }],
    ]);
    const [day] = store.statsBuckets('day', NATIONAL_SCOPE);
    expect([new Date(day!.bucketStart).toISOString(), day!.samples, day!.sums]).toEqual([
      '2026-03-01T23:00:00.000Z',
      3,
      { centers: 36, slots: 150 },
    ]);
    const series = historySeries(hours, NATIONAL_SCOPE);
    expect(series[0]).toMatchObject({ at: '2026-03-02T10:00:00+01:00', samples: 2 });
    expect(series[0]!.figures).toMatchObject({ centers: 11, slots: 75, centers_with_slots: 0, stale_centers: 0 });
    expect(historySeries(store.statsBuckets('day'), '75')[0]!.figures).toMatchObject({ centers: 2, slots: 13.33 });
    store.close();
  });

  it('drops hourly detail after its retention and daily aggregates after theirs', () => {
    const store = new Store(temporaryDatabasePath());
    for (let day = 0; day < 20; day += 1) store.addStatsSample(T0 + day * DAY, [sample(NATIONAL_SCOPE, day, day)]);
    const now = T0 + 19 * DAY;
    store.pruneStats(now - 7 * DAY, now - 15 * DAY);
    // Hour buckets start at :00, so the one of 7 days ago to the hour began before the cut.
    expect(store.statsBuckets('hour')).toHaveLength(7);
    expect(store.statsBuckets('day')).toHaveLength(15);
    const merged = mergedBuckets(store.statsBuckets('hour'), store.statsBuckets('day'));
    expect(merged.map((bucket) => bucket.granularity)).toEqual([...Array(8).fill('day'), ...Array(7).fill('hour')]);
    store.close();
  });
});

describe('statistics recorder', () => {
  // The recorder times itself with setTimeout and performance.now: both faked, so that the intervals asserted
  // below are exact whatever the load on the machine does to real time.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const sleep = (ms: number) => vi.advanceTimersByTimeAsync(ms);
  async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
    const start = performance.now();
    while (!condition()) {
      if (performance.now() - start > timeoutMs) throw new Error('condition not met in time');
      await sleep(10);
    }
  }

  function recorder(busy: () => boolean = () => false) {
    const store = new Store(temporaryDatabasePath());
    const clock = new ManualClock(new Date(T0));
    const readModel = new ReadModel(store, clock, 30 * 60_000);
    const statsRecorder = new StatsRecorder(
      store,
      readModel,
      clock,
      { sampleIntervalMs: 1_000, hourlyRetentionDays: 7, dailyRetentionDays: 30 },
      silentLogger,
      busy,
    );
    const samples = () => store.statsBuckets('hour', NATIONAL_SCOPE)[0]?.samples ?? 0;
    return { store, readModel, statsRecorder, samples };
  }

  it('samples once changes settle, at most once per interval, and bumps the data version', async () => {
    const { store, readModel, statsRecorder, samples } = recorder();
    const before = readModel.current().version;
    statsRecorder.dataChanged();
    statsRecorder.dataChanged();
    expect(samples()).toBe(0);
    await until(() => samples() === 1);
    expect(readModel.current().version).not.toBe(before);
    // 103 scopes: national and every department.
    expect(store.statsBuckets('hour')).toHaveLength(103);
    const sampledAt = performance.now();
    statsRecorder.dataChanged();
    await sleep(400);
    expect(samples()).toBe(1);
    await until(() => samples() === 2);
    expect(performance.now() - sampledAt).toBeGreaterThanOrEqual(900);
    statsRecorder.stop();
    store.close();
  });

  it('waits for the running cycle to end, but not longer than the interval', async () => {
    let busy = true;
    const { store, statsRecorder, samples } = recorder(() => busy);
    const changedAt = performance.now();
    statsRecorder.dataChanged();
    await sleep(400);
    expect(samples()).toBe(0);
    await until(() => samples() === 1);
    expect(performance.now() - changedAt).toBeGreaterThanOrEqual(900);
    busy = false;
    statsRecorder.stop();
    store.close();
  });
});
