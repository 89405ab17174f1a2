// The recheck of the soonest slots (issue 13): over a short virtual run under a sandbox rush, the centres holding
// each department's 10 soonest slots are rescanned between full cycles and the others are not, and a slot a
// recheck finds booked leaves the API's answer at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ghostsAmong, shownSoonest, type DepartmentAnswer, type TruthAnswer } from '../../src/sandbox/ghosts.js';
import { implementedPlatforms } from '../../src/scrapers/registry.js';
import { startTestSystem, type TestSystem } from '../support/system.js';
import { TEST_START } from '../support/sandbox.js';

const DEPARTMENTS = ['35', '44', '69'];
const PLATFORMS = implementedPlatforms();

describe('recheck of the soonest slots', () => {
  let env: TestSystem;
  beforeAll(async () => {
    env = await startTestSystem(
      PLATFORMS,
      { centresPerDepartment: 20, departments: DEPARTMENTS, rushPerMinute: 0.1, rushSince: TEST_START.getTime() },
      { RECHECK_SECONDS: '20' },
    );
    await Promise.all(PLATFORMS.map((platform) => env.system.scheduler.runCycle(platform, true)));
  });
  afterAll(() => env?.close());

  const scansPerCentre = () =>
    new Map(
      (
        env.system.store.connection
          .prepare('SELECT centre_id AS id, count(*) AS scans FROM scans GROUP BY centre_id')
          .all() as Array<{ id: string; scans: number }>
      ).map((row) => [row.id, row.scans]),
    );

  async function ghostCount(): Promise<{ shown: number; ghosts: number }> {
    const at = env.clock.now().toISOString();
    const truth = (await (
      await fetch(`${env.system.scraping.sandbox!.controlUrl}/__sandbox/truth?at=${at}`)
    ).json()) as TruthAnswer;
    let shown = 0;
    let ghosts = 0;
    for (const department of DEPARTMENTS) {
      const top = shownSoonest(
        (await (await env.get(`/api/v1/departments/${department}/centers`)).json()) as DepartmentAnswer,
        10,
      );
      shown += top.length;
      ghosts += ghostsAmong(top, truth).length;
    }
    return { shown, ghosts };
  }

  it('rescans the centres of each department top 10, and only them, between full cycles', async () => {
    const before = scansPerCentre();
    expect([...before.values()].every((count) => count === 1)).toBe(true);
    const holders = new Set<string>();
    for (let tick = 0; tick < 3; tick += 1) {
      env.clock.advance(20_000);
      const now = env.clock.now().getTime();
      // A tick's later rounds recheck the holders that its removals bring up: deeper than the top 10, but within
      // the top 30 after 20 s of this rush.
      for (const { centre } of env.system.store.soonestHolders(now, 30)) holders.add(centre.id);
      const summary = await env.system.scheduler.recheck();
      expect(summary.scanned).toBeGreaterThan(0);
    }
    const after = scansPerCentre();
    const rechecked = [...after].filter(([, count]) => count > 1).map(([id]) => id);
    expect(rechecked.length).toBeGreaterThan(0);
    for (const id of rechecked) expect(holders.has(id)).toBe(true);
    // Far fewer than every centre: the recheck costs the top of each department, not a cycle.
    expect(rechecked.length).toBeLessThanOrEqual(3 * 30);
    expect(rechecked.length).toBeLessThan(after.size);
    for (const [id, count] of after) if (!holders.has(id)) expect(count).toBe(1);
  });

  it('leaves alone a centre scanned within the last half period', async () => {
    await env.system.scheduler.recheck();
    env.clock.advance(5_000);
    const summary = await env.system.scheduler.recheck();
    expect(summary.scanned).toBe(0);
    expect(summary.recent).toBeGreaterThan(0);
  });

  it('drops from the answer at once the soonest slots a recheck finds booked', async () => {
    // Two minutes of a 10%-a-minute rush since the last scans: some of the shown soonest slots are gone.
    env.clock.advance(120_000);
    const stale = await ghostCount();
    expect(stale.shown).toBe(30);
    expect(stale.ghosts).toBeGreaterThan(0);
    await env.system.scheduler.recheck();
    const fresh = await ghostCount();
    expect(fresh.shown).toBe(30);
    expect(fresh.ghosts).toBe(0);
  });
});
