// Each platform's adapter, run against its sandbox platform, must report exactly the sandbox's ground truth:
// the same centres, and for each the same soonest slot and slot count. No store, no API: just the adapter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Centre, PlatformId } from '../../src/domain.js';
import { runScan, scanWindow } from '../../src/aggregator/ingest/scan.js';
import { PLATFORM_MODULES } from '../../src/scrapers/registry.js';
import { SANDBOX_PLATFORMS } from '../../src/sandbox/platforms/index.js';
import { groundTruth } from '../../src/sandbox/truth.js';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.js';

const platforms = (Object.keys(SANDBOX_PLATFORMS) as PlatformId[]).filter((platform) => PLATFORM_MODULES[platform]);
const HORIZON_DAYS = 11;

describe.each(platforms)('%s adapter against the sandbox', (platform) => {
  let env: TestSandbox;
  const centres: Centre[] = [];

  beforeAll(async () => {
    env = await startTestSandbox([platform]);
    for await (const centre of env.adapter(platform).discover(env.context())) centres.push(centre);
  });
  afterAll(() => env.close());

  it('discovers every listing of the platform once, with its department and a booking URL', () => {
    const ids = centres.map((centre) => centre.id);
    expect(new Set(ids).size).toBe(ids.length);
    const module = SANDBOX_PLATFORMS[platform];
    const expected = env.world
      .listingsOf(platform)
      .filter((listing) => module.isDiscovered?.(listing) ?? true)
      .map((listing) => module.centreIdOf(listing));
    expect([...ids].sort()).toEqual([...expected].sort());
    for (const centre of centres) {
      const listing = env.world
        .listingsOf(platform)
        .find((candidate) => SANDBOX_PLATFORMS[platform]!.centreIdOf(candidate) === centre.id)!;
      expect(centre.department).toBe(listing.centre.department);
      expect(centre.platform).toBe(platform);
      expect(centre.bookingUrl).toMatch(/^https?:\/\//);
    }
  });

  it('scans every centre to the ground truth: same soonest slot, same count', async () => {
    const now = env.clock.now();
    const window = scanWindow(now, HORIZON_DAYS);
    const truth = groundTruth(env.world, [platform], now, window);
    const adapter = env.adapter(platform);
    const reported = new Map<string, { soonest: string | null; count: number }>();
    for (const centre of centres) {
      const outcome = await runScan(adapter, centre, window, env.context());
      if (outcome.kind === 'issue') continue;
      const starts = outcome.slots.map((slot) => slot.start.getTime()).sort((a, b) => a - b);
      reported.set(centre.id, {
        soonest: starts.length ? new Date(starts[0]!).toISOString() : null,
        count: starts.length,
      });
    }
    const expected = new Map(
      [...truth.values()].map((centre) => [
        centre.centreId,
        { soonest: centre.slots[0]?.toISOString() ?? null, count: centre.slots.length },
      ]),
    );
    expect(Object.fromEntries(reported)).toEqual(Object.fromEntries(expected));
    // The world is not trivial: most centres have slots, and some answered with none.
    const withSlots = [...expected.values()].filter((centre) => centre.count > 0).length;
    expect(withSlots).toBeGreaterThan(expected.size / 2);
  });
});
