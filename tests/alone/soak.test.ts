// The soak (bench/soak.ts) as a test: every platform at a 20% mix of every fault, plus an outage of each
// platform in turn, for many cycles on the sandbox clock. The process never crashes, no centre that had good
// data loses it, every breaker opens and recovers, and once the faults stop the API equals the ground truth.
import { describe, expect, it } from 'vitest';
import { FAULT_KINDS } from '../../src/sandbox/faults.js';
import { formatReport, INDISTINGUISHABLE_FAULTS, runSoak, soakablePlatforms } from '../../bench/soak.js';

describe('soak under injected faults', () => {
  it('survives many cycles of faults and comes back to the ground truth', { timeout: 150_000 }, async () => {
    const platforms = soakablePlatforms();
    expect(platforms.length).toBeGreaterThan(0);
    const report = await runSoak({ cycles: 25, httpTimeoutMs: 1000 });
    console.log(formatReport(report));

    expect(report.crashes).toBe(0);
    expect(report.violations).toEqual([]);
    expect(report.centresThatLostGoodData).toBe(0);
    expect(report.finalMismatches).toBe(0);
    expect(report.finalCentresChecked).toBeGreaterThan(20);

    // The faults really happened, every kind of them, at about the rate asked.
    for (const kind of FAULT_KINDS) expect(report.faults[kind], kind).toBeGreaterThan(0);
    // (Except where a platform documents the same answer as normal: see INDISTINGUISHABLE_FAULTS.)
    expect(Object.values(INDISTINGUISHABLE_FAULTS).flat().length).toBeLessThan(platforms.length);
    expect(report.faultsTotal / report.requests).toBeGreaterThan(0.1);
    expect(report.retries).toBeGreaterThan(0);

    // Each platform's outage opened its breaker, and each breaker closed again.
    for (const platform of platforms) {
      const breaker = report.breakers[platform]!;
      expect(breaker.openings, platform).toBeGreaterThan(0);
      expect(breaker.recoveries, platform).toBeGreaterThan(0);
      expect(breaker.state, platform).toBe('closed');
    }
  });
});
