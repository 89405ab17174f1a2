// Keldoc against hand-written answers shaped like the real ones (tests/fixtures/keldoc, spec/platforms/
// keldoc.md): a department search with a null title, huge coordinates, other specialties and an advert;
// motive categories with null motives; timetables with `{"agenda_id": null}` entries, null and malformed
// days, a naive time, a repeated slot, a next-date jump; a phone-only motive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanWindow } from '../../src/aggregator/ingest/scan.js';
import type { Centre } from '../../src/domain.js';
import { issueKinds, slotLines, startFixtures, type FixtureRun } from '../support/fixture-server.js';

const NOW = new Date('2021-04-19T06:00:00Z');

describe('Keldoc on real-shaped answers', () => {
  let run: FixtureRun;
  let centres: Centre[];
  let error: string | null;

  beforeAll(async () => {
    run = await startFixtures('keldoc', NOW);
    ({ centres, error } = await run.discover(['01']));
  });
  afterAll(() => run.close());

  it('keeps the vaccination centres of the search, and says why the odd items were left out', () => {
    expect(error).toBeNull();
    expect(run.unmatched).toEqual([]);
    expect(
      centres.map((centre) => [
        centre.id,
        centre.department,
        centre.location,
        centre.phone,
        centre.address,
        centre.bookingUrl,
      ]),
    ).toEqual([
      [
        'keldoc4233pid17136',
        '01',
        { latitude: 46.108467, longitude: 5.82781 },
        '+33450000000',
        '6 Rue Jean Marinet, 01200 Valserhône',
        'https://vaccination-covid.keldoc.com/cabinet-medical/valserhone-01200/' +
          'jean-marinet/centre-de-vaccination-de-jean-marinet?cabinet=17136&specialty=144',
      ],
      [
        'keldoc18000',
        '01',
        null,
        null,
        '',
        'https://vaccination-covid.keldoc.com/centre-de-sante/' +
          'bourg-en-bresse-01000/centre-x?cabinet=18000&specialty=496',
      ],
    ]);
    expect(centres[0]!.scanData).toEqual({
      motives: [
        {
          id: 81484,
          name: '1ère injection Vaccin COVID +70 ANS (PF)',
          category: 'Vaccination Pfizer',
          agendaIds: [49335, 51414],
        },
        { id: 81490, name: 'Rappel (3ème dose)', category: 'Vaccination Pfizer', agendaIds: [] },
        { id: 81486, name: 'Test antigénique COVID-19', category: 'Dépistage', agendaIds: [49335] },
      ],
    });
    // A null motive, a null title, 1e308 coordinates; the physiotherapist is another specialty and the
    // advert another item type (both left out, no issue).
    expect(issueKinds(run.issues)).toEqual(['invalid-item', 'invalid-item', 'bad-coordinates']);
  });

  it('reads every usable timetable entry and follows the next-date jump', async () => {
    run.issues.length = 0;
    const outcome = await run.scan(centres[0]!, scanWindow(NOW, 11));
    expect(slotLines(outcome)).toEqual([
      // Sent twice in one day: counted once.
      '2021-04-20T14:53:00.000Z Pfizer-BioNTech 1',
      '2021-04-20T15:00:00.000Z Pfizer-BioNTech 1',
      '2021-04-28T08:00:00.000Z Pfizer-BioNTech 1',
    ]);
    // `{"agenda_id": null}` and a null day are no issue (spec §3); a naive time and a bare string are.
    expect(issueKinds(run.issues)).toEqual(['naive-time', 'invalid-item']);
  });

  it('reads a phone-only motive as phone-only', async () => {
    expect(await run.scan(centres[1]!, scanWindow(NOW, 11))).toMatchObject({
      kind: 'issue',
      issue: { reason: 'phone-only' },
    });
    expect(run.unmatched).toEqual([]);
  });
});
