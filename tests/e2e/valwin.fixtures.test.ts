// Valwin against hand-written answers shaped like the real ones (tests/fixtures/valwin, spec/platforms/valwin.md):
// a pharmacy map with a duplicate, hostile and missing links, null fields and null-island coordinates; slots
// in naive Paris time with duplicates, entries without a type or a time, a hostile deep link; an anti-bot page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanWindow } from '../../src/aggregator/ingest/scan.js';
import type { Centre } from '../../src/domain.js';
import { issueKinds, startFixtures, type FixtureRun } from '../support/fixture-server.js';

const NOW = new Date('2021-09-16T08:00:00Z');
const SITE = 'https://pharmacie-magny-les-hameaux.epharmacie.pro';
const AZ = 'be6c293a-e0a6-49ea-bdb4-31a779bde277';

describe('Valwin on real-shaped answers', () => {
  let run: FixtureRun;
  let centres: Centre[];
  let error: string | null;

  beforeAll(async () => {
    run = await startFixtures('valwin', NOW);
    ({ centres, error } = await run.discover());
  });
  afterAll(() => run.close());

  it('keeps each pharmacy once, with its own site as the link, and refuses hostile or missing links', () => {
    expect(error).toBeNull();
    expect(run.unmatched).toEqual([]);
    expect(
      centres.map((centre) => [centre.id, centre.department, centre.location, centre.bookingUrl, centre.address]),
    ).toEqual([
      [
        'Valwinaptiphar18-priker-magny-hameaux',
        '78',
        { latitude: 48.7436, longitude: 2.0614 },
        SITE,
        "2 place de l'Église, 78114 Magny-les-Hameaux",
      ],
      ['Valwinph34-reims', '51', null, 'https://pharmacie-de-reims.fr', '12 rue de Vesle, 51100 Reims'],
      // 0, 0 is in the Gulf of Guinea: the place goes, the pharmacy stays.
      ['Valwinnp20-null-island', '56', null, 'https://pharmacie-du-golfe.pharmabest.com', '56000 Vannes'],
    ]);
    expect(issueKinds(run.issues)).toEqual([
      'invalid-item',
      'unsafe-url',
      'unsafe-url',
      'missing-url',
      'bad-coordinates',
    ]);
    expect(run.issues.map((issue) => issue.message).join('\n')).toMatch(/javascript:alert[\s\S]*userinfo/);
  });

  it('reads naive Paris times, collapses duplicates, and loses only the odd entries', async () => {
    run.issues.length = 0;
    const outcome = await run.scan(centres[0]!, scanWindow(NOW, 11));
    expect(
      outcome.kind === 'slots' &&
        outcome.slots.map((slot) => [slot.start.toISOString(), slot.vaccine, slot.doses, slot.bookingUrl]),
    ).toEqual([
      ['2021-09-17T08:00:00.000Z', 'AstraZeneca', [1, 2], `${SITE}/animation-details/${AZ}/1/60`],
      [
        '2021-09-17T08:10:00.000Z',
        'Pfizer-BioNTech',
        [1, 2, 3],
        `${SITE}/animation-details/0c1d4f5e-2f7a-4d59-9d0e-2b8f1b1b7a10/1/60`,
      ],
      // An explicit offset is as good as the spec's naive Paris time.
      ['2021-09-18T07:00:00.000Z', 'AstraZeneca', [1, 2], `${SITE}/animation-details/${AZ}/1/60`],
      // Its deep link pointed at another host: the slot stays, with the centre's own link.
      ['2021-09-18T07:30:00.000Z', 'AstraZeneca', [1, 2], undefined],
    ]);
    expect(issueKinds(run.issues)).toEqual([
      'invalid-item',
      'invalid-item',
      'bad-time',
      'duplicate-slot',
      'unsafe-url',
    ]);
  });

  it('tells an anti-bot page from an answer, and an empty answer from a failure', async () => {
    expect(await run.scan(centres[1]!, scanWindow(NOW, 11))).toMatchObject({
      kind: 'issue',
      issue: { reason: 'blocked', message: expect.stringContaining('"Attention Required! | Cloudflare"') },
    });
    expect(await run.scan(centres[2]!, scanWindow(NOW, 11))).toEqual({ kind: 'slots', slots: [] });
    expect(run.unmatched).toEqual([]);
  });
});
