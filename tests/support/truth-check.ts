// The adapters-vs-truth comparison for one platform on any world, so a platform's own tests can run it on
// a world with the cases the default test world lacks (phone-only listings, late openings).
import { runScan, scanWindow } from '../../src/aggregator/ingest/scan.js';
import type { Centre, PlatformId } from '../../src/domain.js';
import { groundTruth } from '../../src/sandbox/truth.js';
import type { TestSandbox } from './sandbox.js';

export interface Comparison {
  readonly reported: Record<string, { soonest: string | null; count: number }>;
  readonly expected: Record<string, { soonest: string | null; count: number }>;
}

export async function compareWithTruth(
  env: TestSandbox,
  platform: PlatformId,
  centres: readonly Centre[],
  horizonDays = 11,
): Promise<Comparison> {
  const now = env.clock.now();
  const window = scanWindow(now, horizonDays);
  const truth = groundTruth(env.world, [platform], now, window);
  const adapter = env.adapter(platform);
  const reported: Comparison['reported'] = {};
  for (const centre of centres) {
    const outcome = await runScan(adapter, centre, window, env.context());
    if (outcome.kind === 'issue') continue;
    const starts = outcome.slots.map((slot) => slot.start.getTime()).sort((a, b) => a - b);
    reported[centre.id] = { soonest: starts.length ? new Date(starts[0]!).toISOString() : null, count: starts.length };
  }
  const expected = Object.fromEntries(
    [...truth.values()].map((centre) => [
      centre.centreId,
      { soonest: centre.slots[0]?.toISOString() ?? null, count: centre.slots.length },
    ]),
  );
  return { reported, expected };
}
