// Mapharma parsers on hand-written answers in the recorded shapes (spec/platforms/mapharma.md).
import { describe, expect, it } from 'vitest';
import {
  businessHoursOf,
  calendarDays,
  campaignValidity,
  centresOfPharmacy,
  dosesOfVaccineName,
  findCampaign,
  gidOfCampaignUrl,
  mergeCalendarDays,
  parsePharmacies,
  slotsOfCalendar,
  type CalendarDays,
} from '../../src/scrapers/mapharma/parse.js';
import { calendarDates } from '../../src/scrapers/mapharma/request.js';
import type { Campaign } from '../../src/scrapers/mapharma/schema.js';

const HORAIRES =
  'lundi: 08:30 – 12:30, 13:30 – 18:00\nmardi: 08:30 – 12:30, 13:30 – ' +
  '18:00\nmercredi: 08:30 – 12:30\njeudi: 08:30 – 12:30, 13:30 – ' +
  '18:00\nvendredi: 08:30 – 12:30, 13:30 – 18:00\nsamedi: 09:00 – ' +
  '12:00\ndimanche: Fermé';

function campaign(overrides: Partial<Campaign>): Campaign {
  return {
    id_campagne: 93,
    id_type: 1,
    nom: 'VACCINATION COVID',
    debut: '2021-03-23',
    fin: '2021-06-30',
    prochain_libre: '2021-04-14 09:00',
    total_libres: 20,
    url: 'https://mapharma.net/02100-2?c=93&l=1',
    ...overrides,
  };
}

const OPEN_DATA: unknown[] = [
  {
    nom: 'Pharmacie De Saint Quentin',
    adresse: '4 rue de la Chaussée Romaine',
    code_postal: '02100',
    ville: 'SAINT QUENTIN',
    timezone: 'Europe/Paris',
    latitude: 49.844111,
    longitude: 3.275341,
    telephone: '03 23 62 00 00',
    horaires: HORAIRES,
    url: 'https://mapharma.net/02100-2',
    campagnes: [
      campaign({ vaccination_covid: true }),
      campaign({
        id_campagne: 94,
        nom: 'Vaccination covid Moderna rappel',
        url: 'https://mapharma.net/02100-2?c=94&l=1',
        vaccination_covid: true,
      }),
      campaign({
        id_campagne: 95,
        id_type: 2,
        nom: 'Test Antigénique COVID19',
        url: 'https://mapharma.net/02100-2?c=95&l=2',
        vaccination_covid: false,
      }),
    ],
  },
  {
    nom: 'Pharmacie du Marché',
    adresse: '1 place du Marché',
    code_postal: '88400',
    ville: 'GERARDMER',
    latitude: 48.07,
    longitude: 6.87,
    telephone: '',
    horaires: HORAIRES,
    url: 'https://mapharma.net/88400',
    campagnes: [
      campaign({
        id_campagne: 92,
        nom: 'Vaccination covid 1 injection',
        total_libres: 0,
        prochain_libre: null,
        url: 'https://mapharma.net/88400?c=92&l=1',
      }),
      campaign({ id_campagne: 96, id_type: 2, nom: 'Test antigénique', url: 'https://mapharma.net/88400?c=96&l=2' }),
      campaign({ id_campagne: 97, id_type: 3, nom: 'Atelier bien-être', url: 'https://mapharma.net/88400?c=97&l=3' }),
      campaign({ id_campagne: 98, id_type: 3, nom: 'Préparation de pilulier', url: null }),
    ],
  },
  // No postal code: Vitemadose's iteration dies on it; here only that record is skipped.
  {
    nom: 'Pharmacie sans adresse',
    adresse: '',
    ville: 'NULLE PART',
    latitude: 0,
    longitude: 0,
    telephone: '',
    horaires: '',
    url: 'https://mapharma.net/x',
    campagnes: [],
  },
];

describe('Mapharma open data', () => {
  const { pharmacies, problems } = parsePharmacies(OPEN_DATA);

  it('keeps every well-formed pharmacy and skips the broken one', () => {
    expect(pharmacies.map((pharmacy) => pharmacy.nom)).toEqual(['Pharmacie De Saint Quentin', 'Pharmacie du Marché']);
    expect(problems.map((found) => found.kind)).toEqual(['invalid-item']);
  });

  it('judges campaigns: flag first, then name keywords, no URL is never valid', () => {
    const [quentin, marche] = pharmacies;
    expect(quentin!.campagnes.map(campaignValidity)).toEqual(['valid', 'valid', 'invalid']);
    expect(marche!.campagnes.map(campaignValidity)).toEqual(['valid', 'invalid', 'unknown', 'invalid']);
  });

  it('makes one centre per valid campaign, with the id derived from the campaign URL', () => {
    const centres = pharmacies.flatMap(centresOfPharmacy);
    expect(centres.map((centre) => centre.bookingUrl)).toEqual([
      'https://mapharma.net/02100-2?c=93&l=1',
      'https://mapharma.net/02100-2?c=94&l=1',
      'https://mapharma.net/88400?c=92&l=1',
    ]);
    expect(new Set(centres.map((centre) => centre.id)).size).toBe(3);
    const [first] = centres;
    expect(first).toMatchObject({
      id: `mapharma${gidOfCampaignUrl('https://mapharma.net/02100-2?c=93&l=1')}`,
      platform: 'mapharma',
      kind: 'drugstore',
      name: 'Pharmacie De Saint Quentin',
      address: '4 rue de la Chaussée Romaine, 02100 SAINT QUENTIN',
      postalCode: '02100',
      city: 'SAINT QUENTIN',
      department: '02',
      location: { latitude: 49.844111, longitude: 3.275341 },
      phone: '+33323620000',
      scanData: { campaignId: 93, optionId: 1 },
    });
    expect(centres[2]!.phone).toBeNull();
    expect(centres[2]!.department).toBe('88');
  });

  it('derives gid from characters 52..74 of the hex URL', () => {
    expect(gidOfCampaignUrl('https://mapharma.fr/pharmacie-du-centre')).toBe('6369652d64752d63656e747');
  });

  it('reads business hours with their en-dashes, closed days included', () => {
    expect(businessHoursOf(HORAIRES)).toMatchObject({
      lundi: '08:30 – 12:30, 13:30 – 18:00',
      samedi: '09:00 – 12:00',
      dimanche: 'Fermé',
    });
    expect(businessHoursOf('')).toBeNull();
  });

  it('finds a campaign by campaign and option ids', () => {
    expect(findCampaign(pharmacies, { campaignId: 92, optionId: 1 })?.total_libres).toBe(0);
    expect(findCampaign(pharmacies, { campaignId: 92, optionId: 2 })).toBeNull();
  });
});

describe('Mapharma calendar', () => {
  const week1 = {
    '2021-04-13': [{ id: 201600, time: '09:00', textDay: 'Mardi 13 Avril', places_dispo: 1 }],
    '2021-04-19': [
      { id: 201664, time: '17:15', textDay: 'Lundi 19 Avril', places_dispo: 1 },
      { id: 201665, time: '17:30', textDay: 'Lundi 19 Avril', places_dispo: 3 },
    ],
    '2021-04-20': [{ id: 201700, time: '10:00', textDay: 'Mardi 20 Avril', places_dispo: 1 }],
    first: '2021-04-19',
    first_text: 'Prochain rendez-vous le lundi 19 avril à 17:15',
    first_slot_id: 201664,
  };
  const week2 = {
    '2021-04-20': [{ id: 201700, time: '10:00', textDay: 'Mardi 20 Avril', places_dispo: 1 }],
    '2021-04-26': [{ id: 201800, time: '08:05', textDay: 'Lundi 26 Avril', places_dispo: 0 }],
    first: null,
  };

  function days(body: Record<string, unknown>): CalendarDays {
    const parsed = calendarDays(body);
    if (parsed.problems.length > 0) throw new Error(parsed.problems[0]!.message);
    return parsed.days;
  }

  it('drops the first/first_text metadata keys and keeps the days', () => {
    expect([...days(week1).keys()]).toEqual(['2021-04-13', '2021-04-19', '2021-04-20']);
  });

  it('leaves out a day that is not a list of entries, and an odd entry, as problems; keeps the rest', () => {
    const parsed = calendarDays({
      '2021-04-19': { time: '17:15' },
      '2021-04-20': [
        { id: 1, time: '10:00', places_dispo: 1 },
        { id: 2, time: 'midi', places_dispo: 1 },
      ],
    });
    expect([...parsed.days.keys()]).toEqual(['2021-04-20']);
    expect(parsed.days.get('2021-04-20')).toHaveLength(1);
    expect(parsed.problems.map((found) => found.kind)).toEqual(['invalid-item', 'invalid-item']);
  });

  it('counts a day two overlapping calls return once: the first answer wins', () => {
    const merged = mergeCalendarDays([days(week1), days(week2)]);
    const { slots } = slotsOfCalendar(merged, '2021-04-14', 'Vaccination covid 1 injection');
    expect(slots.filter((slot) => slot.start.toISOString().startsWith('2021-04-20'))).toHaveLength(1);
  });

  it('makes one slot per free place, at Paris wall-clock time, ignoring days before the start', () => {
    const { slots, identities } = slotsOfCalendar(
      mergeCalendarDays([days(week1), days(week2)]),
      '2021-04-14',
      'Vaccination covid 1 injection',
    );
    // The three places of one entry are three slots, each its own identity: never collapsed as copies.
    expect(new Set(identities).size).toBe(slots.length);
    expect(slots.map((slot) => slot.start.toISOString())).toEqual([
      '2021-04-19T15:15:00.000Z',
      '2021-04-19T15:30:00.000Z',
      '2021-04-19T15:30:00.000Z',
      '2021-04-19T15:30:00.000Z',
      '2021-04-20T08:00:00.000Z',
    ]);
    expect(slots[0]).toMatchObject({ vaccine: 'unknown', doses: [1, 2], motive: 'Vaccination covid 1 injection' });
  });

  it('reads winter times with the winter offset', () => {
    const { slots } = slotsOfCalendar(
      days({ '2021-03-01': [{ id: 1, time: '09:00', textDay: 'Lundi 1 Mars', places_dispo: 1 }] }),
      '2021-03-01',
      'Vaccination COVID Pfizer',
    );
    expect(slots[0]!.start.toISOString()).toBe('2021-03-01T08:00:00.000Z');
    expect(slots[0]!.vaccine).toBe('Pfizer-BioNTech');
  });

  it('tags every plausible dose, from the campaign name', () => {
    expect(dosesOfVaccineName('VACCINATION COVID Moderna')).toEqual([1, 2, 3]);
    expect(dosesOfVaccineName('Vaccination COVID Janssen')).toEqual([1, 2]);
    expect(dosesOfVaccineName('Vaccination COVID - Marne')).toEqual([1, 2]);
  });

  it('asks the calendar twice, six days apart, for an 11-day horizon', () => {
    expect(calendarDates('2021-04-14', '2021-04-25')).toEqual(['2021-04-14', '2021-04-20']);
    expect(calendarDates('2021-04-14', '2021-05-12')).toEqual([
      '2021-04-14',
      '2021-04-20',
      '2021-04-26',
      '2021-05-02',
      '2021-05-08',
    ]);
  });
});
