// A department's rebuild makes again only what changed, over a real SQLite file: each centre's share of the
// figures and its entry in the centres files are cached by its state, whether it is stale, how many of its slots
// have not begun and the Paris day, and what is assembled from them stays equal to a build from scratch (the
// pure functions over the whole store) as scans come in, slots begin, centres go stale and days turn.
import { describe, expect, it } from 'vitest';
import { centresFile } from '../../src/aggregator/open-data/centres.js';
import { buildDepartment, hotKeys, NO_CACHE, type DepartmentBuild } from '../../src/aggregator/read/hot-answers.js';
import { ReadModel } from '../../src/aggregator/read/read-model.js';
import { figuresOf } from '../../src/aggregator/read/stats.js';
import { Store } from '../../src/aggregator/store/store.js';
import { ManualClock } from '../../src/clock.js';
import type { Centre, Slot } from '../../src/domain.js';
import { createWorld } from '../../src/sandbox/world.js';
import { seedFromWorld } from '../support/seed.js';
import { temporaryDatabasePath } from '../support/system.js';

const FRESHNESS_MS = 6 * 3_600_000;
const START = new Date('2026-03-02T08:00:00Z');
const CODE = '13';

function setUp() {
  const store = new Store(temporaryDatabasePath());
  const clock = new ManualClock(START);
  const seeded = seedFromWorld(store, createWorld({ centresPerDepartment: 12, seed: 7 }), clock.now());
  const own = seeded.filter((entry) => entry.listed && !entry.stale && entry.centre.department === CODE);
  return { store, clock, target: own[0]!.centre, other: own[1]!.centre };
}

/** A scan of `centre` finding `count` slots, the first `firstInMs` from now, ten minutes apart. */
function scan(store: Store, clock: ManualClock, centre: Centre, count: number, firstInMs = 3_600_000): void {
  const now = clock.now().getTime();
  const slots: Slot[] = Array.from({ length: count }, (_, i) => ({
    start: new Date(now + firstInMs + i * 600_000),
    vaccine: i % 2 === 0 ? 'Moderna' : 'Pfizer-BioNTech',
    doses: [1],
    motive: 'm',
  }));
  store.recordScan(centre, { kind: 'slots', slots }, now, 1);
}

/** The centres whose parts a build made again (not the cached objects of `before`). */
function remade(build: DepartmentBuild, before: DepartmentBuild): string[] {
  return [...build.cache.centres]
    .filter(([id, part]) => before.cache.centres.get(id) !== part)
    .map(([id]) => id)
    .sort();
}

/** The build's figures and `{code}.json` equal those of the pure functions over the whole department. */
function expectScratch(model: ReadModel, build: DepartmentBuild, now: number): void {
  const snapshot = model.current();
  expect(build.part.figures).toEqual(figuresOf(snapshot, snapshot.byDepartment.get(CODE)!, now));
  const file = build.answers.get(hotKeys.openData(`${CODE}.json`))!;
  expect(file.body.toString()).toBe(JSON.stringify(centresFile(snapshot, now, CODE)));
  expect(file.soonestSlotAt ?? null).toBe(
    Date.parse(centresFile(snapshot, now, CODE).centres_disponibles[0]?.prochain_rdv ?? '') || null,
  );
}

describe("a department's centre parts", () => {
  it('are made again only for the centres a change or time touched, and sum to the figures from scratch', () => {
    const { store, clock, target, other } = setUp();
    const model = new ReadModel(store, clock, FRESHNESS_MS, { prepareAnswers: false });
    const build = (previous: DepartmentBuild | null, now: number) =>
      buildDepartment(model.current(), CODE, now, previous?.cache ?? NO_CACHE);
    let now = clock.now().getTime();
    const first = build(null, now);
    expect(first.cache.centres.size).toBeGreaterThan(5);
    expectScratch(model, first, now);

    // Nothing changed: every part is the cached one.
    const again = build(first, now);
    expect(remade(again, first)).toEqual([]);
    expectScratch(model, again, now);

    // One centre scanned: only its part is made again.
    scan(store, clock, target, 6);
    model.refresh();
    const scanned = build(again, now);
    expect(remade(scanned, again)).toEqual([target.id]);
    expectScratch(model, scanned, now);

    // Its first slot begins (the other centre's begin later): only its part again.
    scan(store, clock, other, 3, 5 * 3_600_000);
    model.refresh();
    let previous = build(scanned, now);
    clock.advance(3_600_000 + 1);
    now = clock.now().getTime();
    const begun = build(previous, now);
    expect(remade(begun, previous)).toContain(target.id);
    expect(remade(begun, previous)).not.toContain(other.id);
    expectScratch(model, begun, now);

    // Time moves on: centres go stale, then the Paris day turns (the day windows of every centre move).
    previous = begun;
    for (const step of [20 * 60_000, 3 * 3_600_000, 14 * 3_600_000]) {
      clock.advance(step);
      now = clock.now().getTime();
      const later = build(previous, now);
      expectScratch(model, later, now);
      previous = later;
    }
    store.close();
  });

  it('leave out of the files a centre gone stale, and count it apart in the figures', () => {
    const { store, clock, target } = setUp();
    const model = new ReadModel(store, clock, FRESHNESS_MS, { prepareAnswers: false });
    scan(store, clock, target, 4);
    model.refresh();
    const now = clock.now().getTime();
    const fresh = buildDepartment(model.current(), CODE, now);
    expect(fresh.cache.centres.get(target.id)?.entry?.entry.appointment_count).toBe(4);
    const later = now + FRESHNESS_MS + 1;
    const stale = buildDepartment(model.current(), CODE, later, fresh.cache);
    expect(stale.cache.centres.get(target.id)?.entry).toBeNull();
    expect(stale.part.figures.stale_centers).toBeGreaterThan(fresh.part.figures.stale_centers);
    expectScratch(model, stale, later);
    store.close();
  });

  it('are made again when the Paris day turns, though no slot began and no centre went stale', () => {
    const { store, clock, target } = setUp();
    const model = new ReadModel(store, clock, FRESHNESS_MS, { prepareAnswers: false });
    // 23:00 in Paris; the slots start a day and two hours later, after tomorrow's midnight.
    clock.advance(14 * 3_600_000);
    scan(store, clock, target, 4, 26 * 3_600_000);
    model.refresh();
    const evening = buildDepartment(model.current(), CODE, clock.now().getTime());
    expect(evening.cache.centres.get(target.id)?.mark).toBe(4);
    clock.advance(2 * 3_600_000);
    const now = clock.now().getTime();
    const night = buildDepartment(model.current(), CODE, now, evening.cache);
    expect(night.cache.centres.get(target.id)?.mark).toBe(4);
    expect(remade(night, evening)).toContain(target.id);
    expectScratch(model, night, now);
    store.close();
  });
});
