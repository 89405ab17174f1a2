// Beyond soonest slot and count: every slot an adapter reports must carry the vaccine and dose of the world
// motive it belongs to. Motive names are written to trip naive matching ("Marne", "attestation"), so this
// is where keyword pitfalls show end to end. Also counts the requests of one discovery + scan cycle.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Centre, Dose, PlatformId } from '../../src/domain.js';
import { runScan, scanWindow } from '../../src/aggregator/ingest/scan.js';
import type { ScrapeContext } from '../../src/scrapers/adapter.js';
import { PLATFORM_MODULES } from '../../src/scrapers/registry.js';
import { distinctSlots } from '../../src/sandbox/platform.js';
import { SANDBOX_PLATFORMS } from '../../src/sandbox/platforms/index.js';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.js';

const PLATFORMS = (['keldoc', 'maiia', 'ordoclic'] as const).filter(
  (platform) => PLATFORM_MODULES[platform] && SANDBOX_PLATFORMS[platform],
);

/** Maiia and Ordoclic book children's first doses as plain first doses (their specs give no kid code). */
function expectedDose(platform: PlatformId, dose: Dose): Dose {
  return dose === '1_kid' && platform !== 'keldoc' ? 1 : dose;
}

describe.each(PLATFORMS)('%s slots against the world motives', (platform) => {
  let env: TestSandbox;
  const urls: string[] = [];
  let ctx: ScrapeContext;
  const centres: Centre[] = [];

  beforeAll(async () => {
    // Busy days, so that one reason's slots span several Maiia pages of 100.
    env = await startTestSandbox([platform], { centresPerDepartment: 2, slotsPerDay: 30 });
    const base = env.context();
    ctx = {
      ...base,
      http: {
        request: (request) => {
          urls.push(request.url);
          return base.http.request(request);
        },
      },
    };
    for await (const centre of env.adapter(platform).discover(ctx)) centres.push(centre);
  });
  afterAll(() => env.close());

  it('reports each free slot with its vaccine and dose', async () => {
    const now = env.clock.now();
    const window = scanWindow(now, 11);
    const module = SANDBOX_PLATFORMS[platform]!;
    const adapter = env.adapter(platform);
    const discoveryRequests = urls.length;
    for (const listing of env.world.listingsOf(platform)) {
      if (!(module.isDiscovered?.(listing) ?? true)) continue;
      const centre = centres.find((candidate) => candidate.id === module.centreIdOf(listing))!;
      const outcome = await runScan(adapter, centre, window, ctx);
      if (!module.isScannable(listing)) {
        // Phone-only on Keldoc and Ordoclic; on Maiia such a centre lists no reason online.
        expect(outcome).toMatchObject({
          kind: 'issue',
          issue: { reason: platform === 'maiia' ? 'no-usable-motive' : 'phone-only' },
        });
        continue;
      }
      expect(outcome.kind, `${centre.id}: ${outcome.kind === 'issue' ? outcome.issue.message : ''}`).toBe('slots');
      if (outcome.kind !== 'slots') continue;
      const got = outcome.slots
        .map((slot) => `${slot.start.toISOString()} ${slot.vaccine} ${slot.doses.join(',')}`)
        .sort();
      const want = distinctSlots(module, env.world.freeSlots(listing, now, window.from, window.to))
        .map((slot) => `${slot.start.toISOString()} ${slot.motive.vaccine} ${expectedDose(platform, slot.motive.dose)}`)
        .sort();
      expect(got, centre.id).toEqual(want);
    }
    console.info(
      `${platform}: ${centres.length} centres, ${discoveryRequests} ` +
        `discovery requests, ${urls.length - discoveryRequests} scan requests`,
    );
  });
});
