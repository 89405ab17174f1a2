// One place, one entry, end to end: the sandbox world's listings written to a real SQLite store as a perfect
// scraper sees them, the department answers read over HTTP, and every pair of listings judged against the
// world's ground truth (sandbox/truth.ts placeOf): a true merge, a miss (one place shown twice) or a false
// merge (two places shown as one). The world holds true duplicates (another platform, another spelling,
// coordinates a few metres off) and near misses (a neighbour in the same building, the same name in
// another town). Open-data files keep one record per platform centre.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPARTMENTS } from '../../src/departments.js';
import { placeOf } from '../../src/sandbox/truth.js';
import { seedFromWorld, type SeededCentre } from '../support/seed.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

interface Entry {
  id: string;
  slot_count: number;
  sources: Array<{ center_id: string; platform: string; booking_url: string; slot_count: number }>;
}

describe('one place, one entry, against the ground truth', () => {
  let env: TestSystem;
  let seeded: SeededCentre[];
  /** Listed centre id -> its true place and what kind of listing it is. */
  const truth = new Map<string, { place: string; key: string }>();
  const entries: Entry[] = [];

  beforeAll(async () => {
    env = await startTestSystem(undefined, { centresPerDepartment: 3 });
    seeded = seedFromWorld(env.system.store, env.world, env.clock.now());
    env.system.readModel.settle();
    env.world.listings.forEach((listing, i) => {
      if (seeded[i]!.listed) truth.set(seeded[i]!.centre.id, { place: placeOf(listing), key: listing.centre.key });
    });
    for (const department of DEPARTMENTS) {
      const response = await env.get(`/api/v1/departments/${department.code}/centers`);
      expect(response.status).toBe(200);
      entries.push(...((await response.json()) as { centers: Entry[] }).centers);
    }
  });
  afterAll(() => env.close());

  it('merges every true duplicate and nothing else', () => {
    const entryOf = new Map<string, number>();
    entries.forEach((entry, index) => {
      for (const source of entry.sources) entryOf.set(source.center_id, index);
    });
    // Every listed listing is a source of exactly one entry.
    expect([...entryOf.keys()].sort()).toEqual([...truth.keys()].sort());
    expect(entries.reduce((sum, entry) => sum + entry.sources.length, 0)).toBe(truth.size);
    const ids = [...truth.keys()];
    let trueMerges = 0;
    let misses = 0;
    let falseMerges = 0;
    const missed: string[] = [];
    const wronglyMerged: string[] = [];
    for (let i = 0; i < ids.length; i += 1) {
      for (let j = i + 1; j < ids.length; j += 1) {
        const [a, b] = [ids[i]!, ids[j]!];
        const same = truth.get(a)!.place === truth.get(b)!.place;
        const merged = entryOf.get(a) === entryOf.get(b);
        if (same && merged) trueMerges += 1;
        else if (same) {
          missed.push(`${a}/${b}`);
          misses += 1;
        } else if (merged) {
          wronglyMerged.push(`${a}/${b}`);
          falseMerges += 1;
        }
      }
    }
    const spelledDifferently = ids.filter((id) => truth.get(id)!.key.endsWith('-again')).length;
    console.info(
      `places: ${entries.length} entries for ${truth.size} listings; pairs ` +
        `of one place merged ${trueMerges}, missed ${misses}, false merges ` +
        `${falseMerges} (${spelledDifferently} listings written another way)`,
    );
    expect(missed).toEqual([]);
    expect(wronglyMerged).toEqual([]);
    expect(trueMerges).toBeGreaterThan(20);
    expect(spelledDifferently).toBeGreaterThan(5);
  });

  it('lists each place once, and keeps its near misses apart', () => {
    const placesShown = entries.map((entry) => truth.get(entry.id)!.place);
    expect(new Set(placesShown).size).toBe(placesShown.length);
    const nearMisses = [...truth.entries()].filter(([, listing]) => /-(building|elsewhere)$/.test(listing.key));
    expect(nearMisses.length).toBeGreaterThan(10);
    for (const [id, listing] of nearMisses) {
      const entry = entries.find((candidate) => candidate.sources.some((source) => source.center_id === id))!;
      expect(
        entry.sources.every((source) => truth.get(source.center_id)!.place === listing.place),
        id,
      ).toBe(true);
    }
  });

  it('shows a merged place with its soonest slot across sources and every source with its booking link', async () => {
    const merged = entries.filter((entry) => entry.sources.length > 1);
    expect(merged.length).toBeGreaterThan(10);
    for (const entry of merged) {
      expect(entry.id).toBe([...entry.sources.map((source) => source.center_id)].sort()[0]);
      expect(entry.slot_count).toBe(entry.sources.reduce((sum, source) => sum + source.slot_count, 0));
      for (const source of entry.sources)
        expect(source.booking_url).toBe(seeded.find((s) => s.centre.id === source.center_id)!.centre.bookingUrl);
    }
    const detail = (await (await env.get(`/api/v1/centers/${merged[0]!.sources[1]!.center_id}`)).json()) as {
      sources: Array<{ id: string }>;
    };
    expect(detail.sources.map((source) => source.id).sort()).toEqual(
      merged[0]!.sources.map((source) => source.center_id).sort(),
    );
  });

  it('keeps one open-data record per platform centre', async () => {
    const info = (await (await env.get('/vitemadose/info_centres.json')).json()) as {
      centres_disponibles: Array<{ internal_id: string }>;
      centres_indisponibles: Array<{ internal_id: string }>;
    };
    const records = [...info.centres_disponibles, ...info.centres_indisponibles].map((record) => record.internal_id);
    expect(new Set(records).size).toBe(records.length);
    // The open data leaves out listings not scanned lately (stale), as the format requires, and nothing else.
    const fresh = seeded.filter((entry) => entry.listed && !entry.stale).map((entry) => entry.centre.id);
    expect(records.sort()).toEqual(fresh.sort());
    const merged = entries.find(
      (entry) => entry.sources.length > 1 && entry.sources.every((source) => fresh.includes(source.center_id)),
    )!;
    for (const source of merged.sources) expect(records).toContain(source.center_id);
  });
});
