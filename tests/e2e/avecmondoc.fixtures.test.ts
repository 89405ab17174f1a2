// AvecMonDoc against hand-written answers shaped like the real ones (tests/fixtures/avecmondoc, spec/
// platforms/avecmondoc.md): a paged search with a null link, a closed entry, a duplicate, a hostile link and a
// failing organisation; organisations with null fields; availability pages with the all-null unavailable
// entries, a naive time, a null bookable hour, a repeated one, and the marker's stop and jump.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanWindow } from '../../src/aggregator/ingest/scan.js';
import type { Centre } from '../../src/domain.js';
import { issueKinds, slotLines, startFixtures, type FixtureRun } from '../support/fixture-server.js';

const NOW = new Date('2021-05-20T06:00:00Z');

describe('AvecMonDoc on real-shaped answers', () => {
  let run: FixtureRun;
  let centres: Centre[];
  let error: string | null;

  beforeAll(async () => {
    run = await startFixtures('avecmondoc', NOW);
    ({ centres, error } = await run.discover());
  });
  afterAll(() => run.close());

  it("keeps each organisation once, on the search's own patient page, and refuses the hostile link", () => {
    expect(run.unmatched).toEqual([]);
    expect(
      centres.map((centre) => [
        centre.id,
        centre.department,
        centre.location,
        centre.phone,
        centre.bookingUrl,
        centre.address,
      ]),
    ).toEqual([
      [
        'amd159',
        '75',
        { latitude: 48.8584, longitude: 2.3776 },
        '+33123456789',
        'https://patient.avecmondoc.com/fiche/structure/delphine-rousseau-159',
        '21 Rue du Chemin Vert, 75011 Paris',
      ],
      [
        'amd162',
        '971',
        { latitude: 16.27, longitude: -61.5 },
        '+590590820000',
        'https://patient.avecmondoc.com/fiche/structure/pharmacie-des-abymes-162',
        'Rue de la Gare, 97139 Les Abymes',
      ],
    ]);
    expect(issueKinds(run.issues)).toEqual(['invalid-item', 'unsafe-url']);
  });

  it('reports the failed organisation call as an incomplete discovery', () => {
    expect(error).toMatch(/discovery incomplete: 1 listing call\(s\) failed: organisation cabinet-en-panne-161/);
  });

  it('reads every bookable hour, skipping unavailable entries, following the marker', async () => {
    run.issues.length = 0;
    const outcome = await run.scan(centres[0]!, scanWindow(NOW, 11));
    expect(slotLines(outcome)).toEqual([
      '2021-05-20T09:00:00.000Z Pfizer-BioNTech 1',
      // Returned twice (same bookable hour id): counted once.
      '2021-05-21T07:30:00.000Z Pfizer-BioNTech 1',
      // Found on the page the marker jumped to.
      '2021-05-27T08:00:00.000Z Pfizer-BioNTech 2',
    ]);
    // The all-null unavailable entry is no issue; a naive time and a null bookable hour are.
    expect(issueKinds(run.issues)).toEqual(['naive-time', 'invalid-item']);
    expect(run.unmatched).toEqual([]);
  });
});
