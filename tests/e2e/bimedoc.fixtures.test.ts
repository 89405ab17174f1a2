// Bimedoc against hand-written answers shaped like the real ones (tests/fixtures/bimedoc, spec/platforms/
// bimedoc.md): the recorded pharmacy, a list with a null id and a duplicate, a pharmacy with null fields, a
// failing details call, an unnamed one; slots with duplicates, a naive time and a null product; the API's 403.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanWindow } from '../../src/aggregator/ingest/scan.js';
import type { Centre } from '../../src/domain.js';
import { issueKinds, slotLines, startFixtures, type FixtureRun } from '../support/fixture-server.js';

const NOW = new Date('2021-08-10T06:00:00Z');
const THEATRE = '9cf46288-0080-4a8d-8856-8e9998ced9f7';
const AJACCIO = '1b2c3d4e-0000-4000-8000-000000000002';

describe('Bimedoc on real-shaped answers', () => {
  let run: FixtureRun;
  let centres: Centre[];
  let error: string | null;

  beforeAll(async () => {
    run = await startFixtures('bimedoc', NOW, { partnerKey: 'k' });
    ({ centres, error } = await run.discover());
  });
  afterAll(() => run.close());

  it('reads the recorded pharmacy as the reference record, and one with null fields', () => {
    expect(run.unmatched).toEqual([]);
    expect(
      centres.map((centre) => [
        centre.id,
        centre.department,
        centre.location,
        centre.address,
        centre.phone,
        centre.bookingUrl,
      ]),
    ).toEqual([
      // The spec's address is "{street}, {postcode} {city}": building_number is not part of it.
      [
        `bimedoc${THEATRE}`,
        '62',
        { longitude: 2.252316, latitude: 50.750673 },
        '51 Place du Marechal Foch, 62500 Saint-Omer',
        '+33321382253',
        `https://app.bimedoc.com/application/scheduler/${THEATRE}?vmd=true`,
      ],
      [
        `bimedoc${AJACCIO}`,
        '2A',
        null,
        '20000 Ajaccio',
        null,
        `https://app.bimedoc.com/application/scheduler/${AJACCIO}?vmd=true`,
      ],
    ]);
    expect(issueKinds(run.issues)).toEqual(['invalid-item', 'invalid-item']);
  });

  it('reports the failed details call as an incomplete discovery, after keeping what it found', () => {
    expect(error).toMatch(
      /discovery incomplete: 1 listing call\(s\) failed: pharmacy 1b2c3d4e-0000-4000-8000-000000000003: HTTP 500/,
    );
  });

  it('reads every usable slot, collapsing the duplicate, losing only the odd entries', async () => {
    run.issues.length = 0;
    const outcome = await run.scan(centres[0]!, scanWindow(NOW, 11));
    expect(slotLines(outcome)).toEqual([
      '2021-08-11T08:15:00.000Z Pfizer-BioNTech 1,2,3',
      '2021-08-11T08:20:00.000Z Pfizer-BioNTech 1,2,3',
      '2021-08-12T09:00:00.000Z Janssen 1,2',
    ]);
    // The spec says UTC with Z: a naive time is an issue; a null product is an issue; the copy is one slot.
    expect(issueKinds(run.issues)).toEqual(['naive-time', 'invalid-item', 'duplicate-slot']);
  });

  it("reads the API's own 403 as an explicit 'no slot' (spec §3)", async () => {
    expect(await run.scan(centres[1]!, scanWindow(NOW, 11))).toEqual({ kind: 'slots', slots: [] });
    expect(run.unmatched).toEqual([]);
  });
});
