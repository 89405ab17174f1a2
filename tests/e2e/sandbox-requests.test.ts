// The sandbox answers malformed or unknown requests as the real APIs would (400/404), never with a crash,
// and honours the parameters a scraper could get wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.js';

let env: TestSandbox;
const base = (platform: 'keldoc' | 'maiia' | 'ordoclic') => env.sandbox.baseUrls[platform]!;

beforeAll(async () => {
  env = await startTestSandbox(['keldoc', 'maiia', 'ordoclic']);
});
afterAll(() => env.close());

describe('sandbox requests', () => {
  it('Keldoc: timetables need from, to and agenda_ids[]; unknown motives are 404', async () => {
    expect(
      (await fetch(`${base('keldoc')}/api/patients/v2/timetables/80011?from=2026-03-02&to=2026-03-06`)).status,
    ).toBe(400);
    expect(
      (await fetch(`${base('keldoc')}/api/patients/v2/timetables/12?from=2026-03-02&to=2026-03-06&agenda_ids[]=1`))
        .status,
    ).toBe(404);
    expect(
      (await fetch(`${base('keldoc')}/api/patients/v2/searches/geo_location?specialty_id=vaccination-covid-19`)).status,
    ).toBe(400);
    const unknownPlace = await (
      await fetch(
        `${base('keldoc')}/api/patients/v2/searches/geo_location?` +
          `specialty_id=vaccination-covid-19&raw_location=nowhere-00&page=1`,
      )
    ).json();
    expect(unknownPlace).toMatchObject({ options: { next_page: false, empty: true }, results: {} });
  });

  it('Keldoc: a public centre page redirects to the booking app', async () => {
    const { buildKeldocListings } = await import('../../src/sandbox/platforms/keldoc-model.js');
    const entry = buildKeldocListings(env.world)[0]!;
    const response = await fetch(`${base('keldoc')}${entry.path}`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const target = new URL(response.headers.get('location')!);
    expect(target.origin).toBe('https://vaccination-covid.keldoc.com');
    expect(Object.fromEntries(target.searchParams)).toMatchObject({
      dom: entry.type,
      inst: entry.location,
      user: entry.slug,
    });
    expect((await fetch(`${base('keldoc')}/centre-de-sante/nowhere/nobody`, { redirect: 'manual' })).status).toBe(404);
  });

  it('Maiia: paging is required, and a reason name read with "+" as a space matches nothing', async () => {
    expect((await fetch(`${base('maiia')}/api/pat-public/consultation-reason-hcd?rootCenterId=x`)).status).toBe(400);
    const listing = env.world.listingsOf('maiia').find((candidate) => !candidate.phoneOnly)!;
    const { maiiaCenterId } = await import('../../src/sandbox/platforms/maiia.js');
    const id = maiiaCenterId(listing);
    const reasons = (await (
      await fetch(
        `${base('maiia')}/api/pat-public/consultation-reason-hcd?rootCenterId=${id}&limit=100&page=0&size=100`,
      )
    ).json()) as { items: { name: string }[] };
    expect(reasons.items.length).toBeGreaterThan(0);
    const name = reasons.items[0]!.name;
    const ask = (encoded: string) =>
      fetch(
        `${base('maiia')}/api/pat-public/availabilities?centerId=${id}&` +
          `consultationReasonName=${encoded}&from=2026-03-02T00:00:00&` +
          `to=2026-03-13T00:00:00&limit=100&page=0&size=100`,
      ).then((response) => response.json() as Promise<{ total: number }>);
    expect((await ask(encodeURIComponent(name))).total).toBeGreaterThan(0);
    expect((await ask(encodeURIComponent(`${name} (personnes +18 ans)`).replace(/%2B/g, '+'))).total).toBe(0);
  });

  it('Ordoclic: a malformed slots POST is a 400, a profile asked on the wrong endpoint a 404', async () => {
    const post = await fetch(`${base('ordoclic')}/v1/solar/slots/availableSlots`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"entityId":"nope"}',
    });
    expect(post.status).toBe(400);
    const garbage = await fetch(`${base('ordoclic')}/v1/solar/slots/availableSlots`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{not json',
    });
    expect(garbage.status).toBe(400);
    expect((await fetch(`${base('ordoclic')}/v1/public/entities/profile/nobody`)).status).toBe(404);
    const search = (await (await fetch(`${base('ordoclic')}/v1/public/search?page=1&per_page=10000`)).json()) as {
      items: { type: string; publicProfile: { slug: string } }[];
    };
    const pharmacy = search.items.find((item) => item.type === 'Pharmacie')!;
    expect((await fetch(`${base('ordoclic')}/v1/professionals/profile/${pharmacy.publicProfile.slug}`)).status).toBe(
      404,
    );
    expect((await fetch(`${base('ordoclic')}/v1/public/entities/profile/${pharmacy.publicProfile.slug}`)).status).toBe(
      200,
    );
  });
});
