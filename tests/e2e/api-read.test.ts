// The read side over real HTTP and a real SQLite file seeded with the synthetic world as a perfect scraper
// would see it: search, centre detail, statistics and history, open data, export, caching headers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportOpenData } from '../../src/aggregator/open-data/export.js';
import { openDataFiles } from '../../src/aggregator/open-data/files.js';
import { distanceKm } from '../../src/geo.js';
import { communesOfPostalCode } from '../../src/departments.js';
import type { Slot } from '../../src/domain.js';
import { toParisIso } from '../../src/time.js';
import { seedFromWorld, type SeededCentre } from '../support/seed.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

interface Hit {
  start: string;
  vaccine: string;
  doses: unknown[];
  center: { id: string; stale: boolean };
  distance_km?: number;
}
interface Page {
  slots: Hit[];
  next_cursor: string | null;
}

describe('the read API over a seeded store', () => {
  let env: TestSystem;
  let seeded: SeededCentre[];
  let now: number;

  beforeAll(async () => {
    env = await startTestSystem(undefined, { centresPerDepartment: 3 });
    seeded = seedFromWorld(env.system.store, env.world, env.clock.now());
    // Written behind the read model's back: it follows the change log on a timer; make it look now.
    env.system.readModel.settle();
    now = env.clock.now().getTime();
  });
  afterAll(() => env.close());

  const json = async <T>(url: string): Promise<T> => {
    const response = await env.get(url);
    expect(response.status, url).toBe(200);
    return (await response.json()) as T;
  };

  /** Every slot a perfect search offers, soonest first, in the API's own tie order. */
  function expectedSlots(
    keep: (entry: SeededCentre) => boolean,
    keepSlot: (slot: Slot) => boolean = () => true,
  ): string[] {
    return seeded
      .filter((entry) => entry.listed && !entry.stale && keep(entry))
      .flatMap((entry) =>
        entry.slots
          .filter((slot) => slot.start.getTime() >= now && keepSlot(slot))
          .map((slot) => ({ id: entry.centre.id, slot })),
      )
      .sort(
        (a, b) =>
          a.slot.start.getTime() - b.slot.start.getTime() ||
          (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) ||
          (a.slot.vaccine < b.slot.vaccine ? -1 : 1),
      )
      .map(({ id, slot }) => `${id}@${toParisIso(slot.start)}`);
  }

  async function walk(query: string, limit = 200): Promise<string[]> {
    const found: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await json<Page>(`/api/v1/slots?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      found.push(...page.slots.map((hit) => `${hit.center.id}@${hit.start}`));
      cursor = page.next_cursor;
    } while (cursor);
    return found;
  }

  it('offers the soonest slots of France first, exactly as the truth has them', async () => {
    const page = await json<Page>('/api/v1/slots');
    expect(page.slots).toHaveLength(50);
    expect(page.slots.map((hit) => `${hit.center.id}@${hit.start}`)).toEqual(expectedSlots(() => true).slice(0, 50));
    expect(page.next_cursor).toEqual(expect.any(String));
  });

  it('walks a department page by page to the last slot', async () => {
    const walked = await walk('department=13', 37);
    expect(walked.length).toBeGreaterThan(37);
    expect(walked).toEqual(expectedSlots((entry) => entry.centre.department === '13'));
  });

  it('finds slots within a true radius, with their distance', async () => {
    const origin = seeded.find((entry) => entry.centre.department === '69')!.centre.location!;
    const query = `lat=${origin.latitude}&lon=${origin.longitude}&radius_km=30&vaccine=Pfizer-BioNTech&dose=1`;
    const walked = await walk(query);
    expect(walked.length).toBeGreaterThan(0);
    expect(walked).toEqual(
      expectedSlots(
        (entry) => distanceKm(origin, entry.centre.location!) <= 30,
        (slot) => slot.vaccine === 'Pfizer-BioNTech' && slot.doses.includes(1),
      ),
    );
    const page = await json<Page>(`/api/v1/slots?${query}`);
    for (const hit of page.slots) expect(hit.distance_km).toBeLessThanOrEqual(30);
  });

  it('filters by commune and by postal code', async () => {
    const target = seeded.find(
      (entry) => entry.listed && !entry.stale && entry.slots.length > 0 && entry.centre.department === '33',
    )!.centre;
    expect(await walk(`commune=${target.insee}`)).toEqual(
      expectedSlots((entry) => entry.centre.insee === target.insee),
    );
    const byPostalCode = (entry: SeededCentre) =>
      entry.centre.postalCode === target.postalCode ||
      communesOfPostalCode(target.postalCode!).includes(entry.centre.insee!);
    expect(await walk(`postal_code=${target.postalCode}`)).toEqual(expectedSlots(byPostalCode));
  });

  it('only slots in the time window asked for', async () => {
    const walked = await walk('department=75&from=2026-03-03T14:00&to=2026-03-04');
    const bounds = [Date.parse('2026-03-03T13:00:00Z'), Date.parse('2026-03-04T23:00:00Z')];
    expect(walked).toEqual(
      expectedSlots((entry) => entry.centre.department === '75').filter((key) => {
        const at = Date.parse(key.split('@')[1]!);
        return at >= bounds[0]! && at < bounds[1]!;
      }),
    );
  });

  it('gives department centres a distance when a point is given', async () => {
    const { centers } = await json<{ centers: Array<{ id: string; distance_km?: number }> }>(
      '/api/v1/departments/75/centers?lat=48.85&lon=2.35',
    );
    expect(centers.length).toBeGreaterThan(0);
    for (const centre of centers) expect(centre.distance_km).toEqual(expect.any(Number));
  });

  it('shows one centre with its slots by day, its sources and its freshness', async () => {
    const entry = seeded.find((e) => e.listed && !e.stale && e.slots.length > 3)!;
    const detail = await json<{
      slot_count: number;
      days: Array<{ date: string; slot_count: number }>;
      freshness: { stale: boolean; age_seconds: number };
      sources: Array<{ id: string }>;
    }>(`/api/v1/centers/${entry.centre.id}`);
    expect(detail.slot_count).toBe(entry.slots.filter((slot) => slot.start.getTime() >= now).length);
    expect(detail.days.reduce((sum, day) => sum + day.slot_count, 0)).toBe(detail.slot_count);
    expect(detail.freshness).toMatchObject({ stale: false, age_seconds: 60 });
    expect(detail.sources[0]!.id).toBe(entry.centre.id);
    // A place listed on two platforms shows both listings as its sources.
    const twinKeys = env.world.listings.filter(
      (listing, i, all) => all.findIndex((other) => other.centre.key === listing.centre.key) !== i,
    );
    const twin = twinKeys
      .map((listing) => seeded.find((e) => e.centre.bookingUrl.endsWith(`/${listing.key}`))!)
      .find((e) => e.listed)!;
    const twinDetail = await json<{ sources: Array<{ platform: string }> }>(`/api/v1/centers/${twin.centre.id}`);
    expect(twinDetail.sources).toHaveLength(2);
    expect((await env.get('/api/v1/centers/doctolib999999')).status).toBe(404);
  });

  it('counts centres and slots in the statistics as the truth does', async () => {
    const stats = await json<{
      national: { centers: number; centers_with_slots: number; stale_centers: number; slots: number };
    }>('/api/v1/stats');
    const fresh = seeded.filter((entry) => entry.listed && !entry.stale);
    expect(stats.national).toMatchObject({
      centers: fresh.length,
      centers_with_slots: fresh.filter((entry) => entry.slots.some((slot) => slot.start.getTime() >= now)).length,
      stale_centers: seeded.filter((entry) => entry.listed && entry.stale).length,
      slots: fresh.reduce((sum, entry) => sum + entry.slots.filter((slot) => slot.start.getTime() >= now).length, 0),
    });
  });

  it('answers statistics as CSV by suffix or by Accept', async () => {
    const bySuffix = await env.get('/api/v1/stats.csv');
    expect(bySuffix.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await bySuffix.text()).trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + 1 + 102);
    expect(lines[0]!.startsWith('scope,code,name,centers,centers_with_slots,stale_centers,slots,')).toBe(true);
    expect(lines[1]!.startsWith('national,FR,France,')).toBe(true);
    const byAccept = await env.get('/api/v1/stats', { accept: 'text/csv' });
    expect(byAccept.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(byAccept.headers.get('vary')).toMatch(/Accept/);
  });

  it('keeps a history of samples, hourly and daily, as JSON and CSV', async () => {
    env.system.statsRecorder.record();
    env.clock.advance(3_600_000);
    env.system.statsRecorder.record();
    const hourly = await json<{ points: Array<{ at: string; samples: number; figures: Record<string, number> }> }>(
      '/api/v1/stats/history',
    );
    expect(hourly.points.map((point) => point.at)).toEqual(['2026-03-02T08:00:00+01:00', '2026-03-02T09:00:00+01:00']);
    expect(hourly.points[0]!.figures.centers).toBeGreaterThan(0);
    const daily = await json<{ points: Array<{ samples: number }> }>(
      '/api/v1/stats/history?granularity=day&department=75',
    );
    expect(daily.points).toEqual([expect.objectContaining({ samples: 2 })]);
    const csv = await (await env.get('/api/v1/stats/history.csv?granularity=hour')).text();
    expect(csv.split('\r\n')[0]!.startsWith('at,samples,centers,')).toBe(true);
    const byDate = await json<{ dates: string[]; total_centres: number[] }>('/vitemadose/stats_by_date.json');
    expect(byDate.dates).toEqual(['2026-03-02 08:00:00', '2026-03-02 09:00:00']);
    env.clock.set(new Date(now));
  });

  it('serves every open-data file of the catalogue, consistent with each other', async () => {
    for (const file of openDataFiles()) {
      const response = await env.get(`/vitemadose/${file.path}`);
      expect(response.status, file.path).toBe(200);
      await response.json();
    }
    const info = await json<{
      centres_disponibles: Array<{ appointment_count: number; departement: string }>;
      centres_indisponibles: unknown[];
    }>('/vitemadose/info_centres.json');
    const stats =
      await json<Record<string, { disponibles: number; total: number; creneaux: number }>>('/vitemadose/stats.json');
    expect(stats.tout_departement).toEqual({
      disponibles: info.centres_disponibles.length,
      total: info.centres_disponibles.length + info.centres_indisponibles.length,
      creneaux: info.centres_disponibles.reduce((sum, centre) => sum + centre.appointment_count, 0),
    });
    const paris = info.centres_disponibles.filter((centre) => centre.departement === '75');
    expect(stats['75']!.creneaux).toBe(paris.reduce((sum, centre) => sum + centre.appointment_count, 0));
    const daily = await json<{ creneaux_quotidiens: Array<{ total: number }> }>(
      '/vitemadose/75/creneaux-quotidiens.json',
    );
    expect(daily.creneaux_quotidiens).toHaveLength(12);
    expect(daily.creneaux_quotidiens.reduce((sum, day) => sum + day.total, 0)).toBe(stats['75']!.creneaux);
  });

  it('exports the same files, with .gz siblings and an index page', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'export-test-'));
    const written = await exportOpenData(env.system.readModel, out);
    expect(written).toHaveLength(openDataFiles().length + 1);
    const served = await (await env.get('/vitemadose/13/creneaux-quotidiens.json')).text();
    expect(fs.readFileSync(path.join(out, '13', 'creneaux-quotidiens.json'), 'utf8')).toBe(served);
    expect(gunzipSync(fs.readFileSync(path.join(out, 'stats.json.gz'))).toString()).toBe(
      fs.readFileSync(path.join(out, 'stats.json'), 'utf8'),
    );
    expect(fs.readFileSync(path.join(out, 'index.html'), 'utf8')).toContain(
      '<a href="info_centres.json">info_centres.json</a>',
    );
  });

  it('is embeddable: CORS, preflight, ETag and 304, CDN-friendly Cache-Control, gzip', async () => {
    const first = await env.get('/api/v1/slots?department=75', { 'accept-encoding': 'gzip' });
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    expect(first.headers.get('cache-control')).toMatch(/max-age=\d+.*stale-while-revalidate=\d+/);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"/);
    const again = await env.get('/api/v1/slots?department=75', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    const preflight = await fetch(`${env.system.apiUrl}/api/v1/slots`, {
      method: 'OPTIONS',
      headers: { origin: 'https://example.org', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, HEAD, OPTIONS');
    const error = await env.get('/api/v1/slots?radius_km=5');
    expect(error.status).toBe(400);
    expect(error.headers.get('cache-control')).toBe('no-store');
    expect(await error.json()).toEqual({
      error: { code: 'invalid_parameter', message: 'radius_km: needs lat and lon' },
    });
  });
});
