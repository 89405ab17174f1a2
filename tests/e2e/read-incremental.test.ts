// The incremental read side over a real SQLite file: a change in one department rebuilds that department
// only, and after a random (seeded) series of scans every answer it serves equals, byte for byte, the one a
// model built from scratch serves, and the one the pure functions compute from the whole store at once.
import { describe, expect, it } from 'vitest';
import { centresFile } from '../../src/aggregator/open-data/centres.js';
import { hotKeys } from '../../src/aggregator/read/hot-answers.js';
import { ReadModel, type Snapshot } from '../../src/aggregator/read/read-model.js';
import { soonestSlots } from '../../src/aggregator/read/search.js';
import { statsNow } from '../../src/aggregator/read/stats.js';
import { departmentCentres, departmentsOverview } from '../../src/aggregator/read/views.js';
import type { StoredCentre } from '../../src/aggregator/store/store.js';
import { Store } from '../../src/aggregator/store/store.js';
import { ManualClock } from '../../src/clock.js';
import { DEPARTMENTS } from '../../src/departments.js';
import type { Centre, Slot } from '../../src/domain.js';
import { randomFor } from '../../src/sandbox/random.js';
import { createWorld } from '../../src/sandbox/world.js';
import { seedFromWorld } from '../support/seed.js';
import { temporaryDatabasePath } from '../support/system.js';

const FRESHNESS_MS = 30 * 60_000;
const START = new Date('2026-03-02T08:00:00Z');

function setUp() {
  const store = new Store(temporaryDatabasePath());
  const clock = new ManualClock(START);
  const world = createWorld({ centresPerDepartment: 2, seed: 7 });
  const seeded = seedFromWorld(store, world, clock.now());
  return { store, clock, seeded };
}

/** What a hot key holds, as text. */
function hot(model: ReadModel, key: string): string {
  return model
    .answer(key, () => {
      throw new Error(`${key} is not a hot answer`);
    })
    .body.toString();
}

/** Every hot answer of the model, by key. */
function allHot(model: ReadModel): Map<string, string> {
  const keys = [
    ...DEPARTMENTS.flatMap((department) => [
      hotKeys.departmentCentres(department.code),
      hotKeys.openData(`${department.code}.json`),
    ]),
    hotKeys.overview,
    hotKeys.stats('json'),
    hotKeys.stats('csv'),
    ...['info_centres.json', 'stats.json', 'stats_by_vaccine.json', 'centres_open_data.json', 'departements.json'].map(
      hotKeys.openData,
    ),
  ];
  return new Map(keys.map((key) => [key, hot(model, key)]));
}

/** The whole store as one plain snapshot, the way the former read model built it. */
function plainSnapshot(store: Store, now: number): Snapshot {
  const centres = store.snapshot(0);
  const byDepartment = new Map<string, StoredCentre[]>();
  for (const centre of centres)
    if (centre.department)
      byDepartment.set(centre.department, [...(byDepartment.get(centre.department) ?? []), centre]);
  const lastCheckedAt = centres.reduce<number | null>(
    (max, centre) =>
      centre.lastCheckedAt !== null && (max === null || centre.lastCheckedAt > max) ? centre.lastCheckedAt : max,
    null,
  );
  return {
    version: 'plain',
    builtAt: now,
    centres,
    byId: new Map(centres.map((c) => [c.id, c])),
    byDepartment,
    lastCheckedAt,
    freshnessLimitMs: FRESHNESS_MS,
    history: { buckets: () => [] },
  };
}

/** A scan of a centre: some of its slots kept, some new ones, sometimes an issue. */
function randomScan(
  random: () => number,
  now: number,
): { kind: 'slots'; slots: Slot[] } | { kind: 'issue'; issue: { reason: 'timeout'; message: string } } {
  if (random() < 0.15) return { kind: 'issue', issue: { reason: 'timeout', message: 'slow' } };
  const count = Math.floor(random() * 12);
  const slots: Slot[] = Array.from({ length: count }, () => ({
    start: new Date(now + Math.floor(random() * 5 * 24 * 12) * 5 * 60_000 + 60_000),
    vaccine: random() < 0.5 ? 'Pfizer-BioNTech' : 'Moderna',
    doses: random() < 0.3 ? [1, 2] : [1],
    motive: random() < 0.5 ? 'a' : 'b',
  }));
  return { kind: 'slots', slots };
}

describe('the incremental read side', () => {
  it('rebuilds only the department a change touched', () => {
    const { store, clock, seeded } = setUp();
    const model = new ReadModel(store, clock, FRESHNESS_MS);
    model.settle();
    const target = seeded.find((entry) => entry.listed && entry.centre.department === '13')!.centre;
    const before = model.rebuilds.length;

    clock.advance(1_000);
    store.recordScan(
      target,
      {
        kind: 'slots',
        slots: [{ start: new Date(clock.now().getTime() + 3_600_000), vaccine: 'Moderna', doses: [1], motive: 'new' }],
      },
      clock.now().getTime(),
      1,
    );
    model.settle();
    expect(model.rebuilds.slice(before)).toEqual(['13']);
    const centres = JSON.parse(hot(model, hotKeys.departmentCentres('13'))) as {
      centers: Array<{ id: string; slot_count: number }>;
    };
    expect(centres.centers.find((centre) => centre.id === target.id)?.slot_count).toBe(1);

    // Nothing written: nothing rebuilt.
    const after = model.rebuilds.length;
    model.settle();
    expect(model.rebuilds.length).toBe(after);

    // A centre moving department rebuilds both.
    const moved: Centre = { ...target, department: '2A' };
    store.upsertCentres([moved], clock.now().getTime());
    model.settle();
    expect(model.rebuilds.slice(after).sort()).toEqual(['13', '2A']);
    store.close();
  });

  it(
    'serves, after a random series of scans, the same bytes as a model ' +
      'built from scratch and as the pure functions',
    () => {
      const { store, clock, seeded } = setUp();
      const model = new ReadModel(store, clock, FRESHNESS_MS);
      model.settle();
      const random = randomFor('read-incremental', 'series');
      const centres = seeded.map((entry) => entry.centre);
      for (let round = 0; round < 6; round += 1) {
        clock.advance(Math.floor(random() * 10) * 60_000);
        for (let i = 0; i < 25; i += 1) {
          const centre = centres[Math.floor(random() * centres.length)]!;
          store.recordScan(centre, randomScan(random, clock.now().getTime()), clock.now().getTime(), 1);
        }
        // Half the rounds are followed by the timer's refresh only, then settled; half settled directly.
        if (round % 2 === 0) model.refresh();
        model.settle();

        const fresh = new ReadModel(store, clock, FRESHNESS_MS);
        fresh.settle();
        const incremental = allHot(model);
        const scratch = allHot(fresh);
        for (const [key, body] of scratch) expect(incremental.get(key), `${key} after round ${round}`).toBe(body);

        const now = clock.now().getTime();
        const plain = plainSnapshot(store, now);
        expect(incremental.get(hotKeys.openData('info_centres.json'))).toBe(JSON.stringify(centresFile(plain, now)));
        expect(JSON.parse(incremental.get(hotKeys.stats('json'))!)).toEqual(statsNow(plain, now));
        expect(JSON.parse(incremental.get(hotKeys.overview)!)).toEqual({
          departments: departmentsOverview(plain, now).departments,
        });
        for (const department of DEPARTMENTS) {
          const own = departmentCentres(plain, department.code, {}, now)!;
          expect(incremental.get(hotKeys.departmentCentres(department.code)), department.code).toBe(
            JSON.stringify({ department: own.department, centers: own.centers }),
          );
          expect(incremental.get(hotKeys.openData(`${department.code}.json`))).toBe(
            JSON.stringify(centresFile(plain, now, department.code)),
          );
        }
        for (const filter of [{}, { vaccine: 'Moderna' as const }, { dose: 2 as const, department: '75' }]) {
          expect(soonestSlots(model.current(), filter, { limit: 50 }, now)).toEqual(
            soonestSlots(plain, filter, { limit: 50 }, now),
          );
        }
      }
      store.close();
    },
  );

  it('rebuilds from scratch once when the change log was pruned past its position', () => {
    const { store, clock, seeded } = setUp();
    const model = new ReadModel(store, clock, FRESHNESS_MS);
    model.settle();
    const centre = seeded.find((entry) => entry.listed && entry.centre.department === '75')!.centre;
    for (let i = 0; i < 5; i += 1) {
      clock.advance(60_000);
      store.recordScan(
        centre,
        {
          kind: 'slots',
          slots: [
            {
              start: new Date(clock.now().getTime() + (i + 1) * 3_600_000),
              vaccine: 'Moderna',
              doses: [1],
              motive: 'm',
            },
          ],
        },
        clock.now().getTime(),
        1,
      );
    }
    store.pruneChangeLog({ maxAgeMs: 0, maxRows: 1 }, clock.now().getTime());
    const before = model.rebuilds.length;
    model.settle();
    // Every department again (a full reload), and the answer shows the last scan.
    expect(model.rebuilds.length - before).toBeGreaterThan(90);
    const fresh = new ReadModel(store, clock, FRESHNESS_MS);
    expect(hot(model, hotKeys.departmentCentres('75'))).toBe(hot(fresh, hotKeys.departmentCentres('75')));
    store.close();
  });

  it('hands the fast lane prepared bytes for hot paths only, with gzip and an ETag', () => {
    const { store, clock } = setUp();
    const model = new ReadModel(store, clock, FRESHNESS_MS);
    model.settle();
    for (const path of [
      '/api/v1/departments/75/centers',
      '/vitemadose/75.json',
      '/vitemadose/info_centres.json',
      '/api/v1/departments',
    ]) {
      const answer = model.preparedAnswer(path);
      expect(answer, path).not.toBeNull();
      expect(answer!.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
      expect(answer!.gzip.length).toBeGreaterThan(0);
    }
    expect(model.preparedAnswer('/api/v1/departments/75/centers?vaccine=Moderna')).toBeNull();
    expect(model.preparedAnswer('/api/v1/departments/00/centers')).toBeNull();
    expect(model.preparedAnswer('/vitemadose/stats_by_date.json')).toBeNull();
    store.close();
  });
});
