// AvecMonDoc parsers on hand-written answers in the recorded shapes (spec/platforms/avecmondoc.md).
import { describe, expect, it } from 'vitest';
import {
  businessHoursOf,
  centreOfOrganization,
  dosesOfReason,
  kindOfOrganization,
  parseAvailabilityPage,
  slugOfUrl,
  vaccinationReasons,
  vaccineOfReason,
} from '../../src/scrapers/avecmondoc/parse.js';
import { availabilitiesRequest } from '../../src/scrapers/avecmondoc/request.js';
import {
  organizationSchema,
  perDaySchema,
  searchEntrySchema,
  searchSchema,
} from '../../src/scrapers/avecmondoc/schema.js';

function reason(id: number, text: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    reason: text,
    code: '',
    type: 'inOffice',
    active: true,
    deleted: false,
    organizationId: 159,
    specialityId: 190,
    price: 0,
    nextAction: null,
    ...extra,
  };
}

const ORGANIZATION = organizationSchema.parse({
  id: 159,
  slug: 'delphine-rousseau-159',
  name: 'Delphine ROUSSEAU',
  subtitle: 'Pharmacie',
  status: 'published',
  address: '21 Rue du Chemin Vert',
  zipCode: '75011',
  city: 'Paris',
  country: 'France',
  phone: '0123456789',
  timezone: 'Europe/Paris',
  coordinates: { lng: 2.3776, lat: 48.8584 },
  schedules: {
    '0': { enabled: false, schedules: [] },
    '1': {
      enabled: true,
      schedules: [
        { start: '08:30', end: '12:30', dayNumber: 1 },
        { start: '13:30', end: '17:00', dayNumber: 1 },
      ],
    },
    '2': { enabled: true, schedules: [{ start: '08:30', end: '12:30', dayNumber: 2 }] },
    '3': { enabled: true, schedules: [] },
    '4': { enabled: true, schedules: [] },
    '5': { enabled: true, schedules: [] },
    '6': { enabled: false, schedules: [] },
  },
  speciality: [
    { id: 1, label: 'Médecine générale', professionId: 14, isMain: false },
    { id: 190, label: 'Pharmacie', professionId: 24, isMain: true },
  ],
  consultationReasons: [
    reason(604, 'Première injection vaccinale COVID-19 Pfizer'),
    reason(605, 'Seconde injection vaccinale COVID-19 Janssen'),
    reason(606, 'Vaccination grippe'),
    reason(607, 'Test antigénique COVID-19'),
    reason(608, 'Rappel injection COVID Moderna', { deleted: true }),
  ],
});

const PAGE_URL = 'https://patient.avecmondoc.com/fiche/structure/delphine-rousseau-159';

describe('AvecMonDoc search and organisations', () => {
  it('reads a search page, "[object Object]" cities included', () => {
    const page = searchSchema.parse({
      data: [
        {
          name: 'Delphine ROUSSEAU',
          url: 'https://patient.avecmondoc.com/fiche/structure/delphine-rousseau-159',
          address: null,
          zipCode: '75011',
          city: '[object Object]',
          country: 'France',
          businessHoursCovidCount: 3,
        },
      ],
      page: 1,
      pages: 22,
      limit: 10,
      hasPreviousPage: false,
      hasNextPage: true,
      count: 214,
    });
    expect(slugOfUrl(searchEntrySchema.parse(page.data[0]).url)).toBe('delphine-rousseau-159');
    expect(slugOfUrl('https://patient.avecmondoc.com/fiche/structure/cabinet-159/')).toBe('cabinet-159');
  });

  it('keeps vaccination reasons only: grippe, tests and deleted reasons are out', () => {
    expect(vaccinationReasons(ORGANIZATION).map((candidate) => candidate.id)).toEqual([604, 605]);
  });

  it('makes a centre with the amd id, Paris address, capitalised day keys and the patient page', () => {
    expect(centreOfOrganization(ORGANIZATION, PAGE_URL)).toMatchObject({
      id: 'amd159',
      platform: 'avecmondoc',
      kind: 'drugstore',
      address: '21 Rue du Chemin Vert, 75011 Paris',
      postalCode: '75011',
      department: '75',
      location: { latitude: 48.8584, longitude: 2.3776 },
      phone: '+33123456789',
      bookingUrl: 'https://patient.avecmondoc.com/fiche/structure/delphine-rousseau-159',
      scanData: { organizationId: 159, slug: 'delphine-rousseau-159' },
    });
    expect(businessHoursOf(ORGANIZATION)).toEqual({
      Dimanche: '',
      Lundi: '08:30-12:30 13:30-17:00',
      Mardi: '08:30-12:30',
      Mercredi: '',
      Jeudi: '',
      Vendredi: '',
      Samedi: '',
    });
  });

  it('drops organisations without a 5-character postal code or without a vaccination reason', () => {
    expect(centreOfOrganization({ ...ORGANIZATION, zipCode: '7501' }, PAGE_URL)).toBeNull();
    expect(centreOfOrganization({ ...ORGANIZATION, consultationReasons: null }, PAGE_URL)).toBeNull();
    expect(
      centreOfOrganization({ ...ORGANIZATION, consultationReasons: [reason(606, 'Vaccination grippe')] }, PAGE_URL),
    ).toBeNull();
  });

  it('lets the last GP or pharmacy speciality decide the kind', () => {
    expect(
      kindOfOrganization({
        ...ORGANIZATION,
        speciality: [
          { id: 190, label: 'Pharmacie', professionId: 24, isMain: true },
          { id: 1, label: 'Médecine générale', professionId: 14, isMain: false },
        ],
      }),
    ).toBe('general-practitioner');
    expect(kindOfOrganization({ ...ORGANIZATION, speciality: [] })).toBe('drugstore');
    expect(
      kindOfOrganization({
        ...ORGANIZATION,
        speciality: [{ id: 318, label: 'Centre de vaccination COVID-19', professionId: 60, isMain: true }],
      }),
    ).toBe('vaccination-center');
  });
});

describe('AvecMonDoc reason texts', () => {
  it.each([
    ['Première injection vaccinale COVID-19 Pfizer', 'Pfizer-BioNTech', [1]],
    ['Seconde injection vaccinale COVID-19 Janssen', 'Janssen', [2]],
    ['Rappel injection vaccinale COVID-19 Pfizer', 'Pfizer-BioNTech', [3]],
    ['Injection COVID rappel (3ème dose) Moderna', 'Moderna', [3]],
    ['Première injection vaccinale COVID-19 Pfizer enfant (5-11 ans)', 'Pfizer-BioNTech', ['1_kid']],
    ['Injection vaccinale monodose Janssen', 'Janssen', []],
    ['1ere vaccination AstraZeneca', 'AstraZeneca', [1]],
    ['Injection vaccinale COVID-19 - Marne', 'unknown', []],
  ])('%s -> %s %j', (text, vaccine, doses) => {
    expect(vaccineOfReason(text)).toBe(vaccine);
    expect(dosesOfReason(text)).toEqual(doses);
  });
});

describe('AvecMonDoc availabilities', () => {
  const REASON = reason(604, 'Première injection vaccinale COVID-19 Pfizer');
  const hours = (id: number, start: string, end: string) => ({
    id,
    start,
    end,
    title: 'dispo',
    extendedProps: { doctorId: 822, organizationId: 159, type: 'inOffice', delayBwtNowAndTimeAppointment: '1h' },
  });
  const day = (start: string, slots: unknown[]) => ({
    start,
    end: start.replace('22:00:00.000Z', '21:59:59.999Z'),
    slots,
  });
  const PAGE = perDaySchema.parse([
    day('2021-05-19T22:00:00.000Z', [
      {
        start: '0',
        end: '2021-05-20T09:15:00.000Z',
        businessHours: hours(161780, '2021-05-20T09:00:00.000Z', '2021-05-20T09:15:00.000Z'),
        isAvailable: true,
      },
      {
        start: '1',
        end: '2021-05-20T09:30:00.000Z',
        businessHours: hours(161781, '2021-05-20T09:15:00.000Z', '2021-05-20T09:30:00.000Z'),
        isAvailable: false,
      },
      { start: '2', end: '2021-05-20T09:45:00.000Z', businessHours: null, isAvailable: true },
    ]),
    day('2021-05-20T22:00:00.000Z', []),
    { nextAvailableBusinessHourInCurrentWeek: true, nextAvailableBusinessHour: false },
  ]);

  it("keeps available hours with a business hour, at their UTC instant, with the reason's vaccine and doses", () => {
    const page = parseAvailabilityPage(PAGE, REASON);
    expect(page.slots).toEqual([
      {
        id: 161780,
        slot: {
          start: new Date('2021-05-20T09:00:00.000Z'),
          vaccine: 'Pfizer-BioNTech',
          doses: [1],
          motive: REASON.reason,
        },
      },
    ]);
    expect(page.next).toEqual({ kind: 'continue' });
  });

  it("reads the trailing marker: stop, continue, or jump to the next bookable hour's Paris date", () => {
    const marker = (inWeek: boolean, next: false | { start: string }) =>
      perDaySchema.parse([{ nextAvailableBusinessHourInCurrentWeek: inWeek, nextAvailableBusinessHour: next }]);
    expect(parseAvailabilityPage(marker(false, false), REASON).next).toEqual({ kind: 'stop' });
    expect(parseAvailabilityPage(marker(true, false), REASON).next).toEqual({ kind: 'continue' });
    expect(parseAvailabilityPage(marker(false, { start: '2021-06-09T22:30:00.000Z' }), REASON).next).toEqual({
      kind: 'jump',
      date: '2021-06-10',
    });
    expect(parseAvailabilityPage(marker(false, { start: '2021-06-09T08:00:00' }), REASON).next).toEqual({
      kind: 'jump',
      date: '2021-06-09',
    });
  });

  it('asks a 7-day window with local dates dressed in a literal Z', () => {
    const request = availabilitiesRequest({ baseUrls: { api: 'http://127.0.0.1:1' } }, 159, 604, '2021-05-20');
    expect(request).toMatchObject({ method: 'POST', url: 'http://127.0.0.1:1/api/BusinessHours/availabilitiesPerDay' });
    expect(request.json).toEqual({
      consultationReasonId: 604,
      disabledPeriods: [],
      fullDisplay: true,
      organizationId: 159,
      periodEnd: '2021-05-26T00:00:00.000Z',
      periodStart: '2021-05-20T00:00:00.000Z',
      type: 'inOffice',
    });
  });
});
