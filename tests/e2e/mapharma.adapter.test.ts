// The Mapharma adapter's requests against the sandbox: what it asks, how often, and with which headers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, scanWindow } from '../../src/aggregator/ingest/scan.js';
import type { Centre } from '../../src/domain.js';
import { mapharmaCampaignId } from '../../src/sandbox/platforms/mapharma.js';
import { addDaysToDate, parisDate } from '../../src/time.js';
import { recording } from '../support/recording.js';
import { compareWithTruth } from '../support/truth-check.js';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.js';

describe('Mapharma adapter requests', () => {
  let env: TestSandbox;
  const centres: Centre[] = [];

  beforeAll(async () => {
    // A seed whose Mapharma listings include a phone-only one (no free place) and one opening later.
    env = await startTestSandbox(['mapharma'], { centresPerDepartment: 2, seed: 8 });
    for await (const centre of env.adapter('mapharma').discover(env.context())) centres.push(centre);
  });
  afterAll(() => env.close());

  it('counts a slot of the day two calls both cover once (a Tuesday start: the shared day is a Monday)', async () => {
    // From the default Monday start the shared sixth day is a Sunday, when centres are closed.
    const monday = env.clock.now();
    env.clock.set(new Date(monday.getTime() + 86_400_000));
    try {
      const { reported, expected } = await compareWithTruth(env, 'mapharma', centres);
      expect(reported).toEqual(expected);
    } finally {
      env.clock.set(monday);
    }
  });

  it('matches the ground truth on a world with a phone-only and a late-opening campaign', async () => {
    const { reported, expected } = await compareWithTruth(env, 'mapharma', centres);
    expect(reported).toEqual(expected);
    expect(Object.values(expected).some((centre) => centre.count === 0)).toBe(true);
  });

  it('reads the open data once per cycle and asks each campaign with free places twice, six days apart', async () => {
    const ctx = recording(env.context());
    const adapter = env.adapter('mapharma');
    const now = env.clock.now();
    const window = scanWindow(now, 11);
    for (const centre of centres) await runScan(adapter, centre, window, ctx);

    const openData = ctx.requests.filter((request) => request.url.endsWith('/opendata/rdv'));
    expect(openData).toHaveLength(1);
    const calendar = ctx.requests.filter((request) => request.url.includes('/api/public/calendar/'));
    const today = parisDate(now);
    const withPlaces = env.world
      .listingsOf('mapharma')
      .filter(
        (listing) => env.world.freeSlots(listing, now, now, new Date(now.getTime() + 28 * 86_400_000)).length > 0,
      );
    expect(withPlaces.length).toBeLessThan(centres.length);
    expect(calendar.map((request) => new URL(request.url).pathname).sort()).toEqual(
      withPlaces
        .flatMap((listing) =>
          [today, addDaysToDate(today, 6)].map(
            (date) => `/api/public/calendar/${mapharmaCampaignId(listing)}/${date}/1`,
          ),
        )
        .sort(),
    );
    for (const request of calendar) expect(request.headers?.Referer).toBe('https://mapharma.net/');
  });

  it('answers "no slot" without a calendar call for a campaign with no free place', async () => {
    const now = env.clock.now();
    const empty = env.world
      .listingsOf('mapharma')
      .find(
        (listing) => env.world.freeSlots(listing, now, now, new Date(now.getTime() + 28 * 86_400_000)).length === 0,
      )!;
    const centre = centres.find(
      (candidate) => (candidate.scanData as { campaignId: number }).campaignId === mapharmaCampaignId(empty),
    )!;
    const ctx = recording(env.context());
    const outcome = await runScan(env.adapter('mapharma'), centre, scanWindow(now, 11), ctx);
    expect(outcome).toEqual({ kind: 'slots', slots: [] });
    expect(ctx.requests.filter((request) => request.url.includes('/calendar/'))).toHaveLength(0);
  });

  it('sends the partner key as User-Agent when there is one', async () => {
    const ctx = recording(env.context());
    const baseUrl = env.sandbox.baseUrls.mapharma!;
    const { mapharmaModule } = await import('../../src/scrapers/mapharma/adapter.js');
    const adapter = mapharmaModule.create({
      baseUrls: { mapharma: baseUrl, opendataCopy: baseUrl },
      partnerKey: 'secret-key',
    });
    for await (const centre of adapter.discover(ctx)) void centre;
    expect(ctx.requests[0]!.headers).toMatchObject({ 'User-Agent': 'secret-key', Referer: 'https://mapharma.net/' });
  });

  it('falls back on the published copy when the open data does not answer', async () => {
    const baseUrl = env.sandbox.baseUrls.mapharma!;
    const { mapharmaModule } = await import('../../src/scrapers/mapharma/adapter.js');
    // Nothing listens on the discard port: the live open data call fails before any answer.
    const adapter = mapharmaModule.create({ baseUrls: { mapharma: 'http://127.0.0.1:9', opendataCopy: baseUrl } });
    const fromCopy: Centre[] = [];
    for await (const centre of adapter.discover(env.context())) fromCopy.push(centre);
    expect(fromCopy.map((centre) => centre.id).sort()).toEqual(centres.map((centre) => centre.id).sort());
  });

  it('honours the department filter', async () => {
    const department = centres[0]!.department!;
    const filtered: Centre[] = [];
    for await (const centre of env.adapter('mapharma').discover(env.context([department]))) filtered.push(centre);
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((centre) => centre.department === department)).toBe(true);
  });
});
