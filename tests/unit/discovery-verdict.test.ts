import { describe, expect, it } from 'vitest';
import {
  EMPTY_MEMORY,
  isJump,
  judgeDiscovery,
  type DiscoveryMemory,
  type DiscoveryRun,
  type Verdict,
} from '../../src/aggregator/ingest/discovery-verdict.js';

const settings = { retireAfterMisses: 3, jumpRatio: 1.5, jumpMinimum: 20 };
const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);
const found = (...lists: string[][]): DiscoveryRun => ({ kind: 'complete', found: new Set(lists.flat()) });
const failed: DiscoveryRun = { kind: 'failed', error: 'listing page 3: HTTP 503' };

/** Runs discoveries in order; returns each verdict and the believed set after it. */
function replay(runs: readonly DiscoveryRun[], start: DiscoveryMemory = EMPTY_MEMORY) {
  let memory = start;
  return runs.map((run) => {
    const decision = judgeDiscovery(memory, run, settings);
    memory = decision.memory;
    return {
      verdict: decision.verdict,
      believed: new Set(memory.active.keys()),
      retire: decision.retire,
      activate: decision.activate,
    };
  });
}
const verdicts = (steps: ReturnType<typeof replay>): Verdict[] => steps.map((step) => step.verdict);

describe('the discovery verdict', () => {
  const honest = ids('c', 100);
  const phantoms = ids('phantom', 3000);

  it(
    'believes the first discovery and steady ones, and retires a centre ' + 'only after three complete misses in a row',
    () => {
      const steps = replay([
        found(honest),
        found(honest.slice(1)),
        found(honest.slice(1)),
        failed,
        found(honest.slice(1)),
      ]);
      expect(verdicts(steps)).toEqual(['accepted', 'accepted', 'accepted', 'failed', 'accepted']);
      expect(steps[0]!.activate).toHaveLength(100);
      // c1 missed by discoveries 2, 3 and 5: the failed one in between is no evidence either way.
      expect(steps[2]!.believed.has('c1')).toBe(true);
      expect(steps[4]!.retire).toEqual(['c1']);
      expect(steps[4]!.believed.has('c1')).toBe(false);
      expect(steps[4]!.believed.size).toBe(99);
    },
  );

  it('brings a retired centre back as soon as a believed discovery finds it again', () => {
    const steps = replay([
      found(honest),
      found(honest.slice(1)),
      found(honest.slice(1)),
      found(honest.slice(1)),
      found(honest),
    ]);
    expect(steps[3]!.retire).toEqual(['c1']);
    expect(steps[4]!.activate).toEqual(['c1']);
    expect(steps[4]!.believed.has('c1')).toBe(true);
  });

  it('holds a phantom spike listed once, and never lists the phantoms', () => {
    const steps = replay([found(honest), found(honest, phantoms), found(honest)]);
    expect(verdicts(steps)).toEqual(['accepted', 'held', 'accepted']);
    for (const step of steps) expect(step.believed.size).toBe(100);
    expect(steps[1]!.activate).toEqual([]);
  });

  it(
    'believes phantoms listed twice, then the honest list once it repeats, ' + 'and retires the phantoms in due course',
    () => {
      const steps = replay([
        found(honest),
        found(phantoms),
        found(phantoms),
        found(honest),
        found(honest),
        found(honest),
      ]);
      expect(verdicts(steps)).toEqual(['accepted', 'held', 'accepted', 'held', 'accepted', 'accepted']);
      // Believed when repeated; the honest centres were missed twice only, so they stay believed throughout.
      expect(steps[2]!.believed.size).toBe(3100);
      expect(steps[4]!.believed.size).toBe(3100);
      // Missed by three complete discoveries in a row (held, then two believed): retired.
      expect(steps[5]!.retire).toHaveLength(3000);
      expect(steps[5]!.believed).toEqual(new Set(honest));
    },
  );

  it('does not get stuck when phantoms and honest lists alternate: the phantoms are never believed', () => {
    const steps = replay([
      found(honest),
      found(phantoms),
      found(honest),
      found(phantoms),
      found(honest),
      found(phantoms),
    ]);
    expect(verdicts(steps)).toEqual(['accepted', 'held', 'accepted', 'held', 'accepted', 'held']);
    for (const step of steps) expect(step.believed).toEqual(new Set(honest));
  });

  it('believes genuine growth one discovery late, and gradual growth at once', () => {
    const grown = [...honest, ...ids('new', 100)];
    const steps = replay([found(honest), found(grown), found(grown)]);
    expect(verdicts(steps)).toEqual(['accepted', 'held', 'accepted']);
    expect(steps[1]!.believed.size).toBe(100);
    expect(steps[2]!.believed.size).toBe(200);
    expect(steps[2]!.activate).toHaveLength(100);
    expect(verdicts(replay([found(honest), found(honest, ids('new', 19)), found(honest, ids('new', 40))]))).toEqual([
      'accepted',
      'accepted',
      'accepted',
    ]);
  });

  it('believes a genuine shrink once it repeats, and retires what it lost after the misses', () => {
    const kept = honest.slice(0, 40);
    const steps = replay([found(honest), found(kept), found(kept), found(kept)]);
    expect(verdicts(steps)).toEqual(['accepted', 'held', 'accepted', 'accepted']);
    expect(steps[1]!.believed.size).toBe(100);
    expect(steps[2]!.believed.size).toBe(100);
    expect(steps[3]!.retire).toHaveLength(60);
    expect(steps[3]!.believed).toEqual(new Set(kept));
  });

  it('holds an empty listing of a platform that had centres, and fails a failed one without touching anything', () => {
    const steps = replay([found(honest), found(), failed, found(honest)]);
    expect(verdicts(steps)).toEqual(['accepted', 'held', 'failed', 'accepted']);
    for (const step of steps) expect(step.believed.size).toBe(100);
    const decision = judgeDiscovery(EMPTY_MEMORY, failed, settings);
    expect(decision).toEqual({
      verdict: 'failed',
      reason: 'listing page 3: HTTP 503',
      memory: EMPTY_MEMORY,
      retire: [],
      activate: [],
    });
  });

  it('believes an empty listing that repeats: a platform can really close', () => {
    const steps = replay([found(honest), found(), found(), found()]);
    expect(verdicts(steps)).toEqual(['accepted', 'held', 'accepted', 'accepted']);
    expect(steps[3]!.believed.size).toBe(0);
  });

  it('tells a jump by ratio and by count', () => {
    expect(isJump(100, 151, settings)).toBe(true);
    expect(isJump(100, 150, settings)).toBe(false);
    expect(isJump(10, 29, settings)).toBe(false);
    expect(isJump(100, 66, settings)).toBe(true);
    expect(isJump(100, 67, settings)).toBe(false);
    expect(isJump(3, 0, settings)).toBe(true);
    expect(isJump(0, 0, settings)).toBe(false);
  });
});
