// The Doctolib sandbox over HTTP: it serves the platform's quirks (paging, nearby doctors, phone-only
// centres, next_slot hints, strict query checks) and the adapter copes with each of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, scanWindow } from '../../src/aggregator/ingest/scan.js';
import type { Centre } from '../../src/domain.js';
import type { ScrapeContext } from '../../src/scrapers/adapter.js';
import type { HttpClient } from '../../src/scrapers/http.js';
import { doctolibDirectory } from '../../src/sandbox/platforms/doctolib-directory.js';
import { doctolibSandbox } from '../../src/sandbox/platforms/doctolib.js';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.js';

let env: TestSandbox;
let base: string;

beforeAll(async () => {
  env = await startTestSandbox(['doctolib']);
  base = env.sandbox.baseUrls.doctolib!;
});
afterAll(() => env.close());

// biome-ignore lint/suspicious/noExplicitAny: an answer read field by field by the assertions, which are the check
async function getJson(path: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${base}${path}`);
  return { status: response.status, body: await response.json() };
}

/** Counts requests by endpoint while passing them to the test sandbox's client. */
function counting(ctx: ScrapeContext): { ctx: ScrapeContext; counts: Map<string, number> } {
  const counts = new Map<string, number>();
  const http: HttpClient = {
    request(request) {
      const endpoint = new URL(request.url).pathname.split('/')[1]!;
      counts.set(endpoint, (counts.get(endpoint) ?? 0) + 1);
      return ctx.http.request(request);
    },
  };
  return { ctx: { ...ctx, http }, counts };
}

async function discover(ctx: ScrapeContext): Promise<Centre[]> {
  const centres: Centre[] = [];
  for await (const centre of env.adapter('doctolib').discover(ctx)) centres.push(centre);
  return centres;
}

describe('doctolib sandbox', () => {
  it('pages department listings and ends them with nearby doctors of another department', async () => {
    const directory = doctolibDirectory(env.world);
    const [slug, listing] = [...directory.departmentBySlug].find(([, candidate]) => candidate.own.length >= 2)!;
    const first = await getJson(`/vaccination-covid-19/${slug}.json?page=1`);
    const second = await getJson(`/vaccination-covid-19/${slug}.json?page=2`);
    expect(first.body.data.doctors).toHaveLength(2);
    const all = [...first.body.data.doctors, ...second.body.data.doctors];
    expect(all.slice(0, listing.own.length).every((doctor: { exact_match: boolean }) => doctor.exact_match)).toBe(true);
    expect(all[listing.own.length]).toMatchObject({ exact_match: false, link: listing.nearby[0]!.link });
  });

  it('uses the remapped slugs and answers unknown ones with 404, bad pages with 400', async () => {
    expect((await getJson('/vaccination-covid-19/departement-indre.json?page=1')).status).toBe(200);
    expect((await getJson('/vaccination-covid-19/indre.json?page=1')).status).toBe(404);
    expect((await getJson('/vaccination-covid-19/cote-d-or.json')).status).toBe(200);
    expect((await getJson('/vaccination-covid-19/ain.json?page=0')).status).toBe(400);
    expect((await getJson('/booking/nobody.json')).status).toBe(404);
  });

  it('refuses malformed availabilities queries and answers unknown ids with no slot', async () => {
    const query =
      'visit_motive_ids=1&agenda_ids=2&insurance_sector=public&practice_ids=3&destroy_temporary=true&limit=14';
    expect((await getJson(`/availabilities.json?start_date=03-04-2021&${query}`)).status).toBe(400);
    expect(
      (await getJson(`/availabilities.json?start_date=2026-03-02&${query.replace('limit=14', 'limit=40')}`)).status,
    ).toBe(400);
    expect(
      (await getJson(`/availabilities.json?start_date=2026-03-02&${query.replace('agenda_ids=2', 'agenda_ids=2,4')}`))
        .status,
    ).toBe(400);
    const unknown = await getJson(`/availabilities.json?start_date=2026-03-02&${query}`);
    expect(unknown.status).toBe(200);
    expect(unknown.body.total).toBe(0);
    expect(unknown.body.availabilities).toHaveLength(14);
    expect(unknown.body.next_slot).toBeUndefined();
  });

  it('discovers only the departments asked for, even through nearby doctors', async () => {
    const centres = await discover(env.context(['07', '75']));
    const expected = env.world
      .listingsOf('doctolib')
      .filter((listing) => ['07', '75'].includes(listing.centre.department));
    expect(centres.map((centre) => centre.id).sort()).toEqual(
      expected.map((listing) => doctolibSandbox.centreIdOf(listing)).sort(),
    );
  });

  it('reports phone-only listings as such, and later openings as answered with no slot', async () => {
    const centres = await discover(env.context());
    const window = scanWindow(env.clock.now(), 11);
    const byId = new Map(centres.map((centre) => [centre.id, centre]));
    const phoneOnly = env.world.listingsOf('doctolib').filter((listing) => listing.phoneOnly);
    const later = env.world.listingsOf('doctolib').filter((listing) => listing.opensLater && !listing.phoneOnly);
    expect(phoneOnly.length + later.length).toBeGreaterThan(0);
    for (const listing of phoneOnly) {
      const outcome = await runScan(
        env.adapter('doctolib'),
        byId.get(doctolibSandbox.centreIdOf(listing))!,
        window,
        env.context(),
      );
      expect(outcome).toMatchObject({ kind: 'issue', issue: { reason: 'phone-only' } });
    }
    for (const listing of later) {
      const outcome = await runScan(
        env.adapter('doctolib'),
        byId.get(doctolibSandbox.centreIdOf(listing))!,
        window,
        env.context(),
      );
      expect(outcome).toEqual({ kind: 'slots', slots: [] });
    }
  });

  it('costs one listing page per page, one booking per doctor and one availabilities call per motive', async () => {
    const discovery = counting(env.context());
    const centres = await discover(discovery.ctx);
    const directory = doctolibDirectory(env.world);
    expect(discovery.counts.get('booking')).toBe(directory.doctors.length);
    const scans = counting(env.context());
    const window = scanWindow(env.clock.now(), 11);
    for (const centre of centres) await runScan(env.adapter('doctolib'), centre, window, scans.ctx);
    const bookable = env.world.listingsOf('doctolib').filter((listing) => !listing.phoneOnly);
    const motives = bookable.reduce((sum, listing) => sum + listing.motives.length, 0);
    expect(scans.counts.get('availabilities.json')).toBe(motives);
  });
});
