// Bimedoc's answers, hand-written in the shapes of the recorded responses (spec/platforms/bimedoc.md).
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import type { ScanEvent, ScanWindow } from '../../src/domain.js';
import { silentLogger } from '../../src/logger.js';
import { bimedocModule } from '../../src/scrapers/bimedoc/adapter.js';
import { pharmacyToCentre, readAvailability } from '../../src/scrapers/bimedoc/parse.js';
import {
  bimedocHeaders,
  BIMEDOC_SANDBOX_PARTNER_KEY,
  dateRangeFrom,
  pharmacyDetailsUrl,
  pharmacyListUrl,
  pharmacySlotsUrl,
} from '../../src/scrapers/bimedoc/request.js';
import { bimedocPharmacySchema } from '../../src/scrapers/bimedoc/schema.js';
import { HttpFailure, type HttpClient, type HttpResponse } from '../../src/scrapers/http.js';

const UUID = '9cf46288-0080-4a8d-8856-8e9998ced9f7';
const BASE = 'https://server.bimedoc.com';

// Trimmed from the recorded slots_available.json.
const PHARMACY = {
  id: UUID,
  name: 'Pharmacie de Thêatre | Silvie',
  coordinates: [2.252316, 50.750673],
  // Real records carry the number in `street` too; the spec's address never uses `building_number`.
  building_number: '51',
  street: '51 Place du Marechal Foch',
  city: 'Saint-Omer',
  postcode: '62500',
  phone_number: '0321382253',
  vaccine_names: ['COMIRNATY Pfizer-BioNTech'],
  slots: [
    { vaccine_name: 'COMIRNATY Pfizer-BioNTech', datetime: '2021-08-11T08:15:00Z' },
    { vaccine_name: 'COMIRNATY Pfizer-BioNTech', datetime: '2021-08-11T08:20:00Z' },
  ],
};

const WINDOW: ScanWindow = { from: new Date('2021-08-10T08:00:00Z'), to: new Date('2021-08-20T22:00:00Z') };

function response(status: number, body: unknown): HttpResponse {
  return {
    url: `${BASE}/vmd/pharmacy-with-slots/${UUID}`,
    status,
    headers: {},
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

describe('Bimedoc requests', () => {
  const range = dateRangeFrom('2021-08-10');

  it('asks for today .. today + 11 days', () => {
    expect(range).toEqual({ startDate: '2021-08-10', endDate: '2021-08-21' });
    expect(pharmacyListUrl(BASE, range)).toBe(
      `${BASE}/vmd/pharmacy-with-slots?start_date=2021-08-10&end_date=2021-08-21`,
    );
  });

  it('puts a trailing slash before the query in discovery only', () => {
    expect(pharmacyDetailsUrl(BASE, UUID, range)).toBe(
      `${BASE}/vmd/pharmacy-with-slots/${UUID}/?start_date=2021-08-10&end_date=2021-08-21`,
    );
    expect(pharmacySlotsUrl(`${BASE}/`, UUID, range)).toBe(
      `${BASE}/vmd/pharmacy-with-slots/${UUID}?start_date=2021-08-10&end_date=2021-08-21`,
    );
  });

  it('authorises as a partner, with the configured key or the documented sandbox default', () => {
    expect(bimedocHeaders('s3cret')).toEqual({ Authorization: 'Partner s3cret' });
    expect(bimedocHeaders(undefined)).toEqual({ Authorization: `Partner ${BIMEDOC_SANDBOX_PARTNER_KEY}` });
    expect(bimedocHeaders('  ')).toEqual({ Authorization: `Partner ${BIMEDOC_SANDBOX_PARTNER_KEY}` });
  });
});

describe('Bimedoc pharmacy -> centre', () => {
  it('reads the recorded pharmacy as the reference centre-list record does', () => {
    const centre = pharmacyToCentre(bimedocPharmacySchema.parse(PHARMACY));
    expect(centre).toMatchObject({
      id: `bimedoc${UUID}`,
      platform: 'bimedoc',
      name: 'Pharmacie de Thêatre | Silvie',
      kind: 'drugstore',
      address: '51 Place du Marechal Foch, 62500 Saint-Omer',
      postalCode: '62500',
      city: 'Saint-Omer',
      department: '62',
      location: { longitude: 2.252316, latitude: 50.750673 },
      phone: '+33321382253',
      bookingUrl: `https://app.bimedoc.com/application/scheduler/${UUID}?vmd=true`,
      scanData: { uuid: UUID },
    });
  });

  it('copes with missing coordinates, number and phone', () => {
    const centre = pharmacyToCentre(
      bimedocPharmacySchema.parse({
        ...PHARMACY,
        coordinates: null,
        building_number: null,
        street: '51 Place du Marechal Foch',
        phone_number: '',
      }),
    );
    expect(centre.location).toBeNull();
    expect(centre.phone).toBeNull();
    expect(centre.address).toBe('51 Place du Marechal Foch, 62500 Saint-Omer');
  });
});

describe('Bimedoc availability -> slots', () => {
  it('turns each listed slot into one slot at its UTC instant, Pfizer tagged with every dose', () => {
    const answer = readAvailability(response(200, PHARMACY), WINDOW);
    expect(answer).toEqual({
      kind: 'slots',
      slots: [
        {
          start: new Date('2021-08-11T08:15:00Z'),
          vaccine: 'Pfizer-BioNTech',
          doses: [1, 2, 3],
          motive: 'COMIRNATY Pfizer-BioNTech',
        },
        {
          start: new Date('2021-08-11T08:20:00Z'),
          vaccine: 'Pfizer-BioNTech',
          doses: [1, 2, 3],
          motive: 'COMIRNATY Pfizer-BioNTech',
        },
      ],
      problems: [],
    });
  });

  it('names vaccines by keyword: booster-capable brands get [1, 2, 3], others [1, 2]', () => {
    const slots = ['SPIKEVAX Moderna', 'VAXZEVRIA AstraZeneca', 'COVID-19 Vaccine Janssen', 'Vaccin de la Marne'].map(
      (vaccine_name, index) => ({
        vaccine_name,
        datetime: `2021-08-12T0${index}:00:00Z`,
      }),
    );
    const answer = readAvailability(response(200, { slots }), WINDOW);
    expect(answer.kind === 'slots' && answer.slots.map((slot) => [slot.vaccine, slot.doses])).toEqual([
      ['Moderna', [1, 2, 3]],
      ['AstraZeneca', [1, 2]],
      ['Janssen', [1, 2]],
      // "Marne" holds "arn" but names no vaccine.
      ['unknown', [1, 2]],
    ]);
  });

  it('keeps only the slots of the window', () => {
    const slots = [
      { vaccine_name: 'COMIRNATY Pfizer-BioNTech', datetime: '2021-08-10T07:59:00Z' },
      { vaccine_name: 'COMIRNATY Pfizer-BioNTech', datetime: '2021-08-10T08:00:00Z' },
      { vaccine_name: 'COMIRNATY Pfizer-BioNTech', datetime: '2021-08-20T22:00:00Z' },
    ];
    const answer = readAvailability(response(200, { slots }), WINDOW);
    expect(answer.kind === 'slots' && answer.slots.map((slot) => slot.start.toISOString())).toEqual([
      '2021-08-10T08:00:00.000Z',
    ]);
  });

  it('reads {"slots": []} and an empty body as "answered, no slot"', () => {
    expect(readAvailability(response(200, { slots: [] }), WINDOW)).toEqual({ kind: 'slots', slots: [], problems: [] });
    expect(readAvailability(response(200, ''), WINDOW)).toEqual({ kind: 'slots', slots: [], problems: [] });
  });

  it('lists a centre answering 403 as unavailable: an explicit "no slot", not an issue', () => {
    expect(
      readAvailability(response(403, { detail: 'You do not have permission to perform this action.' }), WINDOW),
    ).toEqual({ kind: 'slots', slots: [], problems: [] });
  });

  it('drops the centre on any other refusal', () => {
    for (const status of [401, 404, 429, 500, 503]) {
      const answer = readAvailability(response(status, { detail: 'x' }), WINDOW);
      expect(answer).toMatchObject({ kind: 'issue', issue: { reason: 'http-error' } });
    }
  });

  it('refuses an offset-less datetime and a drifted slot as problems, keeping the other slots', () => {
    const answer = readAvailability(
      response(200, {
        slots: [
          { vaccine_name: 'COMIRNATY Pfizer-BioNTech', datetime: '2021-08-11T08:15:00' },
          { vaccine: 'Pfizer', date: '2021-08-11' },
          { vaccine_name: 'COMIRNATY Pfizer-BioNTech', datetime: '2021-08-11T08:20:00Z' },
          { vaccine_name: 'COMIRNATY Pfizer-BioNTech', datetime: '2021-08-11T08:25:00Z' },
          { vaccine_name: 'COMIRNATY Pfizer-BioNTech', datetime: '2021-08-11T08:30:00Z' },
        ],
      }),
      WINDOW,
    );
    expect(answer.kind === 'slots' && answer.slots.map((slot) => slot.start.toISOString())).toEqual([
      '2021-08-11T08:20:00.000Z',
      '2021-08-11T08:25:00.000Z',
      '2021-08-11T08:30:00.000Z',
    ]);
    expect(answer.kind === 'slots' && answer.problems.map((problem) => problem.kind)).toEqual([
      'naive-time',
      'invalid-item',
    ]);
  });

  it('reads an answer most of whose slots cannot be read as a changed shape, not as fewer slots', () => {
    const drifted = readAvailability(
      response(200, {
        slots: [
          { vaccine: 'Pfizer', datetime: '2021-08-11T08:15:00Z' },
          { vaccine: 'Pfizer', datetime: '2021-08-11T08:20:00Z' },
          { vaccine_name: 'Pfizer', datetime: '2021-08-11T08:25:00Z' },
        ],
      }),
      WINDOW,
    );
    expect(drifted).toMatchObject({
      kind: 'issue',
      issue: { reason: 'parse-failure', message: expect.stringContaining('2 of 3 item(s) could not be read') },
    });
  });

  it('tells an HTML page from a malformed answer, and a drifted answer from an empty one', () => {
    expect(readAvailability(response(200, '<html><title>Bad gateway</title></html>'), WINDOW)).toMatchObject({
      kind: 'issue',
      issue: { reason: 'blocked', message: expect.stringContaining('Bad gateway') },
    });
    expect(readAvailability(response(200, 'oops'), WINDOW)).toMatchObject({
      kind: 'issue',
      issue: { reason: 'parse-failure' },
    });
    expect(readAvailability(response(200, { availability: [] }), WINDOW)).toMatchObject({
      kind: 'issue',
      issue: { reason: 'parse-failure' },
    });
  });
});

describe('Bimedoc scan through a hand-made HTTP client', () => {
  const centre = pharmacyToCentre(bimedocPharmacySchema.parse(PHARMACY));
  const clock = new ManualClock(new Date('2021-08-10T08:00:00Z'));

  async function scanWith(http: HttpClient): Promise<ScanEvent[]> {
    const adapter = bimedocModule.create({ baseUrls: { server: BASE }, partnerKey: 'k' });
    const events: ScanEvent[] = [];
    for await (const event of adapter.scan(centre, WINDOW, { http, clock, log: silentLogger })) events.push(event);
    return events;
  }

  it('sends one authorised call over the window and yields nothing on a 403', async () => {
    const seen: Array<{ url: string; headers: unknown }> = [];
    const events = await scanWith({
      request: async (request) => {
        seen.push({ url: request.url, headers: request.headers });
        return { ...response(403, { detail: 'Forbidden' }), url: request.url };
      },
    });
    expect(events).toEqual([]);
    expect(seen).toEqual([
      {
        url: `${BASE}/vmd/pharmacy-with-slots/${UUID}?start_date=2021-08-10&end_date=2021-08-21`,
        headers: { Authorization: 'Partner k' },
      },
    ]);
  });

  it('turns a timeout into a timeout issue instead of throwing', async () => {
    const events = await scanWith({
      request: async () => {
        throw new HttpFailure('timeout', 'timed out');
      },
    });
    expect(events).toEqual([{ kind: 'issue', issue: { reason: 'timeout', message: 'timed out' } }]);
  });
});
