// Search across centres from hand-built snapshots: place filters, true distance, soonest-first order,
// cursor pages, and the one-centre view with its sources.
import { describe, expect, it } from 'vitest';
import { centreDetail } from '../../src/aggregator/read/centre-detail.js';
import { distanceKm } from '../../src/geo.js';
import { isInPlace } from '../../src/aggregator/read/place.js';
import { decodeCursor, encodeCursor, soonestSlots } from '../../src/aggregator/read/search.js';
import { departmentCentres } from '../../src/aggregator/read/views.js';
import { centre, minutes, NOW, slot, snapshot } from '../support/snapshot.js';

const PARIS = { latitude: 48.8566, longitude: 2.3522 };
const VERSAILLES = { latitude: 48.8049, longitude: 2.1204 };
const LYON = { latitude: 45.764, longitude: 4.8357 };

const world = snapshot([
  centre('paris', { slots: [slot(minutes(-5)), slot(minutes(30), 'Moderna', [3]), slot(minutes(90))] }),
  centre('versailles', {
    department: '78',
    insee: '78646',
    postalCode: '78000',
    city: 'Versailles',
    location: VERSAILLES,
    platform: 'maiia',
    kind: 'drugstore',
    slots: [slot(minutes(10), 'Pfizer-BioNTech', ['1_kid']), slot(minutes(30), 'Pfizer-BioNTech', [1, 2])],
  }),
  centre('lyon', {
    department: '69',
    insee: '69123',
    postalCode: '69001',
    city: 'Lyon',
    location: LYON,
    slots: [slot(minutes(20)), slot(minutes(2000))],
  }),
  centre('nowhere', { location: null, slots: [slot(minutes(40))] }),
  centre('stale', { lastSuccessAt: NOW - 3_600_000, slots: [slot(minutes(1))] }),
  centre('reserved', { name: 'Centre réservé aux professionnels de santé', slots: [slot(minutes(2))] }),
  centre('never', { lastSuccessAt: null, lastCheckedAt: null, slots: [] }),
]);

const ids = (page: ReturnType<typeof soonestSlots>) =>
  page.slots.map((hit) => `${hit.center.id}@${(Date.parse(hit.start) - NOW) / 60_000}`);

describe('distance', () => {
  it('is the great-circle distance', () => {
    expect(distanceKm(PARIS, LYON)).toBeGreaterThan(390);
    expect(distanceKm(PARIS, LYON)).toBeLessThan(393);
    expect(distanceKm(PARIS, VERSAILLES)).toBeCloseTo(17.91, 2);
    expect(distanceKm(PARIS, PARIS)).toBe(0);
  });

  it('a radius keeps centres within it, drops the ones without coordinates', () => {
    const near = { latitude: PARIS.latitude, longitude: PARIS.longitude, radiusKm: 20 };
    expect(
      isInPlace({ department: '78', insee: null, postalCode: null, platform: 'maiia', location: VERSAILLES }, { near }),
    ).toBe(true);
    expect(
      isInPlace(
        { department: '78', insee: null, postalCode: null, platform: 'maiia', location: VERSAILLES },
        { near: { ...near, radiusKm: 17 } },
      ),
    ).toBe(false);
    expect(
      isInPlace({ department: '75', insee: null, postalCode: null, platform: 'maiia', location: null }, { near }),
    ).toBe(false);
  });
});

describe('soonest slots', () => {
  it('lists every public, fresh slot that has not begun, soonest first', () => {
    expect(ids(soonestSlots(world, {}, { limit: 50 }, NOW))).toEqual([
      'versailles@10',
      'lyon@20',
      'paris@30',
      'versailles@30',
      'nowhere@40',
      'paris@90',
      'lyon@2000',
    ]);
  });

  it('shows stale centres only when asked, flagged', () => {
    const page = soonestSlots(world, { includeStale: true }, { limit: 1 }, NOW);
    expect(page.slots[0]!.center).toMatchObject({ id: 'stale', stale: true });
  });

  it('filters by department, commune, postal code, platform, vaccine, dose and time', () => {
    const search = (filter: Parameters<typeof soonestSlots>[1]) => ids(soonestSlots(world, filter, { limit: 50 }, NOW));
    expect(search({ department: '69' })).toEqual(['lyon@20', 'lyon@2000']);
    expect(search({ commune: '78646' })).toEqual(['versailles@10', 'versailles@30']);
    expect(search({ postalCode: '78000' })).toEqual(['versailles@10', 'versailles@30']);
    expect(search({ platform: 'maiia', dose: 2 })).toEqual(['versailles@30']);
    expect(search({ dose: '1_kid' })).toEqual(['versailles@10']);
    expect(search({ vaccine: 'Moderna' })).toEqual(['paris@30']);
    expect(search({ from: minutes(30), to: minutes(90) })).toEqual(['paris@30', 'versailles@30', 'nowhere@40']);
  });

  it('filters by true distance and gives it', () => {
    const page = soonestSlots(world, { near: { ...PARIS, radiusKm: 25 } }, { limit: 50 }, NOW);
    expect(ids(page)).toEqual(['versailles@10', 'paris@30', 'versailles@30', 'paris@90']);
    expect(page.slots[0]!.distance_km).toBeCloseTo(17.91, 2);
    expect(page.slots[1]!.distance_km).toBe(0);
    const unbounded = soonestSlots(world, { near: PARIS }, { limit: 50 }, NOW);
    expect(unbounded.slots.find((hit) => hit.center.id === 'nowhere')!.distance_km).toBeUndefined();
    expect(unbounded.slots.find((hit) => hit.center.id === 'lyon')!.distance_km).toBeGreaterThan(390);
  });

  it('walks pages with a cursor: the same slots as one page, none twice', () => {
    const whole = ids(soonestSlots(world, {}, { limit: 50 }, NOW));
    const walked: string[] = [];
    let page = soonestSlots(world, {}, { limit: 2 }, NOW);
    for (let guard = 0; guard < 10; guard += 1) {
      walked.push(...ids(page));
      if (!page.next_cursor) break;
      page = soonestSlots(world, {}, { limit: 2, after: decodeCursor(page.next_cursor)! }, NOW);
    }
    expect(walked).toEqual(whole);
    expect(page.next_cursor).toBeNull();
  });

  it('reads back only its own cursors', () => {
    const cursor = { startAt: NOW, centreId: 'a', vaccine: 'Moderna', dosesKey: '1,2' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    for (const bad of [
      '',
      'not a cursor',
      '!!!',
      Buffer.from('[1,2]').toString('base64url'),
      Buffer.from('{"a":1}').toString('base64url'),
      'x'.repeat(500),
    ]) {
      expect(decodeCursor(bad)).toBeNull();
    }
  });
});

describe('department centres with place filters', () => {
  it('gives distances when a point is given, and honours the radius', () => {
    const result = departmentCentres(world, '75', { near: { ...VERSAILLES, radiusKm: 30 } }, NOW)!;
    expect(result.centers.map((c) => [c.id, c.distance_km])).toEqual([
      ['paris', 17.91],
      ['stale', 17.91],
    ]);
    const all = departmentCentres(world, '75', {}, NOW)!;
    expect(all.centers.every((c) => c.distance_km === undefined)).toBe(true);
    expect(all.centers.map((c) => c.id)).not.toContain('reserved');
  });
});

describe('one centre', () => {
  // The same place on Keldoc: same spot, the same phone written another way (a generic name alone is no evidence).
  const phone = { phone: '+33140000000' };
  const twin = centre('twin', {
    platform: 'keldoc',
    name: 'Centre paris',
    bookingUrl: 'https://keldoc.example/twin',
    ...phone,
    slots: [slot(minutes(15))],
  });
  const neighbour = centre('neighbour', {
    platform: 'maiia',
    name: 'Centre paris',
    phone: '+33140000001',
    slots: [slot(minutes(16))],
  });
  const withTwin = snapshot([
    ...world.centres.map((c) => (c.id === 'paris' ? { ...c, phone: '01 40 00 00 00' } : c)),
    twin,
    neighbour,
  ]);

  it('groups upcoming slots by Paris day and tells how fresh they are', () => {
    const { detail } = centreDetail(world, 'lyon', {}, NOW)!;
    expect(detail.days.map((day) => [day.date, day.slot_count])).toEqual([
      ['2026-03-02', 1],
      ['2026-03-03', 1],
    ]);
    expect(detail.freshness).toMatchObject({ age_seconds: 60, stale: false, last_issue: null });
    expect(detail.soonest_slot).toBe('2026-03-02T09:20:00+01:00');
  });

  it('lists the same place on other platforms as sources', () => {
    const { detail } = centreDetail(withTwin, 'paris', {}, NOW)!;
    expect(detail.sources.map((source) => [source.id, source.platform, source.slot_count])).toEqual([
      ['paris', 'doctolib', 2],
      ['twin', 'keldoc', 1],
    ]);
  });

  it('knows nothing of unknown or reserved centres', () => {
    expect(centreDetail(world, 'missing', {}, NOW)).toBeNull();
    expect(centreDetail(world, 'reserved', {}, NOW)).toBeNull();
  });
});
