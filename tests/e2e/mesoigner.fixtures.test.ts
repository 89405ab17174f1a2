// Mesoigner against hand-written answers shaped like the real ones (tests/fixtures/mesoigner,
// spec/platforms/mesoigner.md): a centre list with other platforms' records, unknown types, hostile and
// missing links, an overseas pharmacy, a duplicate link; slots with naive times, nulls and duplicates; a
// firewall's 403 page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanWindow } from '../../src/aggregator/ingest/scan.js';
import type { Centre } from '../../src/domain.js';
import { issueKinds, slotLines, startFixtures, type FixtureRun } from '../support/fixture-server.js';

const NOW = new Date('2021-06-16T06:00:00Z');

describe('Mesoigner on real-shaped answers', () => {
  let run: FixtureRun;
  let centres: Centre[];
  let error: string | null;

  beforeAll(async () => {
    run = await startFixtures('mesoigner', NOW, { partnerKey: 'k' });
    ({ centres, error } = await run.discover());
  });
  afterAll(() => run.close());

  it('keeps its own centres once, with the overseas phone code, and says why others were left out', () => {
    expect(error).toBeNull();
    expect(run.unmatched).toEqual([]);
    expect(
      centres.map((centre) => [
        centre.id,
        centre.kind,
        centre.department,
        centre.location,
        centre.phone,
        centre.address,
      ]),
    ).toEqual([
      [
        'mesoigner1722',
        'drugstore',
        '65',
        { latitude: 43.2041, longitude: 0.1133 },
        '+33562450461',
        '1 Impasse du Stade, 65310 ODOS',
      ],
      [
        'mesoigner9740',
        'drugstore',
        '974',
        { latitude: -21.0096, longitude: 55.2707 },
        '+262262223344',
        '3 rue du Port, 97460 Saint-Paul',
      ],
      ['mesoigner1803', 'general-practitioner', '69', null, null, '69001 Lyon'],
    ]);
    expect(centres[0]!.bookingUrl).toBe(
      'https://pharmacie-des-pyrenees.pharmaxv.fr/rendez-vous/vaccination/269-vaccination-covid-19/pre-inscription',
    );
    expect(centres[0]!.businessHours).toMatchObject({ lundi: '08:00-20:00', dimanche: null });
    // The Bimedoc record is not ours (ignored); the duplicate link is one centre (silently).
    expect(issueKinds(run.issues)).toEqual(['invalid-item', 'unsafe-url', 'missing-url', 'bad-coordinates']);
  });

  it('reads every usable slot, one odd entry or day costing only itself', async () => {
    run.issues.length = 0;
    const outcome = await run.scan(centres[0]!, scanWindow(NOW, 11));
    expect(slotLines(outcome)).toEqual([
      '2021-06-16T12:50:00.000Z Moderna 1,2,3',
      '2021-06-16T13:00:00.000Z ARNm 1,2,3',
      '2021-06-18T07:20:00.000Z AstraZeneca 1,2',
    ]);
    // The spec says offsets are explicit: a naive time is an issue, not a guess.
    expect(issueKinds(run.issues)).toEqual(['naive-time', 'invalid-item', 'invalid-item', 'duplicate-slot']);
  });

  it('reads a firewall page as blocked, and a disabled booking as phone-only without asking', async () => {
    expect(await run.scan(centres[1]!, scanWindow(NOW, 11))).toMatchObject({
      kind: 'issue',
      issue: { reason: 'blocked', message: expect.stringContaining('"403 Forbidden"') },
    });
    expect(await run.scan(centres[2]!, scanWindow(NOW, 11))).toMatchObject({
      kind: 'issue',
      issue: { reason: 'phone-only' },
    });
    expect(run.unmatched).toEqual([]);
  });
});
