// Mapharma against hand-written answers shaped like the real ones (tests/fixtures/mapharma, spec/platforms/
// mapharma.md): open data with a campaign without a name, a pharmacy without a postal code, huge
// coordinates, a campaign link on another host, an overseas pharmacy; calendars with several places per
// time, unreadable entries and days, overlapping answers; a firewall page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanWindow } from '../../src/aggregator/ingest/scan.js';
import type { Centre } from '../../src/domain.js';
import { issueKinds, slotLines, startFixtures, type FixtureRun } from '../support/fixture-server.js';

const NOW = new Date('2021-04-14T06:00:00Z');

describe('Mapharma on real-shaped answers', () => {
  let run: FixtureRun;
  let centres: Centre[];
  let error: string | null;

  beforeAll(async () => {
    run = await startFixtures('mapharma', NOW);
    ({ centres, error } = await run.discover());
  });
  afterAll(() => run.close());

  it('makes one centre per valid campaign, on its own link, and says why the others are out', () => {
    expect(error).toBeNull();
    expect(run.unmatched).toEqual([]);
    expect(
      centres.map((centre) => [centre.id, centre.department, centre.location, centre.phone, centre.bookingUrl]),
    ).toEqual([
      [
        'mapharma2d323f633d3933266c3d31',
        '02',
        { latitude: 49.844111, longitude: 3.275341 },
        null,
        'https://mapharma.net/02100-2?c=93&l=1',
      ],
      ['mapharma3f633d3932266c3d31', '88', null, null, 'https://mapharma.net/88400?c=92&l=1'],
      ['mapharma3f633d3730266c3d31', '29', null, '+33298000000', 'https://mapharma.net/29200?c=70&l=1'],
      [
        'mapharma3f633d3630266c3d31',
        '972',
        { latitude: 14.6, longitude: -61.07 },
        '+596596600000',
        'https://mapharma.net/97200?c=60&l=1',
      ],
    ]);
    expect(centres[0]!.address).toBe('4 rue de la Chaussée Romaine, 02100 SAINT QUENTIN');
    // The test campaign is not a vaccination one (left out, not an issue); the others are issues.
    expect(issueKinds(run.issues)).toEqual(['invalid-item', 'invalid-item', 'bad-coordinates', 'unsafe-url']);
  });

  it('makes one slot per free place in Paris time, the first of two overlapping answers winning', async () => {
    run.issues.length = 0;
    const outcome = await run.scan(centres[0]!, scanWindow(NOW, 11));
    expect(slotLines(outcome)).toEqual([
      '2021-04-19T15:15:00.000Z unknown 1,2',
      // Three places at 17:30 are three slots, not copies of one.
      '2021-04-19T15:30:00.000Z unknown 1,2',
      '2021-04-19T15:30:00.000Z unknown 1,2',
      '2021-04-19T15:30:00.000Z unknown 1,2',
      '2021-04-20T08:00:00.000Z unknown 1,2',
      '2021-04-24T06:05:00.000Z unknown 1,2',
    ]);
    expect(issueKinds(run.issues)).toEqual(['invalid-item', 'invalid-item']);
  });

  it('asks nothing of a campaign without free places, and reads a firewall page as blocked', async () => {
    expect(await run.scan(centres[1]!, scanWindow(NOW, 11))).toEqual({ kind: 'slots', slots: [] });
    expect(await run.scan(centres[3]!, scanWindow(NOW, 11))).toMatchObject({
      kind: 'issue',
      issue: { reason: 'blocked', message: expect.stringContaining('"Just a moment..."') },
    });
    expect(run.unmatched).toEqual([]);
  });
});
