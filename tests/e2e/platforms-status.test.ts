// GET /api/v1/platforms over the whole system: per platform, its breaker, cycles, errors, centres, slots and
// data age, moving as the sandbox's platforms fail and recover.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformStatus } from '../../src/aggregator/read/platform-status.js';
import { percentile } from '../../src/aggregator/read/platform-status.js';
import { DEPARTMENTS } from '../../src/departments.js';
import type { PlatformId } from '../../src/domain.js';
import { implementedPlatforms } from '../../src/scrapers/registry.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

describe('platform status', () => {
  let env: TestSystem;
  const platforms: PlatformId[] = implementedPlatforms();
  const [failing, ...others] = platforms as [PlatformId, ...PlatformId[]];

  beforeAll(async () => {
    // A quarter of the departments: every platform is there, at a quarter of the cost.
    const departments = DEPARTMENTS.filter((_, index) => index % 4 === 0).map((department) => department.code);
    env = await startTestSystem(
      platforms,
      { centresPerDepartment: 2, departments },
      { HTTP_MAX_ATTEMPTS: '1', BREAKER_FAILURES: '3', BREAKER_OPEN_SECONDS: '60', FRESHNESS_LIMIT_MINUTES: '30' },
    );
    await Promise.all(platforms.map((platform) => env.system.scheduler.runCycle(platform, true)));
  });
  afterAll(() => env.close());

  async function statuses(): Promise<Map<string, PlatformStatus>> {
    env.system.readModel.settle();
    const response = await env.get('/api/v1/platforms');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toMatch(/max-age/);
    const body = (await response.json()) as { platforms: PlatformStatus[] };
    return new Map(body.platforms.map((status) => [status.platform, status]));
  }

  it('describes every enabled platform after a good cycle', async () => {
    const all = await statuses();
    expect([...all.keys()].sort()).toEqual([...platforms].sort());
    for (const status of all.values()) {
      expect(status.enabled).toBe(true);
      expect(status.breaker).toMatchObject({ state: 'closed', openings: 0 });
      expect(status.last_successful_cycle).toMatch(/^2026-03-02T/);
      expect(status.centers).toBeGreaterThan(0);
      expect(status.centers_with_data).toBeGreaterThan(0);
      expect(status.centers_stale).toBe(0);
      // A clean sandbox: no scan of the cycle failed.
      expect(status.error_rate).toBe(0);
      expect(status.data_age_seconds).toEqual({ p50: 0, p95: 0 });
    }
    expect([...all.values()].some((status) => status.slots > 0 && status.centers_with_slots > 0)).toBe(true);
    // The clean sandbox answers in the platforms' real shapes: nothing had to be left out.
    for (const status of all.values()) expect(status.item_issues, status.platform).toEqual({ total: 0, by_kind: {} });
  });

  it(
    'shows a failing platform: breaker open, last error, error rate, data ' +
      'ageing then stale; the others unaffected',
    async () => {
      env.system.scraping.sandbox!.faults.set(failing, { rates: { 'http-503': 1 } });
      for (let cycle = 0; cycle < 2; cycle += 1) {
        env.clock.advance(20 * 60_000);
        await Promise.all(platforms.map((platform) => env.system.scheduler.runCycle(platform, false)));
      }
      const all = await statuses();
      const down = all.get(failing)!;
      expect(down.breaker).toMatchObject({ state: 'open', openings: 1 });
      expect(down.breaker!.reason).toMatch(/failures in a row|probe failed/);
      expect(down.last_error?.message).toMatch(/circuit|503/);
      expect(down.error_rate).toBeGreaterThan(0.5);
      expect(down.last_cycle).toMatchObject({ issues: down.last_cycle!.centers });
      expect(down.data_age_seconds!.p50).toBe(40 * 60);
      expect(down.centers_stale).toBe(down.centers_with_data);
      expect(down.slots).toBe(0);
      for (const platform of others) {
        expect(all.get(platform)!.breaker!.state).toBe('closed');
        expect(all.get(platform)!.data_age_seconds).toEqual({ p50: 0, p95: 0 });
      }
    },
  );

  it('shows the recovery: half-open after the cool-down, closed once probes succeed', async () => {
    env.system.scraping.sandbox!.faults.clear();
    env.clock.advance(61_000);
    expect((await statuses()).get(failing)!.breaker!.state).toBe('half-open');
    // One cycle: the first calls probe, the others wait for them, and the whole cycle goes through.
    await env.system.scheduler.runCycle(failing, false);
    const back = (await statuses()).get(failing)!;
    expect(back.breaker).toMatchObject({ state: 'closed', openings: 1, recoveries: 1 });
    expect(back.centers_stale).toBe(0);
    expect(back.data_age_seconds!.p95).toBe(0);
  });

  it('computes nearest-rank percentiles', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBe(10);
    expect(percentile([7], 0.95)).toBe(7);
  });
});
