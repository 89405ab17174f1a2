// The new read routes against the sandbox's ground truth, after a real cycle of every platform (sandbox over
// HTTP -> adapters -> SQLite -> read model -> API), and the admin routes driving the real scheduler.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanWindow } from '../../src/aggregator/ingest/scan.js';
import type { PlatformId } from '../../src/domain.js';
import { implementedPlatforms } from '../../src/scrapers/registry.js';
import { groundTruth, type CentreTruth } from '../../src/sandbox/truth.js';
import { toParisIso } from '../../src/time.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const TOKEN = 'test-admin-token-0123456789';

describe('search, statistics and open data after one cycle of every platform', () => {
  let env: TestSystem;
  let truth: Map<string, CentreTruth>;
  const platforms: PlatformId[] = implementedPlatforms();

  beforeAll(async () => {
    env = await startTestSystem(
      platforms,
      { centresPerDepartment: 2 },
      { ADMIN_TOKEN: TOKEN, STATS_SAMPLE_SECONDS: '60' },
    );
    await Promise.all(platforms.map((platform) => env.system.scheduler.runCycle(platform, true)));
    const now = env.clock.now();
    truth = groundTruth(env.world, platforms, now, scanWindow(now, 11));
  });
  afterAll(() => env.close());

  const byStartThenId = (a: string, b: string) => {
    const [idA, startA] = a.split('@') as [string, string];
    const [idB, startB] = b.split('@') as [string, string];
    return Date.parse(startA) - Date.parse(startB) || (idA < idB ? -1 : idA > idB ? 1 : 0);
  };
  const truthSlots = (keep: (centre: CentreTruth) => boolean) =>
    [...truth.values()]
      .filter(keep)
      .flatMap((centre) => centre.slots.map((slot) => `${centre.centreId}@${toParisIso(slot)}`))
      .sort(byStartThenId);

  async function walk(query: string): Promise<string[]> {
    const found: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await env.get(`/api/v1/slots?${query}&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.status).toBe(200);
      const page = (await response.json()) as {
        slots: Array<{ start: string; center: { id: string } }>;
        next_cursor: string | null;
      };
      found.push(...page.slots.map((hit) => `${hit.center.id}@${hit.start}`));
      cursor = page.next_cursor;
    } while (cursor);
    return found;
  }

  it('offers, department by department, exactly the slots of the truth, soonest first', async () => {
    for (const department of ['75', '13', '2A', '971']) {
      const found = await walk(`department=${department}`);
      expect(found, department).toEqual([...found].sort(byStartThenId));
      expect(found, department).toEqual(truthSlots((centre) => centre.department === department));
    }
  });

  it('offers the soonest slots of France first', async () => {
    const response = await env.get('/api/v1/slots?limit=100');
    const page = (await response.json()) as { slots: Array<{ start: string; center: { id: string } }> };
    expect(page.slots.map((hit) => `${hit.center.id}@${hit.start}`)).toEqual(truthSlots(() => true).slice(0, 100));
  });

  it('counts what the truth has in the statistics and in stats.json', async () => {
    const stats = (await (await env.get('/api/v1/stats')).json()) as {
      national: {
        centers: number;
        centers_with_slots: number;
        slots: number;
        by_platform: Record<string, { centers: number }>;
      };
    };
    const all = [...truth.values()];
    expect(stats.national).toMatchObject({
      centers: all.length,
      centers_with_slots: all.filter((centre) => centre.slots.length > 0).length,
      slots: all.reduce((sum, centre) => sum + centre.slots.length, 0),
    });
    for (const platform of platforms)
      expect(stats.national.by_platform[platform]!.centers, platform).toBe(
        all.filter((centre) => centre.platform === platform).length,
      );
    const file = (await (await env.get('/vitemadose/stats.json')).json()) as {
      tout_departement: { disponibles: number; creneaux: number };
    };
    expect(file.tout_departement).toMatchObject({
      disponibles: stats.national.centers_with_slots,
      creneaux: stats.national.slots,
    });
  });

  it('records a statistics sample once the cycles are over', async () => {
    const all = [...truth.values()];
    let points: Array<{ samples: number; figures: { centers: number; slots: number } }> = [];
    for (let tries = 0; tries < 100 && points.length === 0; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      points = ((await (await env.get('/api/v1/stats/history')).json()) as { points: typeof points }).points;
    }
    expect(points).toHaveLength(1);
    expect(points[0]!.figures).toMatchObject({
      centers: all.length,
      slots: all.reduce((sum, centre) => sum + centre.slots.length, 0),
    });
  });

  it('lets the admin pause, resume and run a platform, with the token only', async () => {
    const platform = platforms[0]!;
    const admin = (method: string, path: string, token: string | null = TOKEN) =>
      fetch(`${env.system.apiUrl}${path}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect((await admin('POST', `/api/v1/admin/platforms/${platform}/pause`, null)).status).toBe(401);
    expect((await admin('POST', `/api/v1/admin/platforms/${platform}/pause`, `${TOKEN}x`)).status).toBe(401);
    expect((await admin('POST', '/api/v1/admin/platforms/nope/pause')).status).toBe(404);
    expect(await (await admin('POST', `/api/v1/admin/platforms/${platform}/pause`)).json()).toEqual({
      platform,
      paused: true,
    });

    const scans = () =>
      (
        env.system.store.connection.prepare('SELECT count(*) AS n FROM scans WHERE platform = ?').get(platform) as {
          n: number;
        }
      ).n;
    const before = scans();
    expect((await admin('POST', `/api/v1/admin/scan?platform=${platform}`)).status).toBe(409);
    await env.system.scheduler.runCycle(platform, false);
    expect(scans()).toBe(before);
    const listed = (await (await admin('GET', '/api/v1/admin/platforms')).json()) as {
      platforms: Array<{ platform: string; paused: boolean }>;
    };
    expect(listed.platforms.find((entry) => entry.platform === platform)!.paused).toBe(true);

    expect(await (await admin('POST', `/api/v1/admin/platforms/${platform}/resume`)).json()).toEqual({
      platform,
      paused: false,
    });
    const started = await admin('POST', `/api/v1/admin/scan?platform=${platform}`);
    expect(started.status).toBe(202);
    expect(await started.json()).toEqual({ platforms: [{ platform, state: 'started' }] });
    await env.system.scheduler.runCycle(platform, false);
    expect(scans()).toBeGreaterThan(before);
  });
});
