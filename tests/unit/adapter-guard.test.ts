// The shared checks every platform's output goes through (src/scrapers/guard.ts, instant.ts) and the
// shared pipeline that applies them (platform-pipeline.ts), on hand-made values and a hand-made platform.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../../src/clock.js';
import type { Centre, Slot } from '../../src/domain.js';
import { silentLogger } from '../../src/logger.js';
import type { ScrapeContext } from '../../src/scrapers/adapter.js';
import { checkBookingUrl, guardCentre, isPlausibleLocation, SlotGuard } from '../../src/scrapers/guard.js';
import type { HttpClient } from '../../src/scrapers/http.js';
import { readInstant } from '../../src/scrapers/instant.js';
import { definePlatform, DiscoveryIncomplete } from '../../src/scrapers/platform-pipeline.js';
import type { ItemIssue } from '../../src/scrapers/problems.js';

const MAIIA = ['www.maiia.com'];

describe('booking links', () => {
  it.each([
    ['https://www.maiia.com/centre/x?centerid=1', true],
    ['https://www.maiia.com@127.0.0.2/', false],
    ['https://user:pw@www.maiia.com/', false],
    ['javascript:alert(1)', false],
    ['JavaScript:alert(1)//https://www.maiia.com', false],
    ['http://www.maiia.com/x', false],
    ['https://www.maiia.com:8443/x', false],
    ['https://maiia.com.evil.example/x', false],
    ['https://evil.example/?u=https://www.maiia.com', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['/centre/x', false],
  ])('%s on Maiia is safe: %s', (url, safe) => {
    expect(checkBookingUrl(url, MAIIA).ok).toBe(safe);
  });

  it('takes suffix rules, any public host for pharmacy sites, and the configured origin', () => {
    expect(checkBookingUrl('https://pharmacie-x.epharmacie.pro/a', ['*.epharmacie.pro']).ok).toBe(true);
    expect(checkBookingUrl('https://epharmacie.pro.evil.example/a', ['*.epharmacie.pro']).ok).toBe(false);
    expect(checkBookingUrl('https://pharmacie-de-reims.fr/', ['*']).ok).toBe(true);
    expect(checkBookingUrl('https://127.0.0.2/', ['*']).ok).toBe(false);
    expect(checkBookingUrl('https://localhost/', ['*']).ok).toBe(false);
    expect(checkBookingUrl('http://127.0.0.1:4001/centre', MAIIA, ['http://127.0.0.1:4001']).ok).toBe(true);
    expect(checkBookingUrl('http://127.0.0.1:4002/centre', MAIIA, ['http://127.0.0.1:4001']).ok).toBe(false);
    expect(checkBookingUrl(null, MAIIA)).toMatchObject({ ok: false, problem: { kind: 'missing-url' } });
    expect(checkBookingUrl('  ', MAIIA)).toMatchObject({ ok: false, problem: { kind: 'missing-url' } });
  });
});

describe('places', () => {
  it('keeps French places and refuses the rest, overseas collectivities by range only', () => {
    expect(isPlausibleLocation({ latitude: 48.85, longitude: 2.35 }, '75')).toBe(true);
    expect(isPlausibleLocation({ latitude: 41.92, longitude: 8.74 }, '2A')).toBe(true);
    expect(isPlausibleLocation({ latitude: -21.0, longitude: 55.27 }, '974')).toBe(true);
    expect(isPlausibleLocation({ latitude: -12.78, longitude: 45.23 }, '976')).toBe(true);
    expect(isPlausibleLocation({ latitude: 4.93, longitude: -52.33 }, '973')).toBe(true);
    expect(isPlausibleLocation({ latitude: -17.53, longitude: -149.57 }, 'om')).toBe(true);
    expect(isPlausibleLocation({ latitude: 1e308, longitude: 1e308 }, '75')).toBe(false);
    expect(isPlausibleLocation({ latitude: Number.NaN, longitude: 2 }, '75')).toBe(false);
    expect(isPlausibleLocation({ latitude: 0, longitude: 0 }, '75')).toBe(false);
    expect(isPlausibleLocation({ latitude: 91, longitude: 0 }, 'om')).toBe(false);
    // Latitude and longitude swapped: a point in Somalia.
    expect(isPlausibleLocation({ latitude: 2.35, longitude: 48.85 }, '75')).toBe(false);
  });

  const centre: Centre = {
    id: 'maiia1',
    platform: 'maiia',
    name: 'C',
    kind: 'vaccination-center',
    address: 'a',
    postalCode: '75011',
    city: 'Paris',
    insee: '75111',
    department: '75',
    location: { latitude: 48.85, longitude: 2.37 },
    phone: null,
    businessHours: null,
    bookingUrl: 'https://www.maiia.com/c',
    atlasGid: null,
    scanData: {},
  };

  it('drops what cannot reach users and keeps the rest of the centre', () => {
    expect(guardCentre(centre, MAIIA)).toEqual({ centre, problems: [] });
    for (const department of ['99', '20', '2C', '']) {
      const guarded = guardCentre({ ...centre, department }, MAIIA);
      expect(guarded.centre?.department).toBeNull();
      expect(guarded.problems.map((problem) => problem.kind)).toEqual(['unknown-department']);
    }
    expect(guardCentre({ ...centre, location: { latitude: 1e308, longitude: 2 } }, MAIIA)).toMatchObject({
      centre: { location: null },
      problems: [{ kind: 'bad-coordinates' }],
    });
    expect(guardCentre({ ...centre, bookingUrl: 'https://www.maiia.com@127.0.0.2/' }, MAIIA)).toMatchObject({
      centre: null,
      problems: [{ kind: 'unsafe-url' }],
    });
  });
});

describe('instants', () => {
  it('reads explicit zones, Paris time only where the spec says so, and says why not', () => {
    expect(readInstant('2021-04-20T16:53:00.000000+0200', 'refuse', 'x')).toEqual({
      ok: true,
      instant: new Date('2021-04-20T14:53:00Z'),
    });
    expect(readInstant('2021-05-13T13:40:00.000Z', 'refuse', 'x')).toEqual({
      ok: true,
      instant: new Date('2021-05-13T13:40:00Z'),
    });
    expect(readInstant('2021-09-17T10:00:00', 'paris', 'x')).toEqual({
      ok: true,
      instant: new Date('2021-09-17T08:00:00Z'),
    });
    expect(readInstant('2021-01-17T10:00:00', 'paris', 'x')).toEqual({
      ok: true,
      instant: new Date('2021-01-17T09:00:00Z'),
    });
    expect(readInstant('2021-09-17T10:00:00', 'refuse', 'x')).toMatchObject({
      ok: false,
      problem: { kind: 'naive-time' },
    });
    expect(readInstant('demain', 'paris', 'x')).toMatchObject({ ok: false, problem: { kind: 'bad-time' } });
    expect(readInstant('2021-13-45T10:00:00Z', 'refuse', 'x')).toMatchObject({
      ok: false,
      problem: { kind: 'bad-time' },
    });
  });
});

describe('slots of one scan', () => {
  const slot = (minute: number, extra: Partial<Slot> = {}): Slot => ({
    start: new Date(Date.UTC(2021, 4, 1, 8, minute)),
    vaccine: 'Moderna',
    doses: [1],
    motive: 'm',
    ...extra,
  });

  it('collapses copies across batches, keeps slots that differ, and says so once', () => {
    const guard = new SlotGuard(100, MAIIA, []);
    const first = guard.keep(Array.from({ length: 50 }, () => slot(0)));
    const second = guard.keep([slot(0), slot(0, { motive: 'other' }), slot(5)]);
    expect(first.slots).toHaveLength(1);
    expect(second.slots).toHaveLength(2);
    expect(guard.finish('c')).toEqual([{ kind: 'duplicate-slot', message: 'c: 50 duplicate slot(s) collapsed' }]);
  });

  it('keeps places of one time apart when the platform names them', () => {
    const guard = new SlotGuard(100, MAIIA, []);
    expect(guard.keep([slot(0), slot(0), slot(0)], ['a', 'b', 'c']).slots).toHaveLength(3);
    expect(guard.keep([slot(0)], ['a']).slots).toHaveLength(0);
  });

  it('caps the slots of a centre, drops invalid instants and unsafe slot links', () => {
    const guard = new SlotGuard(3, MAIIA, []);
    const kept = guard.keep([
      ...Array.from({ length: 10 }, (_, index) => slot(index)),
      slot(30, { start: new Date(Number.NaN) }),
      slot(40, { bookingUrl: 'javascript:alert(1)' }),
    ]);
    expect(kept.slots).toHaveLength(3);
    expect(kept.problems.map((problem) => problem.kind)).toEqual(['bad-time']);
    expect(guard.finish('c').map((problem) => problem.kind)).toEqual(['slot-cap', 'unsafe-url']);
  });
});

describe('the shared pipeline around a platform', () => {
  const http: HttpClient = { request: () => Promise.reject(new Error('no network in this test')) };
  const centre = (id: string, department: string | null, bookingUrl = `https://book.example.org/${id}`): Centre => ({
    id,
    platform: 'valwin',
    name: id,
    kind: 'drugstore',
    address: '',
    postalCode: null,
    city: null,
    insee: null,
    department,
    location: null,
    phone: null,
    businessHours: null,
    bookingUrl,
    atlasGid: null,
    scanData: { key: id },
  });
  const module = definePlatform<'api', { key: string }>({
    id: 'valwin',
    label: 'Valwin',
    liveBaseUrls: { api: 'https://api.example.org' },
    bookingHosts: ['book.example.org'],
    scanData: z.object({ key: z.string() }),
    connect: () => ({
      async *discover() {
        yield { kind: 'centre', centre: centre('a', '75') };
        yield { kind: 'problem', problem: { kind: 'invalid-item', message: 'odd entry' } };
        yield { kind: 'centre', centre: centre('a', '75') };
        yield { kind: 'centre', centre: centre('b', '13') };
        yield { kind: 'centre', centre: centre('c', '75', 'javascript:alert(1)') };
        yield { kind: 'failure', message: 'page 2: HTTP 500' };
      },
      async *scan(_centre, data) {
        yield { kind: 'problem', problem: { kind: 'naive-time', message: data.key } };
        yield {
          kind: 'slots',
          slots: [{ start: new Date('2021-05-01T08:00:00Z'), vaccine: 'Moderna', doses: [1], motive: 'm' }],
        };
      },
    }),
  });

  function context(issues: ItemIssue[], departments?: string[]): ScrapeContext {
    return {
      http,
      clock: new ManualClock(new Date('2021-05-01T06:00:00Z')),
      log: silentLogger,
      report: (issue) => issues.push(issue),
      ...(departments ? { departments } : {}),
    };
  }

  it('filters departments, yields each centre once, reports problems, and fails an incomplete discovery', async () => {
    const issues: ItemIssue[] = [];
    const adapter = module.create({ baseUrls: { api: 'https://api.example.org' } });
    const found: string[] = [];
    await expect(
      (async () => {
        for await (const one of adapter.discover(context(issues, ['75']))) found.push(one.id);
      })(),
    ).rejects.toThrow(DiscoveryIncomplete);
    expect(found).toEqual(['a']);
    expect(issues).toEqual([
      { platform: 'valwin', kind: 'invalid-item', message: 'odd entry' },
      { platform: 'valwin', kind: 'unsafe-url', message: 'c: not https: javascript:alert(1)' },
    ]);
  });

  it('checks stored scan data before the platform sees it', async () => {
    const issues: ItemIssue[] = [];
    const adapter = module.create({ baseUrls: { api: 'https://api.example.org' } });
    const events = [];
    for await (const event of adapter.scan(
      { ...centre('a', '75'), scanData: { other: 1 } },
      { from: new Date(0), to: new Date('2030-01-01') },
      context(issues),
    ))
      events.push(event);
    expect(events).toMatchObject([{ kind: 'issue', issue: { reason: 'parse-failure' } }]);
    const good = [];
    for await (const event of adapter.scan(
      centre('a', '75'),
      { from: new Date(0), to: new Date('2030-01-01') },
      context(issues),
    ))
      good.push(event);
    expect(good).toMatchObject([{ kind: 'slots', slots: [{ vaccine: 'Moderna' }] }]);
    expect(issues).toEqual([{ platform: 'valwin', kind: 'naive-time', message: 'a' }]);
  });

  it(
    'reads an answer or a listing of which most items could not be read as ' + 'a changed shape, not as fewer items',
    async () => {
      const drifted = definePlatform<'api', { key: string }>({
        id: 'valwin',
        label: 'Valwin',
        liveBaseUrls: { api: 'https://api.example.org' },
        bookingHosts: ['book.example.org'],
        scanData: z.object({ key: z.string() }),
        connect: () => ({
          async *discover() {
            yield { kind: 'problem', problem: { kind: 'invalid-item', message: 'pharmacy a: name missing' } };
            yield { kind: 'problem', problem: { kind: 'invalid-item', message: 'pharmacy b: name missing' } };
          },
          async *scan() {
            yield { kind: 'problem', problem: { kind: 'invalid-item', message: 'slot: start missing' } };
            yield { kind: 'slots', slots: [] };
          },
        }),
      });
      const adapter = drifted.create({ baseUrls: { api: 'https://api.example.org' } });
      const issues: ItemIssue[] = [];
      await expect(
        (async () => {
          for await (const _ of adapter.discover(context(issues))) void _;
        })(),
      ).rejects.toThrow(/2 item\(s\) of the listing could not be read, 0 could \(pharmacy a: name missing\)/);
      const events = [];
      for await (const event of adapter.scan(
        centre('a', '75'),
        { from: new Date(0), to: new Date('2030-01-01') },
        context(issues),
      ))
        events.push(event);
      expect(events.at(-1)).toMatchObject({
        kind: 'issue',
        issue: {
          reason: 'parse-failure',
          message: 'a: 1 item(s) of the answer could not be read, 0 could (slot: start missing)',
        },
      });
    },
  );
});
