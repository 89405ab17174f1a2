// The Mesoigner adapter against the sandbox: one list call, one call per bookable centre, the
// authorisation scheme, disabled booking, and the anti-bot 403.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, scanWindow } from '../../src/aggregator/ingest/scan.js';
import type { Centre } from '../../src/domain.js';
import { MESOIGNER_BLOCKED_KEY } from '../../src/sandbox/platforms/mesoigner.js';
import { DiscoveryIncomplete } from '../../src/scrapers/platform-pipeline.js';
import { mesoignerModule } from '../../src/scrapers/mesoigner/adapter.js';
import { parisDate } from '../../src/time.js';
import { recording } from '../support/recording.js';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.js';
import { compareWithTruth } from '../support/truth-check.js';

describe('Mesoigner adapter', () => {
  let env: TestSandbox;
  const centres: Centre[] = [];

  beforeAll(async () => {
    // A seed whose Mesoigner listings include a booking-disabled one and one opening later.
    env = await startTestSandbox(['mesoigner'], { centresPerDepartment: 2, seed: 5 });
    for await (const centre of env.adapter('mesoigner').discover(env.context())) centres.push(centre);
  });
  afterAll(() => env.close());

  it('lists each centre once although the API repeats some', () => {
    expect(centres).toHaveLength(env.world.listingsOf('mesoigner').length);
  });

  it('matches the ground truth on a world with a booking-disabled and a late-opening centre', async () => {
    const { reported, expected } = await compareWithTruth(env, 'mesoigner', centres);
    expect(reported).toEqual(expected);
  });

  it(
    'asks each bookable centre once, from today, with the Mesoigner ' + 'authorisation; disabled booking is phone-only',
    async () => {
      const now = env.clock.now();
      const ctx = recording(env.context());
      const adapter = env.adapter('mesoigner');
      const outcomes = [];
      for (const centre of centres) outcomes.push(await runScan(adapter, centre, scanWindow(now, 11), ctx));
      const disabled = centres.filter((centre) => (centre.scanData as { bookingDisabled: boolean }).bookingDisabled);
      expect(disabled.length).toBeGreaterThan(0);
      expect(ctx.requests).toHaveLength(centres.length - disabled.length);
      for (const request of ctx.requests) {
        expect(request.url).toMatch(new RegExp(`/api/v1/vaccination/centers/\\d+/${parisDate(now)}$`));
        expect(request.headers).toEqual({ Authorization: 'Mesoigner apikey=""' });
      }
      expect(
        outcomes
          .filter((outcome) => outcome.kind === 'issue')
          .map((outcome) => outcome.kind === 'issue' && outcome.issue.reason),
      ).toEqual(disabled.map(() => 'phone-only'));
    },
  );

  it('is refused without the Mesoigner authorisation scheme', async () => {
    const url = `${env.sandbox.baseUrls.mesoigner!}/api/v1/vaccination/centers`;
    expect((await env.context().http.request({ url })).status).toBe(401);
    expect((await env.context().http.request({ url, headers: { Authorization: 'Bearer abc' } })).status).toBe(401);
  });

  it('reports a 403 as blocked', async () => {
    const baseUrl = env.sandbox.baseUrls.mesoigner!;
    const blocked = mesoignerModule.create({ baseUrls: { www: baseUrl }, partnerKey: MESOIGNER_BLOCKED_KEY });
    const bookable = centres.find((centre) => !(centre.scanData as { bookingDisabled: boolean }).bookingDisabled)!;
    const outcome = await runScan(blocked, bookable, scanWindow(env.clock.now(), 11), env.context());
    expect(outcome).toMatchObject({ kind: 'issue', issue: { reason: 'blocked' } });
    // A refused centre list is a failed discovery, with its error, not a successful one with no centre.
    const listed: Centre[] = [];
    await expect(
      (async () => {
        for await (const centre of blocked.discover(env.context())) listed.push(centre);
      })(),
    ).rejects.toThrow(DiscoveryIncomplete);
    expect(listed).toEqual([]);
  });
});
