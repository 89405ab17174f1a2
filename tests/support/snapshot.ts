// Hand-built snapshots for unit tests of the pure read-side functions: no store, no clock, plain values.
import type { StatsBucket } from '../../src/aggregator/store/history-store.js';
import type { Snapshot } from '../../src/aggregator/read/read-model.js';
import type { StoredCentre, StoredSlot } from '../../src/aggregator/store/store.js';
import type { Dose, Vaccine } from '../../src/domain.js';

export const NOW = Date.parse('2026-03-02T08:00:00Z');
export const minutes = (n: number): number => NOW + n * 60_000;

export function slot(at: number, vaccine: Vaccine = 'Pfizer-BioNTech', doses: Dose[] = [1]): StoredSlot {
  return { startAt: at, vaccine, doses };
}

export function centre(id: string, overrides: Partial<StoredCentre> = {}): StoredCentre {
  return {
    id,
    platform: 'doctolib',
    name: `Centre ${id}`,
    kind: 'vaccination-center',
    address: `1 rue ${id}, 75001 Paris`,
    postalCode: '75001',
    city: 'Paris',
    insee: '75056',
    department: '75',
    location: { latitude: 48.8566, longitude: 2.3522 },
    phone: null,
    businessHours: null,
    bookingUrl: `https://example.org/${id}`,
    atlasGid: null,
    scanData: null,
    firstSeenAt: 0,
    lastSeenAt: 0,
    lastCheckedAt: NOW - 60_000,
    lastSuccessAt: NOW - 60_000,
    lastIssue: null,
    slots: [],
    ...overrides,
  };
}

export function snapshot(
  centres: StoredCentre[],
  history: { hour?: StatsBucket[]; day?: StatsBucket[] } = {},
): Snapshot {
  const byDepartment = new Map<string, StoredCentre[]>();
  for (const c of centres) {
    if (!c.department) continue;
    byDepartment.set(c.department, [...(byDepartment.get(c.department) ?? []), c]);
  }
  return {
    version: '1',
    builtAt: NOW,
    centres,
    byId: new Map(centres.map((c) => [c.id, c])),
    byDepartment,
    lastCheckedAt: NOW,
    freshnessLimitMs: 30 * 60_000,
    history: { buckets: (granularity) => history[granularity] ?? [] },
  };
}
