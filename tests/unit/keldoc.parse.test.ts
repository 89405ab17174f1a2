// Keldoc parsers on hand-written answers in the platform's real shapes (spec/platforms/keldoc.md).
import { describe, expect, it } from 'vitest';
import {
  bookingUrlOf,
  centreUrlOf,
  classifyTimetable,
  doseFromMotiveName,
  keldocCentreId,
  kindOfUrl,
  mergeDays,
  motiveVaccine,
  parseCoordinates,
  placeOf,
  resourceQueryFromPath,
  resourceQueryFromRedirect,
  scanDataFromCategories,
  slotsOfMotive,
  vaccinationMotives,
} from '../../src/scrapers/keldoc/parse.js';
import { departmentSlug, pageEnd, timetableUrl } from '../../src/scrapers/keldoc/request.js';
import { geoCentreSchema, motiveCategoriesSchema, timetableSchema } from '../../src/scrapers/keldoc/schema.js';

const window = { from: new Date('2021-04-20T00:00:00+02:00'), to: new Date('2021-05-01T00:00:00+02:00') };

function timetable(json: unknown) {
  return classifyTimetable(timetableSchema.parse(json));
}

describe('Keldoc timetables', () => {
  it('reads start times with either offset style as true instants', () => {
    const answer = timetable({
      availabilities: {
        '2021-04-20': [
          { start_time: '2021-04-20T16:53:00.000000+0200' },
          { start_time: '2021-04-20T16:50:00.000+02:00' },
          { end_time: '2021-04-20T17:00:00.000000+0200' },
        ],
      },
    });
    expect(answer.kind).toBe('availabilities');
    if (answer.kind !== 'availabilities') return;
    expect(answer.days.get('2021-04-20')!.map((date) => date.toISOString())).toEqual([
      '2021-04-20T14:53:00.000Z',
      '2021-04-20T14:50:00.000Z',
    ]);
  });

  it('tells a date-only answer, a phone-only motive and an empty answer apart', () => {
    const next = timetable({
      text: 'Prochain RDV disponible le 20 Avril 2021 à 16h55',
      date: '2021-04-20T16:55:00.000+02:00',
    });
    expect(next).toEqual({ kind: 'next-date', date: new Date('2021-04-20T14:55:00Z') });
    expect(
      timetable({
        text: 'Prise de rendez-vous par téléphone',
        num: '0450000000',
        num_text: 'Appeler',
        phone_number: '04 50 00 00 00',
      }).kind,
    ).toBe('phone-only');
    expect(timetable({}).kind).toBe('nothing');
    expect(timetable({ date: 'demain' }).kind).toBe('nothing');
  });

  it('counts a slot of the shared boundary day once when two overlapping pages return it', () => {
    const motive = {
      id: 81484,
      name: '1ère injection Pfizer',
      agendaIds: [49335],
      dose: 1 as const,
      vaccine: 'Pfizer-BioNTech' as const,
    };
    const days = new Map<string, readonly Date[]>();
    const day = {
      availabilities: {
        '2021-04-24': [
          { start_time: '2021-04-24T09:00:00.000000+0200' },
          { start_time: '2021-04-24T09:05:00.000000+0200' },
        ],
      },
    };
    for (const page of [
      { availabilities: { '2021-04-20': [{ start_time: '2021-04-20T16:50:00.000000+0200' }], ...day.availabilities } },
      { availabilities: { ...day.availabilities, '2021-04-26': [{ start_time: '2021-04-26T10:00:00.000+02:00' }] } },
    ]) {
      const answer = timetable(page);
      if (answer.kind === 'availabilities') mergeDays(days, answer.days);
    }
    const slots = slotsOfMotive(days, motive, window);
    expect(slots).toHaveLength(4);
    expect(slots[0]).toEqual({
      start: new Date('2021-04-20T14:50:00Z'),
      vaccine: 'Pfizer-BioNTech',
      doses: [1],
      motive: '1ère injection Pfizer',
    });
  });

  it('keeps only slots inside the window', () => {
    const motive = { id: 1, name: 'x', agendaIds: [1], dose: 3 as const, vaccine: 'Moderna' as const };
    const days = new Map([
      ['2021-05-01', [new Date('2021-05-01T08:00:00+02:00')]],
      ['2021-04-19', [new Date('2021-04-19T08:00:00+02:00')]],
    ]);
    expect(slotsOfMotive(days, motive, window)).toEqual([]);
  });

  it('asks with repeated agenda_ids[] and inclusive 5-day pages that overlap by a day', () => {
    const url = timetableUrl('https://www.keldoc.com', 81484, '2020-04-04', pageEnd('2020-04-04'), [49335, 51414]);
    expect(url).toBe(
      'https://www.keldoc.com/api/patients/v2/timetables/81484?' +
        'from=2020-04-04&to=2020-04-08&agenda_ids%5B%5D=49335&agenda_ids%5B%5D=51414',
    );
  });
});

describe('Keldoc motives', () => {
  it.each([
    ['1ère injection vaccin COVID-19 (Pfizer-BioNTech)', 1],
    ['Vaccination pédiatrique Pfizer 5-11 ans - 1ère injection', '1_kid'],
    ['Rappel Moderna (3ème dose)', 3],
    ['Rappel patients immunodéprimés', null],
    ['2ème injection Pfizer', 2],
    ['Injection unique Janssen', 1],
    ['Test antigénique COVID-19', null],
    ['Consultation de suivi', null],
  ])('%s -> dose %s', (name, dose) => {
    expect(doseFromMotiveName(name)).toBe(dose);
  });

  it('takes the brand from the motive, else from its category, and does not read "Marne" as ARNm', () => {
    expect(motiveVaccine('1ère injection AstraZeneca - Châlons (Marne)', 'Vaccination COVID-19')).toBe('AstraZeneca');
    expect(motiveVaccine('Vaccin Janssen (dose unique) - Centre de la Marne', 'x')).toBe('Janssen');
    expect(motiveVaccine('Rappel (3ème dose)', 'Vaccination Moderna')).toBe('Moderna');
    expect(motiveVaccine('1ère injection Vaccin COVID +70 ANS (PF)', 'Vaccination')).toBe('unknown');
    expect(motiveVaccine('1ère injection - Centre de la Marne', 'Vaccination COVID-19')).toBe('unknown');
  });

  it('keeps vaccination motives with agendas from the motive categories', () => {
    const categories = motiveCategoriesSchema.parse([
      {
        motive_category_id: 1,
        name: 'Vaccination Pfizer-BioNTech',
        position: 0,
        resource_type: 'Cabinet',
        motives: [
          {
            id: 81484,
            name: '1ère injection',
            position: 0,
            teleconsultation: false,
            booking_delay_until: 0,
            agendas: [
              { id: 49335, name: 'A', hidden: false },
              { id: 51414, name: 'B', hidden: false },
            ],
          },
          {
            id: 81490,
            name: 'Rappel (3ème dose)',
            position: 1,
            teleconsultation: false,
            booking_delay_until: 0,
            agendas: [],
          },
        ],
      },
      {
        motive_category_id: 2,
        name: 'Dépistage',
        position: 1,
        resource_type: 'Cabinet',
        motives: [
          {
            id: 81486,
            name: 'Test antigénique COVID-19',
            position: 0,
            teleconsultation: false,
            booking_delay_until: 0,
            agendas: [{ id: 49335, name: 'A', hidden: false }],
          },
        ],
      },
    ]);
    expect(vaccinationMotives(scanDataFromCategories(categories).data)).toEqual([
      { id: 81484, name: '1ère injection', agendaIds: [49335, 51414], dose: 1, vaccine: 'Pfizer-BioNTech' },
    ]);
  });
});

describe('Keldoc discovery', () => {
  const item = geoCentreSchema.parse({
    id: 17136,
    type: 'Cabinet',
    title: 'Centre de vaccination de Jean Marinet',
    url: '/cabinet-medical/valserhone-01200/jean-marinet/centre-de-vaccination-de-jean-marinet',
    specialty_ids: [9302, 144],
    cabinet: { street: '1 rue X', zipcode: '01200', city: 'Valserhône', location: '1 rue X, 01200 Valserhône' },
    coordinates: '46.108467,5.82781',
    agenda: { ids: [1], specialty_id: 144, next_availability: '', default_online_motive_id: 2 },
  });

  it('builds the booking URL on the vaccination host from the first vaccination specialty', () => {
    const url = centreUrlOf(item)!;
    expect(bookingUrlOf(url)).toBe(
      'https://vaccination-covid.keldoc.com/cabinet-medical/valserhone-01200/' +
        'jean-marinet/centre-de-vaccination-de-jean-marinet?cabinet=17136&specialty=144',
    );
    expect(centreUrlOf({ ...item, specialty_ids: [9302] })).toBeNull();
  });

  it('reads the place, with "lat,lng" coordinates and the department from the postal code', () => {
    expect(placeOf(item)).toMatchObject({
      postalCode: '01200',
      department: '01',
      location: { latitude: 46.108467, longitude: 5.82781 },
    });
    expect(parseCoordinates('nope')).toBeNull();
  });

  it('derives the resource lookup from 3 or 4 path segments, or from the public page redirect', () => {
    expect(resourceQueryFromPath('/cabinet-medical/valserhone-01200/jean-marinet/centre')).toEqual({
      type: 'cabinet-medical',
      location: 'valserhone-01200',
      slug: 'jean-marinet',
      cabinet: 'centre',
    });
    expect(resourceQueryFromPath('/cabinet-medical/jean-marinet')).toBeNull();
    expect(
      resourceQueryFromRedirect(
        'https://vaccination-covid.keldoc.com/redirect/?dom=cabinet-medical&' +
          'inst=valserhone-01200&user=jean-marinet&specialty=144&cabinet=17136',
      ),
    ).toEqual({ type: 'cabinet-medical', location: 'valserhone-01200', slug: 'jean-marinet', cabinet: '17136' });
    expect(resourceQueryFromRedirect('https://vaccination-covid.keldoc.com/redirect/?dom=cabinet-medical')).toBeNull();
  });

  it('names ids, kinds and department slugs as Keldoc does', () => {
    expect(keldocCentreId(2563, 16913)).toBe('keldoc2563pid16913');
    expect(keldocCentreId(2563, 2563)).toBe('keldoc2563');
    expect(kindOfUrl('/pharmacie/x/y')).toBe('drugstore');
    expect(kindOfUrl('/medecin/x/y')).toBe('general-practitioner');
    expect(departmentSlug('Ain', '01')).toBe('ain-01');
    expect(departmentSlug("Côte-d'Or", '21')).toBe('cote-d-or-21');
    expect(departmentSlug('Haute-Saône', '70')).toBe('saune-haute-70');
    expect(departmentSlug('Corse-du-Sud', '2A')).toBe('corse-du-sud-2a');
  });
});
