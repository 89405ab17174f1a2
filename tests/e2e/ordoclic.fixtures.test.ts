// Ordoclic against hand-written answers shaped like the real ones (tests/fixtures/ordoclic, spec/platforms/
// ordoclic.md): a search mixing pharmacies with other entity types (left out by the spec), null locations and
// slugs, huge coordinates, an overseas pharmacy; a profile with an unreadable professional; reasons with
// nulls; slots with a naive time, a null time and a duplicate; a later-date-only answer; a phone-only profile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanWindow } from '../../src/aggregator/ingest/scan.js';
import type { Centre } from '../../src/domain.js';
import { issueKinds, slotLines, startFixtures, type FixtureRun } from '../support/fixture-server.js';

const NOW = new Date('2021-05-08T06:00:00Z');

describe('Ordoclic on real-shaped answers', () => {
  let run: FixtureRun;
  let centres: Centre[];
  let error: string | null;

  beforeAll(async () => {
    run = await startFixtures('ordoclic', NOW);
    ({ centres, error } = await run.discover());
  });
  afterAll(() => run.close());

  it('keeps pharmacies only, with their page and overseas phone code', () => {
    expect(error).toBeNull();
    expect(run.unmatched).toEqual([]);
    expect(
      centres.map((centre) => [
        centre.id,
        centre.kind,
        centre.department,
        centre.location,
        centre.phone,
        centre.bookingUrl,
      ]),
    ).toEqual([
      [
        'ordoclic03674d71',
        'drugstore',
        '93',
        { latitude: 48.8799, longitude: 2.4195 },
        '+33143620000',
        'https://app.ordoclic.fr/app/pharmacie/pharmacie-des-lilas',
      ],
      ['ordoclic13674d71', 'drugstore', '29', null, null, 'https://app.ordoclic.fr/app/pharmacie/pharmacie-du-large'],
      [
        'ordoclic23674d71',
        'drugstore',
        '972',
        { latitude: 14.6, longitude: -61.07 },
        '+596596123456',
        'https://app.ordoclic.fr/app/pharmacie/pharmacie-de-la-savane',
      ],
      [
        'ordoclic33674d71',
        'drugstore',
        '75',
        null,
        '+33102030405',
        'https://app.ordoclic.fr/app/pharmacie/pharmacie-au-telephone',
      ],
    ]);
    expect(centres[0]!.address).toBe('12 avenue Pasteur, 93260 Les Lilas');
    // The medical house and the clinic are other types: not read at all, so not issues.
    expect(issueKinds(run.issues)).toEqual(['invalid-item', 'invalid-item', 'bad-coordinates']);
  });

  it('reads the true UTC instants of every usable slot, one odd slot costing only itself', async () => {
    run.issues.length = 0;
    const outcome = await run.scan(centres[0]!, scanWindow(NOW, 11));
    // The Pfizer reason only names a later date: no slot from it.
    expect(slotLines(outcome)).toEqual([
      '2021-05-12T14:00:00.000Z AstraZeneca 1',
      '2021-05-13T07:00:00.000Z AstraZeneca 1',
    ]);
    expect(issueKinds(run.issues)).toEqual(['naive-time', 'invalid-item', 'duplicate-slot']);
  });

  it('asks nothing more of a phone-only profile', async () => {
    expect(await run.scan(centres[3]!, scanWindow(NOW, 11))).toMatchObject({
      kind: 'issue',
      issue: { reason: 'phone-only' },
    });
    expect(run.unmatched).toEqual([]);
  });
});
