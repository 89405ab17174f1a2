// The Doctolib scan on hand-written answers: a scripted HTTP client is handed in through the context (no
// module mocking), so the exact requests and the issue for each platform answer can be checked.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import type { Centre, ScanEvent, ScanWindow } from '../../src/domain.js';
import { silentLogger } from '../../src/logger.js';
import type { ScrapeContext } from '../../src/scrapers/adapter.js';
import { doctolibModule } from '../../src/scrapers/doctolib/adapter.js';
import { HttpFailure, type HttpClient, type HttpRequest, type HttpResponse } from '../../src/scrapers/http.js';
import { addDaysToDate, parisMidnight } from '../../src/time.js';

const PARTNERS = 'https://partners.doctolib.fr';
type Answer = { status: number; body: unknown } | HttpFailure;

function scripted(answer: (url: string) => Answer): { http: HttpClient; requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  return {
    requests,
    http: {
      async request(request): Promise<HttpResponse> {
        requests.push(request);
        const reply = answer(request.url);
        if (reply instanceof HttpFailure) throw reply;
        return {
          url: request.url,
          status: reply.status,
          headers: {},
          body: typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body),
        };
      },
    },
  };
}

function context(http: HttpClient): ScrapeContext {
  return { http, clock: new ManualClock(new Date('2021-04-03T08:00:00Z')), log: silentLogger };
}

const booking = {
  visit_motive_categories: [],
  visit_motives: [{ id: 2, ref_visit_motive_id: 6970, name: '1re injection Pfizer', allow_new_patients: true }],
  agendas: [{ id: 3, booking_disabled: false, visit_motive_ids_by_practice_id: { '165752': [2] } }],
  places: [{ id: 'practice-165752', practice_ids: [165752], full_address: '1 Rue de la Gare, 07000 Privas' }],
};

function centre(scanBooking: unknown = booking): Centre {
  return {
    id: 'doctolib123456789pid165752',
    platform: 'doctolib',
    name: 'Centre 1',
    kind: 'vaccination-center',
    address: '1 Rue de la Gare, 07000 Privas',
    postalCode: '07000',
    city: 'Privas',
    insee: '07186',
    department: '07',
    location: null,
    phone: null,
    businessHours: null,
    bookingUrl: 'https://www.doctolib.fr/vaccination-covid-19/privas/centre1?pid=practice-165752',
    atlasGid: null,
    scanData: {
      bookingSlug: 'centre1',
      practiceId: 165752,
      address: '1 Rue de la Gare, 07000 Privas',
      booking: scanBooking,
    },
  };
}

function windowOf(date: string, days: number): ScanWindow {
  return { from: parisMidnight(date)!, to: parisMidnight(addDaysToDate(date, days))! };
}

async function collect(events: AsyncIterable<ScanEvent>): Promise<ScanEvent[]> {
  const all: ScanEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

const adapter = doctolibModule.create({
  baseUrls: { partners: PARTNERS, www: 'https://www.doctolib.fr' },
  partnerKey: 'secret-key',
});

describe('doctolib scan', () => {
  it('sends the worked example request with the partner key and reports the one future slot', async () => {
    const { http, requests } = scripted(() => ({
      status: 200,
      body: {
        availabilities: [
          { slots: [{ start_date: '2021-04-10T21:45:00.000+02:00' }, { start_date: '2021-03-25T21:45:00.000+02:00' }] },
        ],
        total: 2,
      },
    }));
    const events = await collect(adapter.scan(centre(), windowOf('2021-04-03', 11), context(http)));
    expect(requests.map((request) => request.url)).toEqual([
      `${PARTNERS}/availabilities.json?start_date=2021-04-03&` +
        `visit_motive_ids=2&agenda_ids=3&insurance_sector=public&` +
        `practice_ids=165752&destroy_temporary=true&limit=14`,
    ]);
    expect(requests[0]!.headers).toEqual({ 'User-Agent': 'secret-key' });
    expect(events).toEqual([
      {
        kind: 'slots',
        slots: [
          {
            start: new Date('2021-04-10T19:45:00Z'),
            vaccine: 'Pfizer-BioNTech',
            doses: [1],
            motive: '1re injection Pfizer',
          },
        ],
      },
    ]);
  });

  it('answers "no slot" on an empty page with a next_slot hint beyond the window', async () => {
    const { http, requests } = scripted(() => ({
      status: 200,
      body: {
        availabilities: [{ date: '2021-04-03', slots: [] }],
        total: 0,
        next_slot: '2021-05-10T09:00:00.000+02:00',
      },
    }));
    expect(await collect(adapter.scan(centre(), windowOf('2021-04-03', 11), context(http)))).toEqual([]);
    expect(requests).toHaveLength(1);
  });

  it('pages a window longer than a page, jumping to next_slot when it lies inside', async () => {
    const { http, requests } = scripted((url) => {
      const start = new URL(url).searchParams.get('start_date');
      if (start === '2021-04-03')
        return { status: 200, body: { availabilities: [], total: 0, next_slot: '2021-04-20T09:00:00.000+02:00' } };
      return {
        status: 200,
        body: { availabilities: [{ date: start, slots: [`${start}T10:00:00.000+02:00`] }], total: 1 },
      };
    });
    const events = await collect(adapter.scan(centre(), windowOf('2021-04-03', 30), context(http)));
    expect(requests.map((request) => new URL(request.url).searchParams.get('start_date'))).toEqual([
      '2021-04-03',
      '2021-04-20',
    ]);
    expect(events).toEqual([
      { kind: 'slots', slots: [expect.objectContaining({ start: new Date('2021-04-20T08:00:00Z') })] },
    ]);
  });

  it.each([
    ['403 anti-bot page', { status: 403, body: '<html>Anti dDos</html>' }, 'blocked'],
    ['400 refusal', { status: 400, body: { error: 'bad request' } }, 'blocked'],
    ['read timeout', new HttpFailure('timeout', 'timed out'), 'blocked'],
    ['server error', { status: 502, body: 'Bad gateway' }, 'http-error'],
    ['refused connection', new HttpFailure('network', 'ECONNREFUSED'), 'http-error'],
    // An HTML page where JSON was expected is a wall talking, not a malformed answer.
    ['body that is not JSON', { status: 200, body: '<html>' }, 'blocked'],
    ['body that is neither JSON nor HTML', { status: 200, body: 'oops' }, 'parse-failure'],
    ['schema drift', { status: 200, body: { availabilities: 'none' } }, 'parse-failure'],
  ] as const)('turns a %s into a %s issue', async (_, answer, reason) => {
    const { http } = scripted(() => answer);
    const events = await collect(adapter.scan(centre(), windowOf('2021-04-03', 11), context(http)));
    expect(events).toEqual([{ kind: 'issue', issue: expect.objectContaining({ reason }) }]);
  });

  it('asks nothing of a phone-only centre', async () => {
    const { http, requests } = scripted(() => ({ status: 500, body: '' }));
    const closed = { ...booking, agendas: [{ ...booking.agendas[0]!, booking_disabled: true }] };
    const events = await collect(adapter.scan(centre(closed), windowOf('2021-04-03', 11), context(http)));
    expect(events).toEqual([{ kind: 'issue', issue: expect.objectContaining({ reason: 'phone-only' }) }]);
    expect(requests).toEqual([]);
  });

  it('fetches the booking when the centre carries none, and reads a 403 there as blocked', async () => {
    const { http, requests } = scripted((url) =>
      url.includes('/booking/') ? { status: 403, body: 'Anti dDos' } : { status: 200, body: { availabilities: [] } },
    );
    const events = await collect(adapter.scan(centre(null), windowOf('2021-04-03', 11), context(http)));
    expect(requests.map((request) => request.url)).toEqual([`${PARTNERS}/booking/centre1.json`]);
    expect(events).toEqual([{ kind: 'issue', issue: expect.objectContaining({ reason: 'blocked' }) }]);
  });
});
