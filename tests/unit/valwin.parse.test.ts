// Valwin's answers, hand-written in the shapes of the recorded responses (spec/platforms/valwin.md).
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import type { ScanEvent, ScanWindow } from '../../src/domain.js';
import { silentLogger } from '../../src/logger.js';
import type { HttpResponse } from '../../src/scrapers/http.js';
import { valwinModule } from '../../src/scrapers/valwin/adapter.js';
import { pharmacyToCentre, readSlots, uniquePharmacies, vaccineOfType } from '../../src/scrapers/valwin/parse.js';
import {
  ASTRAZENECA_TYPE_ID,
  bookingDeepLink,
  pharmacyListUrl,
  pharmacySlotsUrl,
} from '../../src/scrapers/valwin/request.js';
import { valwinPharmacyMapSchema } from '../../src/scrapers/valwin/schema.js';

const BASE = 'https://pharma-api.epharmacie.pro';
const SITE = 'https://pharmacie-magny-les-hameaux.epharmacie.pro';
const PFIZER_TYPE = {
  id: '0c1d4f5e-2f7a-4d59-9d0e-2b8f1b1b7a10',
  label: 'Vaccination Covid Pfizer-BioNTech',
  image: 'https://…/pfizer.png',
};
const AZ_TYPE = { id: ASTRAZENECA_TYPE_ID, label: 'Vaccin COVID-19', image: 'https://…/vaccin.png' };

function entry(
  start: string,
  types: ReadonlyArray<{ id: string; label: string; image: string }> = [AZ_TYPE],
  extra: Record<string, unknown> = {},
) {
  return {
    start,
    end: start.replace(/:00:00$/, ':10:00'),
    timeDivisionId: 'd1',
    meetingConfigurationId: 'm1',
    title: 'test antigenique ',
    types,
    websiteUrl: SITE,
    pharmacyName: 'Pharmacie Priker',
    ...extra,
  };
}

function page(result: unknown[], total = result.length) {
  return { links: { next: null, total, prev: null, pageSize: 60, currentPage: 1, nbPages: 1 }, result };
}

function response(status: number, body: unknown): HttpResponse {
  return {
    url: `${BASE}/global/api/meetings/v2/aptiphar18-priker-magny-hameaux/slots?pageSize=999999999`,
    status,
    headers: {},
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

// Around the end of summer time in 2021 (Sunday 31 October, 03:00 CEST -> 02:00 CET).
const AUTUMN: ScanWindow = { from: new Date('2021-10-28T06:00:00Z'), to: new Date('2021-11-07T23:00:00Z') };

describe('Valwin requests', () => {
  it('lists pharmacies in one call and asks for every slot in one huge page, without dates', () => {
    expect(pharmacyListUrl(`${BASE}/`)).toBe(`${BASE}/global/api/meetings/v2/pharmacies-with-vaccines`);
    expect(pharmacySlotsUrl(BASE, 'aptiphar18-priker-magny-hameaux')).toBe(
      `${BASE}/global/api/meetings/v2/aptiphar18-priker-magny-hameaux/slots?pageSize=999999999`,
    );
  });

  it('links one type to its own page and several to the list of sessions', () => {
    expect(bookingDeepLink(`${SITE}/`, [ASTRAZENECA_TYPE_ID])).toBe(
      `${SITE}/animation-details/${ASTRAZENECA_TYPE_ID}/1/60`,
    );
    expect(bookingDeepLink(SITE, [ASTRAZENECA_TYPE_ID, PFIZER_TYPE.id])).toBe(`${SITE}/animations`);
  });
});

describe('Valwin pharmacy map -> centres', () => {
  const map = valwinPharmacyMapSchema.parse({
    '1204': {
      id: 'ph34-reims',
      name: 'Pharmacie de Reims',
      websiteUrl: 'https://pharmacie-de-reims.fr',
      address: { street: '12 Rue de Vesle', zipCode: '51100', city: 'Reims' },
      geoTag: { latitude: '49.2538', longitude: '4.0287' },
      hasAvailableSlot: true,
    },
    abc: {
      id: 'np16-pont-lorois-plouhinec',
      name: 'Pharmacie du Pont-Lorois',
      websiteUrl: 'https://np16-pont-lorois-plouhinec.epharmacie.pro',
      address: { street: '3 Route de Lorient', zipCode: '56680', city: 'Plouhinec' },
      geoTag: { latitude: 47.6897, longitude: -3.2103 },
    },
    'abc-again': {
      id: 'np16-pont-lorois-plouhinec',
      name: 'Pharmacie du Pont-Lorois',
      websiteUrl: 'https://np16-pont-lorois-plouhinec.epharmacie.pro',
      address: { street: '3 Route de Lorient', zipCode: '56680', city: 'Plouhinec' },
      geoTag: { latitude: 47.6897, longitude: -3.2103 },
    },
  });

  it('reads the object map, once per website', () => {
    expect(uniquePharmacies(map).pharmacies.map((pharmacy) => pharmacy.id)).toEqual([
      'ph34-reims',
      'np16-pont-lorois-plouhinec',
    ]);
  });

  it('builds the centre: Valwin id, department from the zip code, coordinates given as strings or numbers', () => {
    const [reims, plouhinec] = uniquePharmacies(map).pharmacies.map(pharmacyToCentre);
    expect(reims).toMatchObject({
      id: 'Valwinph34-reims',
      platform: 'valwin',
      kind: 'drugstore',
      address: '12 Rue de Vesle, 51100 Reims',
      postalCode: '51100',
      department: '51',
      location: { latitude: 49.2538, longitude: 4.0287 },
      bookingUrl: 'https://pharmacie-de-reims.fr',
      scanData: { pharmacyId: 'ph34-reims', websiteUrl: 'https://pharmacie-de-reims.fr' },
    });
    expect(plouhinec).toMatchObject({
      id: 'Valwinnp16-pont-lorois-plouhinec',
      department: '56',
      location: { latitude: 47.6897, longitude: -3.2103 },
    });
  });

  it('leaves the location out when a coordinate is not a number', () => {
    const [pharmacy] = uniquePharmacies(map).pharmacies;
    expect(pharmacyToCentre({ ...pharmacy!, geoTag: { latitude: '', longitude: 'n/a' } }).location).toBeNull();
  });
});

describe('Valwin slots -> slots', () => {
  it('reads naive times as Paris wall-clock time, on both sides of the autumn change', () => {
    const answer = readSlots(
      response(200, page([entry('2021-10-30T10:00:00'), entry('2021-11-02T10:00:00')])),
      AUTUMN,
      SITE,
    );
    expect(answer.kind === 'slots' && answer.slots.map((slot) => slot.start.toISOString())).toEqual([
      '2021-10-30T08:00:00.000Z',
      '2021-11-02T09:00:00.000Z',
    ]);
  });

  it('reads naive times on both sides of the spring change', () => {
    const spring: ScanWindow = { from: new Date('2021-03-25T00:00:00Z'), to: new Date('2021-04-01T00:00:00Z') };
    const answer = readSlots(
      response(200, page([entry('2021-03-27T09:30:00'), entry('2021-03-29T09:30:00')])),
      spring,
      SITE,
    );
    expect(answer.kind === 'slots' && answer.slots.map((slot) => slot.start.toISOString())).toEqual([
      '2021-03-27T08:30:00.000Z',
      '2021-03-29T07:30:00.000Z',
    ]);
  });

  it('knows AstraZeneca by its type id whatever the label or title, with doses [1, 2] and the deep link', () => {
    const answer = readSlots(response(200, page([entry('2021-10-29T10:00:00')])), AUTUMN, SITE);
    expect(answer).toEqual({
      kind: 'slots',
      slots: [
        {
          start: new Date('2021-10-29T08:00:00Z'),
          vaccine: 'AstraZeneca',
          doses: [1, 2],
          motive: 'Vaccin COVID-19',
          bookingUrl: `${SITE}/animation-details/${ASTRAZENECA_TYPE_ID}/1/60`,
        },
      ],
      problems: [],
    });
  });

  it('names other types by keyword: booster-capable brands [1, 2, 3], the last type deciding', () => {
    const answer = readSlots(
      response(
        200,
        page([
          entry('2021-10-29T10:00:00', [AZ_TYPE, PFIZER_TYPE]),
          entry('2021-10-29T11:00:00', [PFIZER_TYPE, AZ_TYPE]),
        ]),
      ),
      AUTUMN,
      SITE,
    );
    expect(answer.kind === 'slots' && answer.slots.map((slot) => [slot.vaccine, slot.doses, slot.bookingUrl])).toEqual([
      ['Pfizer-BioNTech', [1, 2, 3], `${SITE}/animations`],
      ['AstraZeneca', [1, 2], `${SITE}/animations`],
    ]);
  });

  it('does not read a vaccine into unrelated words', () => {
    expect(vaccineOfType({ id: 'x', label: 'Vaccination Covid Moderna' })).toBe('Moderna');
    expect(vaccineOfType({ id: 'x', label: 'Vaccination en Haute-Marne' })).toBe('unknown');
    expect(vaccineOfType({ id: 'x', label: 'Vaccin COVID-19' })).toBe('unknown');
  });

  it('falls back to the pharmacy site when an entry has no website', () => {
    const answer = readSlots(
      response(200, page([entry('2021-10-29T10:00:00', [PFIZER_TYPE], { websiteUrl: undefined })])),
      AUTUMN,
      'https://own.example.fr/',
    );
    expect(answer.kind === 'slots' && answer.slots[0]!.bookingUrl).toBe(
      `https://own.example.fr/animation-details/${PFIZER_TYPE.id}/1/60`,
    );
  });

  it('keeps only the window, since the platform returns every future slot', () => {
    const answer = readSlots(
      response(
        200,
        page([
          entry('2021-10-28T07:00:00'),
          entry('2021-10-28T08:00:00'),
          entry('2021-11-08T00:00:00'),
          entry('2021-11-20T10:00:00'),
        ]),
      ),
      AUTUMN,
      SITE,
    );
    expect(answer.kind === 'slots' && answer.slots.map((slot) => slot.start.toISOString())).toEqual([
      '2021-10-28T06:00:00.000Z',
    ]);
  });

  it('answers "no slot" for an empty page', () => {
    expect(readSlots(response(200, page([], 0)), AUTUMN, SITE)).toEqual({ kind: 'slots', slots: [], problems: [] });
  });

  it('leaves out an entry without type or with an unreadable time as a problem, keeping the other slots', () => {
    const answer = readSlots(
      response(
        200,
        page([
          entry('2021-10-29T10:00:00', []),
          entry('demain'),
          entry('2021-10-29T11:00:00'),
          entry('2021-10-29T12:00:00+02:00'),
        ]),
      ),
      AUTUMN,
      SITE,
    );
    // Naive times are Paris time (spec §7); one with an explicit offset is just as clear.
    expect(answer.kind === 'slots' && answer.slots.map((slot) => slot.start.toISOString())).toEqual([
      '2021-10-29T09:00:00.000Z',
      '2021-10-29T10:00:00.000Z',
    ]);
    expect(answer.kind === 'slots' && answer.problems.map((found) => found.kind)).toEqual(['invalid-item', 'bad-time']);
  });

  it('fails the centre on a drifted answer or one that is not JSON', () => {
    for (const body of [{ results: [] }, 'not json']) {
      expect(readSlots(response(200, body), AUTUMN, SITE)).toMatchObject({
        kind: 'issue',
        issue: { reason: 'parse-failure' },
      });
    }
  });

  it('reports 403 as blocked and other refusals as HTTP errors, with the platform message', () => {
    expect(readSlots(response(403, 'Forbidden'), AUTUMN, SITE)).toMatchObject({
      kind: 'issue',
      issue: { reason: 'blocked' },
    });
    const refused = readSlots(response(429, { message: 'Too many requests' }), AUTUMN, SITE);
    expect(refused).toMatchObject({ kind: 'issue', issue: { reason: 'http-error' } });
    expect(refused.kind === 'issue' && refused.issue.message).toMatch(/429: Too many requests/);
  });
});

describe('Valwin scan through a hand-made HTTP client', () => {
  it('sends one bare call and yields the slots', async () => {
    const [centre] = uniquePharmacies(
      valwinPharmacyMapSchema.parse({
        a: {
          id: 'ph34-reims',
          name: 'P',
          websiteUrl: SITE,
          address: { street: 's', zipCode: '51100', city: 'Reims' },
          geoTag: { latitude: 1, longitude: 2 },
        },
      }),
    ).pharmacies.map(pharmacyToCentre);
    const seen: Array<{ url: string; headers: unknown }> = [];
    const adapter = valwinModule.create({ baseUrls: { api: BASE } });
    const events: ScanEvent[] = [];
    const http = {
      request: async (request: { url: string; headers?: unknown }) => {
        seen.push({ url: request.url, headers: request.headers });
        return { ...response(200, page([entry('2021-10-29T10:00:00')])), url: request.url };
      },
    };
    for await (const event of adapter.scan(centre!, AUTUMN, {
      http,
      clock: new ManualClock(AUTUMN.from),
      log: silentLogger,
    }))
      events.push(event);
    expect(seen).toEqual([
      { url: `${BASE}/global/api/meetings/v2/ph34-reims/slots?pageSize=999999999`, headers: undefined },
    ]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'slots', slots: [{ vaccine: 'AstraZeneca' }] });
  });
});
