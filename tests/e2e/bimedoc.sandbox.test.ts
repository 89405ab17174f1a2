// The Bimedoc sandbox behaves like the partner API where the adapter depends on it: partner authorisation,
// both URL forms, the date window, unknown pharmacies, malformed requests. And a scan cycle's request count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanWindow } from '../../src/aggregator/ingest/scan.js';
import type { HttpClient, HttpRequest } from '../../src/scrapers/http.js';
import { bimedocUuidOf } from '../../src/sandbox/platforms/bimedoc.js';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.js';

describe('Bimedoc sandbox', () => {
  let env: TestSandbox;
  let base: string;
  let uuid: string;
  const get = (path: string, headers: Record<string, string> = { Authorization: 'Partner any-key' }) =>
    env.context().http.request({ url: `${base}${path}`, headers });

  beforeAll(async () => {
    env = await startTestSandbox(['bimedoc']);
    base = env.sandbox.baseUrls.bimedoc!;
    uuid = bimedocUuidOf(env.world.listingsOf('bimedoc')[0]!);
  });
  afterAll(() => env.close());

  it('wants partner credentials: none is 401, others 403, any partner key 200', async () => {
    const path = '/vmd/pharmacy-with-slots?start_date=2026-03-02&end_date=2026-03-13';
    expect((await get(path, {})).status).toBe(401);
    expect((await get(path, { Authorization: 'Bearer abc' })).status).toBe(403);
    expect((await get(path, { Authorization: 'Partner ' })).status).toBe(403);
    const listed = await get(path);
    expect(listed.status).toBe(200);
    expect(JSON.parse(listed.body)).toHaveLength(env.world.listingsOf('bimedoc').length);
  });

  it('serves a pharmacy with and without the trailing slash, only within its dates', async () => {
    const plain = JSON.parse(
      (await get(`/vmd/pharmacy-with-slots/${uuid}?start_date=2026-03-02&end_date=2026-03-13`)).body,
    );
    const slashed = JSON.parse(
      (await get(`/vmd/pharmacy-with-slots/${uuid}/?start_date=2026-03-02&end_date=2026-03-13`)).body,
    );
    expect(slashed).toEqual(plain);
    expect(plain.id).toBe(uuid);
    const later = JSON.parse(
      (await get(`/vmd/pharmacy-with-slots/${uuid}?start_date=2026-03-05&end_date=2026-03-13`)).body,
    );
    expect(later.slots.length).toBeLessThan(plain.slots.length);
    for (const slot of later.slots) expect(slot.datetime >= '2026-03-04T23:00:00Z').toBe(true);
  });

  it('answers unknown pharmacies and malformed dates as an API would', async () => {
    expect(
      (
        await get(
          '/vmd/pharmacy-with-slots/00000000-0000-4000-8000-000000000000?start_date=2026-03-02&end_date=2026-03-13',
        )
      ).status,
    ).toBe(404);
    expect((await get(`/vmd/pharmacy-with-slots/${uuid}?start_date=tomorrow&end_date=2026-03-13`)).status).toBe(400);
    expect((await get(`/vmd/pharmacy-with-slots/${uuid}`)).status).toBe(400);
  });

  it('takes 1 + N requests to discover N pharmacies and N to scan them', async () => {
    const requests: HttpRequest[] = [];
    const inner = env.context();
    const counting: HttpClient = {
      request: (request) => {
        requests.push(request);
        return inner.http.request(request);
      },
    };
    const ctx = { ...inner, http: counting };
    const adapter = env.adapter('bimedoc');
    const centres = [];
    for await (const centre of adapter.discover(ctx)) centres.push(centre);
    const pharmacies = env.world.listingsOf('bimedoc').length;
    expect(centres).toHaveLength(pharmacies);
    expect(requests).toHaveLength(1 + pharmacies);
    const window = scanWindow(env.clock.now(), 11);
    for (const centre of centres) for await (const _event of adapter.scan(centre, window, ctx)) void _event;
    expect(requests).toHaveLength(1 + 2 * pharmacies);
    expect(requests.every((request) => request.headers?.Authorization?.startsWith('Partner '))).toBe(true);
  });
});
