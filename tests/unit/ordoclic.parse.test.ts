// Ordoclic parsers on hand-written answers in the platform's real shapes (spec/platforms/ordoclic.md).
import { describe, expect, it } from 'vitest';
import {
  bookingUrlOf,
  entityTypeOf,
  isPhoneOnly,
  ordoclicCentreId,
  placeOf,
  slotsFromAnswer,
  vaccinationReasons,
} from '../../src/scrapers/ordoclic/parse.js';
import { profileOfPageUrl, profileUrl, searchUrl, slotsRequest } from '../../src/scrapers/ordoclic/request.js';
import { profileSchema, reasonsSchema, searchItemSchema, slotsSchema } from '../../src/scrapers/ordoclic/schema.js';

const reasons = reasonsSchema.parse({
  limitedMode: false,
  reasons: [
    {
      id: '5dd2eb14-9016-425b-ae97-461517411607',
      name: 'Vaccination AstraZeneca - Injection 1',
      canBookOnline: true,
      reasonTypeId: 4,
      vaccineInjectionDose: 1,
    },
    {
      id: 'b',
      name: 'Vaccination Pfizer - Injection 3',
      canBookOnline: true,
      reasonTypeId: 4,
      vaccineInjectionDose: 3,
    },
    {
      id: 'c',
      name: 'Vaccination Pfizer - Injection 2',
      canBookOnline: false,
      reasonTypeId: 4,
      vaccineInjectionDose: 2,
    },
    { id: 'd', name: 'Test antigénique', canBookOnline: true, reasonTypeId: 2 },
    { id: 'e', name: 'Vaccination antigrippale', canBookOnline: true, reasonTypeId: 4, vaccineInjectionDose: -1 },
    {
      id: 'f',
      name: '1ère injection AstraZeneca - Châlons (Marne)',
      canBookOnline: true,
      reasonTypeId: 4,
      vaccineInjectionDose: 1,
    },
    { id: 'g', name: 'Vaccination COVID - Injection 1', canBookOnline: true, reasonTypeId: 4, vaccineInjectionDose: 1 },
  ],
});

describe('Ordoclic reasons', () => {
  it('keeps reasons bookable online with a dose, with the brand of the name ("Marne" is not ARNm)', () => {
    expect(vaccinationReasons(reasons)).toEqual([
      {
        id: '5dd2eb14-9016-425b-ae97-461517411607',
        name: 'Vaccination AstraZeneca - Injection 1',
        dose: 1,
        vaccine: 'AstraZeneca',
      },
      { id: 'b', name: 'Vaccination Pfizer - Injection 3', dose: 3, vaccine: 'Pfizer-BioNTech' },
      { id: 'f', name: '1ère injection AstraZeneca - Châlons (Marne)', dose: 1, vaccine: 'AstraZeneca' },
      { id: 'g', name: 'Vaccination COVID - Injection 1', dose: 1, vaccine: 'unknown' },
    ]);
  });
});

describe('Ordoclic slots', () => {
  const reason = {
    id: 'a',
    name: 'Vaccination AstraZeneca - Injection 1',
    dose: 1 as const,
    vaccine: 'AstraZeneca' as const,
  };
  const window = { from: new Date('2021-05-08T00:00:00+02:00'), to: new Date('2021-05-19T00:00:00+02:00') };

  it('reads timeStart as the true UTC instant, does not add the offset again, and refuses a naive one', () => {
    const answer = slotsSchema.parse({
      nextAvailableSlotDate: null,
      slots: [
        {
          id: '1',
          timeStart: '2021-05-12T14:00:00Z',
          timeStartUtcOffset: 120,
          timeEnd: '2021-05-12T14:05:00Z',
          timeEndUtcOffset: 120,
          tzId: 'Europe/Paris',
          reasonIDs: ['a'],
          medicalStaffID: 'm',
          calendarId: 'c',
          rrule: '',
          isRepeated: false,
          name: '',
        },
        { id: '2', timeStart: '2021-05-12T14:30:00', tzId: 'Europe/Paris' },
        { id: '3', timeStart: '2021-05-20T08:00:00Z', timeStartUtcOffset: 120 },
      ],
    });
    const read = slotsFromAnswer(answer, reason, window);
    expect(read.slots).toEqual([
      {
        start: new Date('2021-05-12T16:00:00+02:00'),
        vaccine: 'AstraZeneca',
        doses: [1],
        motive: 'Vaccination AstraZeneca - Injection 1',
      },
    ]);
    expect(read.problems.map((found) => found.kind)).toEqual(['naive-time']);
  });

  it('gives no slot for a next-available-date answer or an empty one', () => {
    expect(
      slotsFromAnswer(slotsSchema.parse({ slots: [], nextAvailableSlotDate: '2021-06-12T10:30:00Z' }), reason, window),
    ).toEqual({ slots: [], problems: [] });
    expect(slotsFromAnswer(slotsSchema.parse({ slots: [], nextAvailableSlotDate: null }), reason, window)).toEqual({
      slots: [],
      problems: [],
    });
  });

  it('posts the window as instants with the JSON and text/plain headers', () => {
    const request = slotsRequest('https://api.ordoclic.fr', {
      entityId: 'e',
      medicalStaffId: 'm',
      reasonId: 'r',
      from: window.from,
      to: window.to,
    });
    expect(request).toEqual({
      method: 'POST',
      idempotent: true,
      url: 'https://api.ordoclic.fr/v1/solar/slots/availableSlots',
      headers: { 'Content-Type': 'application/json', Accept: 'text/plain' },
      json: {
        entityId: 'e',
        medicalStaffId: 'm',
        reasonId: 'r',
        dateEnd: '2021-05-18T22:00:00.000Z',
        dateStart: '2021-05-07T22:00:00.000Z',
      },
    });
  });
});

describe('Ordoclic profiles', () => {
  const base = {
    profileSlug: 'pharmacie-oceane-paris',
    entityId: '03674d71-b200-4682-8e0a-3ab9687b2b59',
    name: 'Pharmacie Océane',
    publicProfessionals: [
      { id: '5c8fc562-d836-4aed-84d6-225e5af8075e', fullName: 'X', job: 'Pharmacien', publicProfileSlug: 'x' },
    ],
  };

  it('reads booking_settings: "any" or no option is phone only, "internal" is online', () => {
    expect(
      isPhoneOnly(
        profileSchema.parse({
          ...base,
          attributeValues: [{ label: 'booking_settings', value: { option: 'internal' } }],
        }),
      ),
    ).toBe(false);
    expect(
      isPhoneOnly(
        profileSchema.parse({ ...base, attributeValues: [{ label: 'booking_settings', value: { option: 'any' } }] }),
      ),
    ).toBe(true);
    expect(
      isPhoneOnly(profileSchema.parse({ ...base, attributeValues: [{ label: 'booking_settings', value: {} }] })),
    ).toBe(true);
    expect(isPhoneOnly(profileSchema.parse({ ...base, attributeValues: [] }))).toBe(false);
  });

  it('picks the profile endpoint from the page path segment', () => {
    expect(
      profileUrl(
        'https://api.ordoclic.fr',
        profileOfPageUrl('https://app.ordoclic.fr/app/pharmacie/pharmacie-oceane-paris')!,
      ),
    ).toBe('https://api.ordoclic.fr/v1/public/entities/profile/pharmacie-oceane-paris');
    expect(
      profileUrl('https://api.ordoclic.fr', profileOfPageUrl('https://app.ordoclic.fr/app/medecin/dr-martin')!),
    ).toBe('https://api.ordoclic.fr/v1/professionals/profile/dr-martin');
    expect(profileOfPageUrl('https://app.ordoclic.fr/app/pharmacien/jean')).toEqual({
      slug: 'jean',
      kind: 'professional',
    });
  });
});

describe('Ordoclic search', () => {
  it('sends the dotted filters in one page of 10000', () => {
    const url = new URL(searchUrl('https://api.ordoclic.fr'));
    expect(url.pathname).toBe('/v1/public/search');
    expect(url.searchParams.get('per_page')).toBe('10000');
    expect(url.searchParams.get('in.isPublicProfile')).toBe('true');
    expect(url.searchParams.get('in.isCovidVaccineSupported')).toBe('true');
    expect(url.searchParams.get('or.covidOnlineBookingAvailabilities.vaccinePfizer3')).toBe('true');
  });

  it('turns a pharmacy into centre fields and leaves labs out', () => {
    const item = searchItemSchema.parse({
      id: '0318b49d-2b5b-4f3c-9f5e-5a6e2b1c0d11',
      name: 'Pharmacie du Centre',
      type: 'Pharmacie',
      phone: '0145454545',
      location: { address: '1 rue de Rivoli', zip: '75001', city: 'Paris', coordinates: { lon: 2.35, lat: 48.86 } },
      publicProfile: { slug: 'pharmacie-du-centre-paris', publishedAt: true },
      bookingSettings: { option: 'internal' },
      covidOnlineBookingAvailabilities: { vaccinePfizer1: true },
    });
    const type = entityTypeOf(item)!;
    expect(type.kind).toBe('drugstore');
    expect(bookingUrlOf(item, type.segment)).toBe('https://app.ordoclic.fr/app/pharmacie/pharmacie-du-centre-paris');
    expect(ordoclicCentreId(item.id)).toBe('ordoclic0318b49d');
    expect(placeOf(item)).toMatchObject({
      department: '75',
      location: { latitude: 48.86, longitude: 2.35 },
      phone: '+33145454545',
      address: '1 rue de Rivoli, 75001 Paris',
    });
    expect(entityTypeOf({ ...item, type: 'Laboratoire' })).toBeNull();
  });
});
