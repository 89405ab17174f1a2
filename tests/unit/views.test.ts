// Read-side answers from a hand-built snapshot: ordering, filters, past slots, stale centres.
import { describe, expect, it } from 'vitest';
import { centresFile } from '../../src/aggregator/open-data/centres.js';
import type { Snapshot } from '../../src/aggregator/read/read-model.js';
import type { StoredCentre, StoredSlot } from '../../src/aggregator/store/store.js';
import { departmentCentres, departmentsOverview } from '../../src/aggregator/read/views.js';

const now = Date.parse('2026-03-02T08:00:00Z');
const minutes = (n: number) => now + n * 60_000;

function centre(
  id: string,
  name: string,
  slots: StoredSlot[],
  lastSuccessAt: number | null = now - 60_000,
): StoredCentre {
  return {
    id,
    name,
    platform: 'doctolib',
    kind: 'vaccination-center',
    address: '1 rue X, 75001 Paris',
    postalCode: '75001',
    city: 'Paris',
    insee: '75056',
    department: '75',
    location: null,
    phone: null,
    businessHours: null,
    bookingUrl: `https://example.org/${id}`,
    atlasGid: null,
    scanData: null,
    firstSeenAt: 0,
    lastSeenAt: 0,
    lastCheckedAt: lastSuccessAt,
    lastSuccessAt,
    lastIssue: null,
    slots,
  };
}

function snapshot(centres: StoredCentre[]): Snapshot {
  return {
    version: '1',
    builtAt: now,
    centres,
    byId: new Map(centres.map((c) => [c.id, c])),
    byDepartment: new Map([['75', centres]]),
    lastCheckedAt: now,
    freshnessLimitMs: 30 * 60_000,
    history: { buckets: () => [] },
  };
}

const pfizer1 = (at: number): StoredSlot => ({ startAt: at, vaccine: 'Pfizer-BioNTech', doses: [1] });
const moderna3 = (at: number): StoredSlot => ({ startAt: at, vaccine: 'Moderna', doses: [3] });

const world = snapshot([
  centre('late', 'B centre', [pfizer1(minutes(300))]),
  centre('early', 'A centre', [pfizer1(minutes(-10)), moderna3(minutes(60)), pfizer1(minutes(120))]),
  centre('empty', 'C centre', []),
  centre('stale', 'D centre', [pfizer1(minutes(5))], now - 31 * 60_000),
  centre('never', 'E centre', [], null),
]);

describe('department centres', () => {
  it('sorts by soonest slot, skips slots that have begun, lists slotless and stale centres after', () => {
    const result = departmentCentres(world, '75', {}, now)!;
    expect(result.centers.map((c) => [c.id, c.slot_count, c.stale])).toEqual([
      ['early', 2, false],
      ['late', 1, false],
      ['empty', 0, false],
      ['stale', 0, true],
    ]);
    expect(result.centers[0]!.soonest_slot).toBe('2026-03-02T10:00:00+01:00');
    expect(result.centers[0]!.vaccines).toEqual(['Moderna', 'Pfizer-BioNTech']);
  });

  it('counts slots per Paris day, and sorts ties by distance when a point is given', () => {
    const result = departmentCentres(world, '75', {}, now)!;
    // 10:00 and 11:00 Paris on the 2nd (the 07:50 one has begun).
    expect(result.centers[0]!.days).toEqual([{ date: '2026-03-02', slot_count: 2 }]);
    const placed = (id: string, name: string, latitude: number) => ({
      ...centre(id, name, []),
      location: { latitude, longitude: 2.35 },
    });
    const near = snapshot([
      placed('far', 'A far', 49.5),
      placed('close', 'Z close', 48.86),
      centre('nowhere', 'B nowhere', []),
    ]);
    const sorted = departmentCentres(near, '75', { near: { latitude: 48.85, longitude: 2.35 } }, now)!;
    expect(sorted.centers.map((c) => [c.id, c.distance_km])).toEqual([
      ['close', 1.11],
      ['far', 72.28],
      ['nowhere', undefined],
    ]);
    expect(departmentCentres(near, '75', {}, now)!.centers.map((c) => c.id)).toEqual(['far', 'nowhere', 'close']);
  });

  it('filters by vaccine, dose and dates', () => {
    const moderna = departmentCentres(world, '75', { vaccine: 'Moderna' }, now)!;
    expect(moderna.centers.filter((c) => c.slot_count > 0).map((c) => c.id)).toEqual(['early']);
    const dose1 = departmentCentres(world, '75', { dose: 1 }, now)!;
    expect(dose1.centers.map((c) => [c.id, c.slot_count])).toContainEqual(['early', 1]);
    const window = departmentCentres(world, '75', { from: minutes(100), to: minutes(200) }, now)!;
    expect(window.centers.filter((c) => c.slot_count > 0).map((c) => c.id)).toEqual(['early']);
  });

  it("shows a stale centre's slots only when asked, flagged", () => {
    const result = departmentCentres(world, '75', { includeStale: true }, now)!;
    expect(result.centers[0]).toMatchObject({ id: 'stale', slot_count: 1, stale: true });
  });

  it('answers null for an unknown department', () => {
    expect(departmentCentres(world, '20', {}, now)).toBeNull();
  });

  it('counts only fresh centres with slots in the overview', () => {
    const paris = departmentsOverview(world, now).departments.find((d) => d.code === '75')!;
    expect(paris).toEqual({
      code: '75',
      name: 'Paris',
      center_count: 4,
      centers_with_slots: 2,
      soonest_slot: '2026-03-02T10:00:00+01:00',
    });
  });
});

describe('open-data centres file', () => {
  it('splits available and unavailable centres, leaves out stale and never-scanned ones', () => {
    const file = centresFile(world, now, '75');
    expect(file.centres_disponibles.map((c) => [c.internal_id, c.appointment_count, c.prochain_rdv])).toEqual([
      ['early', 2, '2026-03-02T10:00:00+01:00'],
      ['late', 1, '2026-03-02T14:00:00+01:00'],
    ]);
    expect(file.centres_indisponibles.map((c) => c.internal_id)).toEqual(['empty']);
    expect(file.centres_disponibles[0]).toMatchObject({
      plateforme: 'Doctolib',
      vaccine_type: ['Moderna', 'Pfizer-BioNTech'],
      erreur: null,
      appointment_by_phone_only: false,
    });
  });

  it('leaves out centres reserved to health professionals', () => {
    const reserved = snapshot([centre('pro', 'Centre réservé aux professionnels de santé', [pfizer1(minutes(30))])]);
    expect(centresFile(reserved, now).centres_disponibles).toEqual([]);
  });
});
