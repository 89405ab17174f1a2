// The whole pipeline against the sandbox's ground truth: sandbox platforms over HTTP -> adapters -> SQLite ->
// read model -> API. For every centre, the API's soonest slot and slot count equal the truth.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanWindow } from '../../src/aggregator/ingest/scan.js';
import type { PlatformId } from '../../src/domain.js';
import { implementedPlatforms } from '../../src/scrapers/registry.js';
import { groundTruth, type CentreTruth } from '../../src/sandbox/truth.js';
import { toParisIso } from '../../src/time.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const HORIZON_DAYS = 11;

interface ApiSource {
  center_id: string;
  soonest_slot: string | null;
  slot_count: number;
  platform: string;
}
interface ApiCentre {
  id: string;
  soonest_slot: string | null;
  slot_count: number;
  platform: string;
  sources: ApiSource[];
}

describe('the API after one cycle of every platform', () => {
  let env: TestSystem;
  let truth: Map<string, CentreTruth>;
  const platforms: PlatformId[] = implementedPlatforms();

  beforeAll(async () => {
    env = await startTestSystem(platforms);
    await Promise.all(platforms.map((platform) => env.system.scheduler.runCycle(platform, true)));
    const now = env.clock.now();
    truth = groundTruth(env.world, platforms, now, scanWindow(now, HORIZON_DAYS));
  });
  afterAll(() => env.close());

  async function centresOf(department: string): Promise<ApiCentre[]> {
    const response = await env.get(`/api/v1/departments/${department}/centers`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { centers: ApiCentre[] }).centers;
  }

  it('lists every centre of the truth, with its soonest slot and slot count, in every department', async () => {
    const departments = [...new Set([...truth.values()].map((centre) => centre.department))];
    expect(departments.length).toBeGreaterThan(90);
    const reported = new Map<string, { soonest: string | null; count: number }>();
    // A place is one entry, each of its listings a source: the truth is checked listing by listing.
    const entryOf = new Map<string, string>();
    for (const department of departments) {
      for (const centre of await centresOf(department)) {
        for (const source of centre.sources) {
          reported.set(source.center_id, { soonest: source.soonest_slot, count: source.slot_count });
          entryOf.set(source.center_id, centre.id);
        }
      }
    }
    const expected = new Map(
      [...truth.values()].map((centre) => [
        centre.centreId,
        { soonest: centre.slots[0] ? toParisIso(centre.slots[0]) : null, count: centre.slots.length },
      ]),
    );
    expect(Object.fromEntries(reported)).toEqual(Object.fromEntries(expected));
    // Through the real adapters, every pair of listings of one place is one entry, and no other pair is.
    const listings = [...truth.values()];
    const verdicts = { merged: 0, missed: [] as string[], falselyMerged: [] as string[] };
    for (let i = 0; i < listings.length; i += 1) {
      for (let j = i + 1; j < listings.length; j += 1) {
        const [a, b] = [listings[i]!, listings[j]!];
        const same = a.place === b.place;
        const merged = entryOf.get(a.centreId) === entryOf.get(b.centreId);
        if (same && merged) verdicts.merged += 1;
        else if (same) verdicts.missed.push(`${a.centreId}/${b.centreId}`);
        else if (merged) verdicts.falselyMerged.push(`${a.centreId}/${b.centreId}`);
      }
    }
    console.info(
      `places through the adapters: ${new Set(entryOf.values()).size} ` +
        `entries for ${listings.length} listings; pairs of one place merged ` +
        `${verdicts.merged}, missed ${verdicts.missed.length}, false merges ` +
        `${verdicts.falselyMerged.length}`,
    );
    expect(verdicts.missed).toEqual([]);
    expect(verdicts.falselyMerged).toEqual([]);
    expect(verdicts.merged).toBeGreaterThan(10);
  });

  it('sorts a department by soonest slot, centres without slots last', async () => {
    // Paris's few listings of this small world may be one place listed twice: the first department with two places.
    let centres: ApiCentre[] = [];
    for (const code of ['75', '13', '69', '33', '59']) if (centres.length < 2) centres = await centresOf(code);
    expect(centres.length).toBeGreaterThan(1);
    const soonest = centres.map((centre) =>
      centre.soonest_slot ? Date.parse(centre.soonest_slot) : Number.POSITIVE_INFINITY,
    );
    expect(soonest).toEqual([...soonest].sort((a, b) => a - b));
    expect(centres[0]!.soonest_slot).not.toBeNull();
  });

  it('counts centres and centres with slots per department, as the truth does', async () => {
    const response = await env.get('/api/v1/departments');
    const { departments } = (await response.json()) as {
      departments: Array<{
        code: string;
        center_count: number;
        centers_with_slots: number;
        soonest_slot: string | null;
      }>;
    };
    expect(departments).toHaveLength(102);
    for (const department of departments) {
      const own = [...truth.values()].filter((centre) => centre.department === department.code);
      // Places, as the department answer lists them: a place listed twice counts once.
      expect(department.center_count, department.code).toBe(new Set(own.map((centre) => centre.place)).size);
      expect(department.centers_with_slots, department.code).toBe(
        new Set(own.filter((centre) => centre.slots.length > 0).map((centre) => centre.place)).size,
      );
      const soonest = own.flatMap((centre) => centre.slots.slice(0, 1)).sort((a, b) => a.getTime() - b.getTime())[0];
      expect(department.soonest_slot, department.code).toBe(soonest ? toParisIso(soonest) : null);
    }
  });

  it('serves info_centres.json with the same centres and counts in the open-data format', async () => {
    const response = await env.get('/vitemadose/info_centres.json');
    const file = (await response.json()) as {
      version: number;
      last_updated: string;
      centres_disponibles: Array<{ internal_id: string; appointment_count: number; prochain_rdv: string }>;
      centres_indisponibles: Array<{ internal_id: string; appointment_count: number; prochain_rdv: null }>;
    };
    expect(file.version).toBe(1);
    expect(file.last_updated).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    const withSlots = [...truth.values()].filter((centre) => centre.slots.length > 0);
    expect(file.centres_disponibles.map((centre) => centre.internal_id).sort()).toEqual(
      withSlots.map((centre) => centre.centreId).sort(),
    );
    for (const centre of file.centres_disponibles) {
      const own = truth.get(centre.internal_id)!;
      expect(centre.appointment_count).toBe(own.slots.length);
      expect(centre.prochain_rdv).toBe(toParisIso(own.slots[0]!));
    }
    const rendered = file.centres_disponibles.map((centre) => centre.prochain_rdv);
    expect(rendered).toEqual([...rendered].sort());
    expect(
      file.centres_indisponibles.every((centre) => centre.appointment_count === 0 && centre.prochain_rdv === null),
    ).toBe(true);
  });

  it('keeps the last good slots when the platforms stop answering', async () => {
    const before = await centresOf('75');
    await env.system.scraping.sandbox!.close();
    await Promise.all(platforms.map((platform) => env.system.scheduler.runCycle(platform, false)));
    env.system.readModel.settle();
    const after = await centresOf('75');
    expect(after.map((centre) => [centre.id, centre.soonest_slot, centre.slot_count])).toEqual(
      before.map((centre) => [centre.id, centre.soonest_slot, centre.slot_count]),
    );
    const issues = env.system.store.connection
      .prepare("SELECT count(*) AS n FROM scans WHERE outcome = 'issue'")
      .get() as { n: number };
    expect(issues.n).toBeGreaterThan(0);
  });
});
