// Maiia against hand-written answers shaped like the real ones (tests/fixtures/maiia, spec/platforms/maiia.md):
// a search page mixing centres with practitioners, adverts and broken or hostile centres; reasons and
// availabilities with nulls, naive times and duplicates; the closest-slot second chance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanWindow } from '../../src/aggregator/ingest/scan.js';
import type { Centre } from '../../src/domain.js';
import { issueKinds, slotLines, startFixtures, type FixtureRun } from '../support/fixture-server.js';

const NOW = new Date('2021-04-29T06:00:00Z');

describe('Maiia on real-shaped answers', () => {
  let run: FixtureRun;
  let centres: Centre[];
  let error: string | null;

  beforeAll(async () => {
    run = await startFixtures('maiia', NOW);
    ({ centres, error } = await run.discover());
  });
  afterAll(() => run.close());

  it('keeps the usable centres once, dropping only what cannot reach users', () => {
    expect(error).toBeNull();
    expect(run.unmatched).toEqual([]);
    expect(centres.map((centre) => [centre.id, centre.department, centre.location, centre.bookingUrl])).toEqual([
      [
        'maiia5ffc744c',
        '07',
        { longitude: 4.58, latitude: 44.99 },
        'https://www.maiia.com/centre-de-vaccination/07270-lamastre/' +
          'centre-de-vaccination-covid---lamastre?centerid=5ffc744c68dedf073a5b87a2',
      ],
      // 1e308 coordinates are dropped, the centre stays.
      [
        'maiia60030000',
        '75',
        null,
        'https://www.maiia.com/centre-de-vaccination/75011-paris/loin?centerid=6003000000000000000000d1',
      ],
      // "99" is no department: the centre stays, without one.
      [
        'maiia60040000',
        null,
        null,
        'https://www.maiia.com/centre-de-vaccination/99999-ailleurs/nulle-part?centerid=6004000000000000000000e1',
      ],
    ]);
    expect(centres[0]).toMatchObject({
      name: 'Centre de vaccination COVID - Lamastre',
      phone: '+33475064127',
      address: 'Place Rampon, 07270 Lamastre',
      businessHours: { Lundi: '08:00-12:00' },
    });
    // The practitioner with null fields and the advert are not centres: ignored, not issues.
    expect(issueKinds(run.issues)).toEqual([
      'invalid-item',
      'missing-url',
      'unsafe-url',
      'bad-coordinates',
      'unknown-department',
      'unsafe-url',
    ]);
    expect(run.issues[2]!.message).toContain('userinfo');
  });

  it('reads every usable slot of a centre, one odd entry costing only itself', async () => {
    run.issues.length = 0;
    const outcome = await run.scan(centres[0]!, scanWindow(NOW, 11));
    expect(slotLines(outcome)).toEqual([
      '2021-05-03T13:40:00.000Z unknown 1',
      // Sent three times, counted once.
      '2021-05-03T13:45:00.000Z unknown 1',
      // Found through the closest-availability call.
      '2021-05-05T08:00:00.000Z Pfizer-BioNTech 3',
      '2021-05-06T09:15:00.000Z unknown 1',
    ]);
    // A reason without a name, an entry without a time, a naive time (the spec says UTC), the duplicates.
    expect(issueKinds(run.issues)).toEqual(['invalid-item', 'invalid-item', 'naive-time', 'duplicate-slot']);
    expect(run.unmatched).toEqual([]);
  });

  it('caps the slots of a centre, saying so', async () => {
    const capped = await startFixtures('maiia', NOW, { maxSlotsPerCentre: 2 });
    try {
      const { centres: found } = await capped.discover();
      capped.issues.length = 0;
      const outcome = await capped.scan(found[0]!, scanWindow(NOW, 11));
      expect(slotLines(outcome)).toHaveLength(2);
      expect(issueKinds(capped.issues)).toContain('slot-cap');
    } finally {
      await capped.close();
    }
  });
});
