// Doctolib against hand-written answers shaped like the real ones (tests/fixtures/doctolib, spec/platforms/
// doctolib.md): a department listing with a null link, a protocol-relative hostile link, doctors without
// exact_match and nearby ones; bookings with null motives, agendas and places and huge coordinates; the
// worked example's availabilities with a past slot, a naive time, a null item and a duplicate; an anti-dDos page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanWindow } from '../../src/aggregator/ingest/scan.js';
import type { Centre } from '../../src/domain.js';
import { issueKinds, slotLines, startFixtures, type FixtureRun } from '../support/fixture-server.js';

const NOW = new Date('2021-04-03T06:00:00Z');

describe('Doctolib on real-shaped answers', () => {
  let run: FixtureRun;
  let centres: Centre[];
  let error: string | null;

  beforeAll(async () => {
    run = await startFixtures('doctolib', NOW);
    ({ centres, error } = await run.discover(['07']));
  });
  afterAll(() => run.close());

  it("keeps the department's centres on the listing's own links, one odd item costing only itself", () => {
    expect(error).toBeNull();
    expect(run.unmatched).toEqual([]);
    // The public host is the configured one (here the fixture server, in production www.doctolib.fr).
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
        'doctolib123456789pid165752',
        'vaccination-center',
        '07',
        { latitude: 44.735, longitude: 4.599 },
        '+33475000000',
        `${run.url}/centre-de-vaccinations-internationales/ville1/centre1?pid=practice-165752`,
      ],
      [
        'doctolib555pid200',
        'drugstore',
        '07',
        null,
        '+33475350000',
        `${run.url}/pharmacie/aubenas/pharmacie-du-centre?pid=practice-200`,
      ],
    ]);
    expect(centres[1]!.businessHours).toMatchObject({ lundi: '09:00-12:00', dimanche: null });
    // Valence is a nearby result of another department (followed, then filtered out: no issue); Lyon, after
    // the first nearby doctor, is never asked.
    expect(issueKinds(run.issues)).toEqual([
      'invalid-item',
      'invalid-item',
      'invalid-item',
      'bad-coordinates',
      'unsafe-url',
    ]);
    expect(run.issues[4]!.message).toContain('evil.example');
  });

  it('reads every usable slot of the worked example, one odd slot costing only itself', async () => {
    run.issues.length = 0;
    const outcome = await run.scan(centres[0]!, scanWindow(NOW, 11));
    expect(slotLines(outcome)).toEqual([
      '2021-04-05T07:05:00.000Z Pfizer-BioNTech 1',
      '2021-04-05T07:10:00.000Z Pfizer-BioNTech 1',
      // The worked example's future slot; its past one is dropped.
      '2021-04-10T19:45:00.000Z Pfizer-BioNTech 1',
    ]);
    expect(issueKinds(run.issues)).toEqual(['naive-time', 'invalid-item', 'duplicate-slot']);
  });

  it("reads the anti-dDos page as blocked, with the page's title", async () => {
    expect(await run.scan(centres[1]!, scanWindow(NOW, 11))).toMatchObject({
      kind: 'issue',
      issue: { reason: 'blocked', message: expect.stringContaining('"Anti dDos"') },
    });
    expect(run.unmatched).toEqual([]);
  });
});
