// The Valwin sandbox behaves like the ePharmacie API where the adapter depends on it: the map-shaped list
// (with a pharmacy listed twice), paging by pageSize, unknown pharmacies. And a scan cycle's request count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanWindow } from '../../src/aggregator/ingest/scan.js';
import type { HttpClient, HttpRequest } from '../../src/scrapers/http.js';
import { valwinIdOf } from '../../src/sandbox/platforms/valwin.js';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.js';

describe('Valwin sandbox', () => {
  let env: TestSandbox;
  let base: string;
  const get = (path: string) => env.context().http.request({ url: `${base}${path}` });

  beforeAll(async () => {
    env = await startTestSandbox(['valwin']);
    base = env.sandbox.baseUrls.valwin!;
  });
  afterAll(() => env.close());

  it('lists pharmacies as an object map, one of them under two keys', async () => {
    const map = JSON.parse((await get('/global/api/meetings/v2/pharmacies-with-vaccines')).body);
    expect(Array.isArray(map)).toBe(false);
    const listings = env.world.listingsOf('valwin');
    expect(Object.keys(map).length).toBeGreaterThan(listings.length);
    expect(new Set(Object.values(map).map((pharmacy) => (pharmacy as { id: string }).id)).size).toBe(listings.length);
  });

  it('pages by 60 unless asked otherwise, with the total of every future slot', async () => {
    const listing = env.world.listingsOf('valwin').find((candidate) => !candidate.phoneOnly)!;
    const id = valwinIdOf(listing);
    const first = JSON.parse((await get(`/global/api/meetings/v2/${id}/slots`)).body);
    expect(first.links.pageSize).toBe(60);
    expect(first.links.total).toBeGreaterThan(60);
    expect(first.result).toHaveLength(60);
    expect(first.links.next).toMatch(/page=2$/);
    const all = JSON.parse((await get(`/global/api/meetings/v2/${id}/slots?pageSize=999999999`)).body);
    expect(all.result).toHaveLength(all.links.total);
    expect(all.links).toMatchObject({ next: null, prev: null, nbPages: 1 });
    for (const entry of all.result) expect(entry.start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  });

  it('answers unknown pharmacies and malformed paging as an API would', async () => {
    expect((await get('/global/api/meetings/v2/nobody/slots?pageSize=10')).status).toBe(404);
    const id = valwinIdOf(env.world.listingsOf('valwin')[0]!);
    expect((await get(`/global/api/meetings/v2/${id}/slots?pageSize=0`)).status).toBe(400);
    expect((await get(`/global/api/meetings/v2/${id}/slots?pageSize=ten`)).status).toBe(400);
  });

  it('takes 1 request to discover and 1 per pharmacy to scan, with deep links on the slots', async () => {
    const requests: HttpRequest[] = [];
    const inner = env.context();
    const counting: HttpClient = {
      request: (request) => {
        requests.push(request);
        return inner.http.request(request);
      },
    };
    const ctx = { ...inner, http: counting };
    const adapter = env.adapter('valwin');
    const centres = [];
    for await (const centre of adapter.discover(ctx)) centres.push(centre);
    expect(centres).toHaveLength(env.world.listingsOf('valwin').length);
    expect(requests).toHaveLength(1);
    const window = scanWindow(env.clock.now(), 11);
    const links = new Set<string>();
    for (const centre of centres) {
      for await (const event of adapter.scan(centre, window, ctx)) {
        if (event.kind === 'slots') for (const slot of event.slots) links.add(slot.bookingUrl!);
      }
    }
    expect(requests).toHaveLength(1 + centres.length);
    expect(links.size).toBeGreaterThan(0);
    for (const link of links) expect(link).toMatch(/\/animation-details\/[0-9a-f-]{36}\/1\/60$/);
  });
});
