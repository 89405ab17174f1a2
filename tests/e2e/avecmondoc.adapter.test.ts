// The AvecMonDoc adapter's requests against the sandbox: search paging, organisation calls, and the
// 7-day availability windows stepping 6 days (or jumping past the horizon).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, scanWindow } from '../../src/aggregator/ingest/scan.js';
import type { Centre } from '../../src/domain.js';
import { organizationIdOf } from '../../src/sandbox/platforms/avecmondoc.js';
import { addDaysToDate, parisDate } from '../../src/time.js';
import { recording } from '../support/recording.js';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.js';
import { compareWithTruth } from '../support/truth-check.js';

describe('AvecMonDoc adapter requests', () => {
  let env: TestSandbox;
  const centres: Centre[] = [];
  let discoveryRequests: readonly { url: string }[] = [];

  beforeAll(async () => {
    // A seed whose AvecMonDoc listings include phone-only ones and one opening later.
    env = await startTestSandbox(['avecmondoc'], { centresPerDepartment: 2, seed: 4 });
    const ctx = recording(env.context());
    for await (const centre of env.adapter('avecmondoc').discover(ctx)) centres.push(centre);
    discoveryRequests = ctx.requests;
  });
  afterAll(() => env.close());

  it('counts a slot of the day two calls both cover once (a Tuesday start: the shared day is a Monday)', async () => {
    // From the default Monday start the shared sixth day is a Sunday, when centres are closed.
    const monday = env.clock.now();
    env.clock.set(new Date(monday.getTime() + 86_400_000));
    try {
      const { reported, expected } = await compareWithTruth(env, 'avecmondoc', centres);
      expect(reported).toEqual(expected);
    } finally {
      env.clock.set(monday);
    }
  });

  it('matches the ground truth on a world with phone-only and late-opening organisations', async () => {
    const { reported, expected } = await compareWithTruth(env, 'avecmondoc', centres);
    expect(reported).toEqual(expected);
  });

  it('pages the search 10 at a time and reads only organisations with covid hours', () => {
    const searches = discoveryRequests.filter((request) => request.url.includes('/public/covid'));
    expect(searches.map((request) => new URL(request.url).searchParams.get('page'))).toEqual(
      searches.map((_, index) => String(index + 1)),
    );
    expect(searches.length).toBeGreaterThan(1);
    const organizations = discoveryRequests.filter((request) => request.url.includes('/Organizations/slug/'));
    expect(organizations).toHaveLength(env.world.listingsOf('avecmondoc').length);
  });

  it('asks each reason two overlapping windows, or one when nothing is bookable before the horizon', async () => {
    const now = env.clock.now();
    const today = parisDate(now);
    const adapter = env.adapter('avecmondoc');
    for (const listing of env.world.listingsOf('avecmondoc')) {
      const centre = centres.find((candidate) => candidate.id === `amd${organizationIdOf(listing)}`)!;
      const ctx = recording(env.context());
      await runScan(adapter, centre, scanWindow(now, 11), ctx);
      const posts = ctx.requests.filter((request) => request.method === 'POST');
      const starts = posts.map((request) => (request.json as { periodStart: string }).periodStart);
      // Late openers jump past the horizon; phone-only organisations say there is nothing at all: both stop.
      const perReason = listing.opensLater || listing.phoneOnly ? [today] : [today, addDaysToDate(today, 6)];
      expect(starts.sort()).toEqual(
        listing.motives.flatMap(() => perReason.map((date) => `${date}T00:00:00.000Z`)).sort(),
      );
    }
  });

  it("honours the department filter without reading other departments' organisations", async () => {
    const department = centres[0]!.department!;
    const ctx = recording(env.context([department]));
    const filtered: Centre[] = [];
    for await (const centre of env.adapter('avecmondoc').discover(ctx)) filtered.push(centre);
    expect(filtered.map((centre) => centre.id).sort()).toEqual(
      centres
        .filter((centre) => centre.department === department)
        .map((centre) => centre.id)
        .sort(),
    );
    expect(ctx.requests.filter((request) => request.url.includes('/Organizations/slug/'))).toHaveLength(
      filtered.length,
    );
  });
});
