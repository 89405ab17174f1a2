// Mesoigner parsers on hand-written answers in the recorded shapes (spec/platforms/mesoigner.md).
import { describe, expect, it } from 'vitest';
import {
  businessHoursOf,
  centreOfRecord,
  dosesOfProducts,
  kindOfCentreType,
  slotsOfAnswer,
  vaccineOfProducts,
} from '../../src/scrapers/mesoigner/parse.js';
import { authorization, slotsRequest } from '../../src/scrapers/mesoigner/request.js';
import { slotsSchema } from '../../src/scrapers/mesoigner/schema.js';

const CENTRE = {
  id: '1722',
  name: 'Pharmacie des Pyrénées',
  rdv_site_web:
    'https://pharmacie-des-pyrenees.pharmaxv.fr/rendez-vous/vaccination/269-vaccination-covid-19/pre-inscription',
  platform_is: 'mesoigner',
  center_type: 'pharmacie',
  booking_disabled: false,
  phone_number: '+33562450461',
  position: { latitude: '43.2352', longitude: '0.0981' },
  zipcode: '65310',
  adress_street: '1 Impasse du Stade',
  adress_city: 'ODOS',
  opening_hours: [
    { day: 1, ranges: [['08:00', '20:00']] },
    {
      day: 2,
      ranges: [
        ['09:00', '12:00'],
        ['14:30', '19:00'],
      ],
    },
    { day: 7, ranges: null },
  ],
};

describe('Mesoigner centre list', () => {
  it('makes a centre from a list record: id, department from the zip code, float coordinates', () => {
    const parsed = centreOfRecord(CENTRE);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.centre).toMatchObject({
      id: 'mesoigner1722',
      platform: 'mesoigner',
      name: 'Pharmacie des Pyrénées',
      kind: 'drugstore',
      address: '1 Impasse du Stade, 65310 ODOS',
      postalCode: '65310',
      department: '65',
      location: { latitude: 43.2352, longitude: 0.0981 },
      phone: '+33562450461',
      bookingUrl: CENTRE.rdv_site_web,
      scanData: { gid: '1722', bookingDisabled: false },
    });
  });

  it('reads opening hours numbered from Monday, closed days null', () => {
    expect(businessHoursOf(CENTRE.opening_hours as never)).toEqual({
      lundi: '08:00-20:00',
      mardi: '09:00-12:00, 14:30-19:00',
      mercredi: null,
      jeudi: null,
      vendredi: null,
      samedi: null,
      dimanche: null,
    });
  });

  it('maps centre types by the first key they contain, and refuses the unknown', () => {
    expect(kindOfCentreType('pharmacie')).toBe('drugstore');
    expect(kindOfCentreType('Médecin généraliste')).toBe('general-practitioner');
    expect(kindOfCentreType('centre de vaccination')).toBe('vaccination-center');
    expect(centreOfRecord({ ...CENTRE, center_type: 'laboratoire' })).toMatchObject({
      ok: false,
      problem: { kind: 'invalid-item', message: expect.stringContaining('unknown center_type "laboratoire"') },
    });
  });

  it('ignores records of another platform, and refuses one without the shape as a problem', () => {
    expect(centreOfRecord({ ...CENTRE, platform_is: 'bimedoc' })).toEqual({ ok: false, problem: null });
    expect(centreOfRecord({ ...CENTRE, zipcode: undefined })).toMatchObject({
      ok: false,
      problem: { kind: 'invalid-item' },
    });
  });
});

describe('Mesoigner slots', () => {
  const AVAILABLE = slotsSchema.parse({
    total: 4,
    slots: [
      {
        '2021-06-16': [
          { slot_beginning: '2021-06-16T14:50:00+02:00', available_vaccines: ['Moderna'], number_of_slots: 1 },
        ],
      },
      { '2021-06-17': [] },
      { '2021-06-185': [] },
      {
        '2021-07-26': [
          { slot_beginning: '2021-07-26T14:30:00+02:00', available_vaccines: ['AstraZeneca'], number_of_slots: 3 },
          { slot_beginning: '2021-07-26T14:55:00+02:00', available_vaccines: ['AstraZeneca'], number_of_slots: 1 },
          { slot_beginning: '2021-07-26T16:05:00+02:00', available_vaccines: ['Moderna'], number_of_slots: 1 },
        ],
      },
    ],
  });

  it('makes one slot per entry at its offset instant, whatever number_of_slots and malformed day keys say', () => {
    const { slots } = slotsOfAnswer(AVAILABLE);
    expect(slots.map((slot) => [slot.start.toISOString(), slot.vaccine, slot.doses])).toEqual([
      ['2021-06-16T12:50:00.000Z', 'Moderna', [1, 2, 3]],
      ['2021-07-26T12:30:00.000Z', 'AstraZeneca', [1, 2]],
      ['2021-07-26T12:55:00.000Z', 'AstraZeneca', [1, 2]],
      ['2021-07-26T14:05:00.000Z', 'Moderna', [1, 2, 3]],
    ]);
  });

  it('answers nothing for empty days', () => {
    expect(
      slotsOfAnswer(
        slotsSchema.parse({ total: 0, slots: [{ '2021-06-16': [] }, { '2021-06-17': [] }, { '2021-06-18': [] }] }),
      ),
    ).toEqual({ slots: [], problems: [] });
  });

  it('tags booster-only products with the booster only', () => {
    expect(dosesOfProducts(['Pfizer BA.5'])).toEqual([3]);
    expect(dosesOfProducts(['Moderna BA.1'])).toEqual([3]);
    expect(dosesOfProducts(['Moderna BA.1', 'Pfizer-BioNTech'])).toEqual([1, 2, 3]);
    expect(dosesOfProducts(['Janssen'])).toEqual([1, 2]);
    expect(vaccineOfProducts(['Pfizer BA.5'])).toBe('Pfizer-BioNTech');
  });

  it('names one brand, mRNA for several mRNA brands, unknown otherwise', () => {
    expect(vaccineOfProducts(['Pfizer-BioNTech', 'Moderna'])).toBe('ARNm');
    expect(vaccineOfProducts(['Pfizer-BioNTech', 'AstraZeneca'])).toBe('unknown');
    expect(vaccineOfProducts(['Novavax'])).toBe('unknown');
  });

  it('asks from a start date with the Mesoigner authorisation scheme', () => {
    const request = slotsRequest(
      { baseUrls: { www: 'http://127.0.0.1:1' }, partnerKey: 'k3y' },
      'mesoigner1722',
      '2021-06-16',
    );
    expect(request.url).toBe('http://127.0.0.1:1/api/v1/vaccination/centers/1722/2021-06-16');
    expect(request.headers).toEqual({ Authorization: 'Mesoigner apikey="k3y"' });
    expect(authorization(undefined)).toBe('Mesoigner apikey=""');
  });
});
