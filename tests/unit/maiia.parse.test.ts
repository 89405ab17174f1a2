// Maiia parsers on hand-written answers in the platform's real shapes (spec/platforms/maiia.md).
import { describe, expect, it } from 'vitest';
import {
  bookingUrlOf,
  businessHoursOf,
  guessDoseFromName,
  isExcludedReason,
  maiiaCentreId,
  placeOf,
  planReason,
  rejectionOf,
  slotsFromAvailabilities,
} from '../../src/scrapers/maiia/parse.js';
import { availabilitiesQuery, encodeReasonName, pagedUrl, reasonsQuery } from '../../src/scrapers/maiia/request.js';
import { hcdItemSchema, reasonSchema } from '../../src/scrapers/maiia/schema.js';

const reason = (json: object) =>
  reasonSchema.parse({
    id: '602a56db18afb4512ac77c19',
    consultationType: 'PHYSICAL',
    patientLimitation: 'PUBLIC',
    ...json,
  });

describe('Maiia reasons', () => {
  it('maps injectionType to doses and the name to a vaccine', () => {
    expect(
      planReason(
        reason({ name: 'Première injection vaccin anti covid-19 (personnes +60 ans)', injectionType: 'FIRST' }),
      ),
    ).toEqual({
      kind: 'scan',
      name: 'Première injection vaccin anti covid-19 (personnes +60 ans)',
      dose: 1,
      vaccine: 'unknown',
    });
    expect(planReason(reason({ name: 'Rappel Moderna', injectionType: 'BOOSTER' }))).toMatchObject({
      dose: 3,
      vaccine: 'Moderna',
    });
    expect(planReason(reason({ name: '2ème injection Pfizer', injectionType: 'SECOND' }))).toMatchObject({
      dose: 2,
      vaccine: 'Pfizer-BioNTech',
    });
  });

  it('guesses the dose from the name when injectionType is null or NONE, ignoring ages and COVID-19', () => {
    expect(
      planReason(reason({ name: 'Rappel vaccin covid Pfizer (personnes +18 ans)', injectionType: 'NONE' })),
    ).toMatchObject({ dose: 3 });
    expect(
      planReason(reason({ name: '1ère injection vaccin COVID-19 (Moderna) (personnes +12 ans)', injectionType: null })),
    ).toMatchObject({ dose: 1, vaccine: 'Moderna' });
    expect(guessDoseFromName('Vaccination pédiatrique Pfizer 5-11 ans - 1ère injection')).toBe(1);
    expect(guessDoseFromName('Vaccination covid')).toBeNull();
  });

  it('skips reasons without injectionType, NONE without covid, and tests, but not an attestation', () => {
    expect(planReason(reason({ name: 'Consultation de suivi' }))).toEqual({ kind: 'skip' });
    expect(planReason(reason({ name: 'Vaccination antigrippale', injectionType: 'NONE' }))).toEqual({ kind: 'skip' });
    expect(planReason(reason({ name: 'Test antigénique COVID-19', injectionType: 'NONE' }))).toEqual({ kind: 'skip' });
    expect(planReason(reason({ name: 'Dépistage PCR COVID', injectionType: 'NONE' }))).toEqual({ kind: 'skip' });
    expect(isExcludedReason('Première injection (avec attestation de formation)')).toBe(false);
    expect(isExcludedReason('Tests rapides')).toBe(true);
    expect(
      planReason(reason({ name: '1ère injection Pfizer (avec attestation de vaccination)', injectionType: 'FIRST' })),
    ).toMatchObject({ kind: 'scan', dose: 1 });
  });

  it('does not read "Marne" as ARNm', () => {
    expect(
      planReason(reason({ name: '1ère injection AstraZeneca - Châlons (Marne)', injectionType: 'FIRST' })),
    ).toMatchObject({ vaccine: 'AstraZeneca' });
  });

  it('flags an undocumented injectionType', () => {
    expect(planReason(reason({ name: 'Vaccination', injectionType: 'FOURTH' }))).toEqual({
      kind: 'unknown-injection-type',
      value: 'FOURTH',
    });
  });
});

describe('Maiia availabilities', () => {
  it('reads UTC start times and keeps those in the window', () => {
    const plan = { kind: 'scan' as const, name: 'Rappel Moderna', dose: 3 as const, vaccine: 'Moderna' as const };
    const window = { from: new Date('2021-05-13T00:00:00+02:00'), to: new Date('2021-05-24T00:00:00+02:00') };
    const slots = slotsFromAvailabilities(
      [
        { startDateTime: '2021-05-13T13:40:00.000Z' },
        { startDateTime: '2021-05-24T08:00:00.000Z' },
        { startDateTime: '2021-05-14T08:00:00' },
      ],
      plan,
      window,
    );
    expect(slots.slots).toEqual([
      { start: new Date('2021-05-13T13:40:00Z'), vaccine: 'Moderna', doses: [3], motive: 'Rappel Moderna' },
    ]);
    // The spec says UTC: a time without its zone is a problem, not a guess and not a silent drop.
    expect(slots.problems.map((found) => found.kind)).toEqual(['naive-time']);
  });

  it('encodes reason names with no safe character and pages from 0 with limit, page and size', () => {
    const name = 'Première injection vaccin anti covid-19 (personnes +60 ans)';
    expect(encodeReasonName(name)).toBe(
      'Premi%C3%A8re%20injection%20vaccin%20anti%20covid-19%20%28personnes%20%2B60%20ans%29',
    );
    expect(
      pagedUrl(
        'https://www.maiia.com',
        'availabilities',
        availabilitiesQuery('5ffc744c68dedf073a5b87a2', name, '2021-04-29T00:00:00', '2021-05-10T00:00:00'),
        100,
        0,
      ),
    ).toBe(
      'https://www.maiia.com/api/pat-public/availabilities?' +
        'centerId=5ffc744c68dedf073a5b87a2&' +
        'consultationReasonName=Premi%C3%A8re%20injection%20vaccin%20anti%20covid-19' +
        '%20%28personnes%20%2B60%20ans%29&' +
        'from=2021-04-29T00:00:00&to=2021-05-10T00:00:00&limit=100&page=0&size=100',
    );
    expect(
      pagedUrl('https://www.maiia.com', 'consultation-reason-hcd', reasonsQuery('5ffc744c68dedf073a5b87a2'), 100, 1),
    ).toBe(
      'https://www.maiia.com/api/pat-public/consultation-reason-hcd?' +
        'rootCenterId=5ffc744c68dedf073a5b87a2&limit=100&page=1&size=100',
    );
  });
});

describe('Maiia centre search', () => {
  const item = hcdItemSchema.parse({
    id: '5fff1f61b1a1aa1cc204f203',
    type: 'CENTER',
    url: '/centre-de-vaccination/07270-lamastre/centre-de-vaccination-covid---lamastre',
    center: {
      id: '5fff1f61b1a1aa1cc204f203',
      name: 'CENTRE DE VACCINATION COVID - LAMASTRE',
      url: '/centre-de-vaccination/07270-lamastre/centre-de-vaccination-covid---lamastre',
      childCenters: [],
      speciality: { code: 'VAC01', name: 'Centre de vaccination', shortName: 'centre-de-vaccination' },
      publicInformation: {
        address: {
          fullAddress: 'Rue du Docteur Kutzner, 07270 Lamastre',
          zipCode: '07270',
          city: 'Lamastre',
          inseeCode: '7129',
          location: { coordinates: [4.58, 44.99], x: 4.58, y: 44.99 },
        },
        officeInformation: {
          phoneNumber: '04 75 06 41 27',
          openingSchedules: {
            MONDAY: {
              schedules: [
                { startTime: '08:00', endTime: '12:00', position: 0 },
                { startTime: '14:00', endTime: '18:00', position: 1 },
              ],
              isActive: true,
            },
            SUNDAY: { schedules: [], isActive: false },
          },
        },
      },
    },
    consultationReasons: [{ id: 'a', name: 'Première injection', injectionType: 'FIRST' }],
  });

  it('builds the centre fields, the lower-case centerid URL and the 8-character id', () => {
    expect(rejectionOf(item)).toBeNull();
    expect(bookingUrlOf(item)).toBe(
      'https://www.maiia.com/centre-de-vaccination/07270-lamastre/' +
        'centre-de-vaccination-covid---lamastre?centerid=5fff1f61b1a1aa1cc204f203',
    );
    expect(maiiaCentreId(item.center.id)).toBe('maiia5fff1f61');
    expect(placeOf(item)).toMatchObject({
      postalCode: '07270',
      department: '07',
      location: { longitude: 4.58, latitude: 44.99 },
      phone: '+33475064127',
    });
    expect(businessHoursOf(item)).toEqual({ Lundi: '08:00-12:00 14:00-18:00' });
  });

  it('rejects parent centres, the excluded id and test-only centres', () => {
    expect(rejectionOf({ ...item, center: { ...item.center, childCenters: [{}] } })).toBe('has child centres');
    expect(rejectionOf({ ...item, center: { ...item.center, id: '603e4fae8c512e753fc49ba1' } })).toBe(
      'excluded centre',
    );
    expect(
      rejectionOf({ ...item, consultationReasons: [{ name: 'Test antigénique' }, { name: 'Dépistage PCR' }] }),
    ).toBe('only tests and flu reasons');
    expect(
      rejectionOf({
        ...item,
        consultationReasons: [{ name: 'Test antigénique' }, { name: 'Vaccination avec attestation' }],
      }),
    ).toBeNull();
  });
});
