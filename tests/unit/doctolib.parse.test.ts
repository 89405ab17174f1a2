// Doctolib's pure parsers on hand-written answers in the platform's real shapes (spec/platforms/doctolib.md).
import { describe, expect, it } from 'vitest';
import type { ScanWindow } from '../../src/domain.js';
import { planScan, practiceFilter, relevantMotives, type RelevantMotive } from '../../src/scrapers/doctolib/motives.js';
import {
  businessHoursOf,
  centreKindOf,
  centresOfBooking,
  doctorsOfPage,
  nextSlotHint,
  phoneOfPlace,
  readBooking,
  readItems,
  slotsOfAvailabilities,
} from '../../src/scrapers/doctolib/parse.js';
import {
  availabilitiesUrl,
  bookingSlugOfLink,
  departmentPageUrl,
  departmentSlug,
  pidOfUrl,
  placeNumber,
} from '../../src/scrapers/doctolib/request.js';
import { slugify } from '../../src/text.js';
import {
  availabilitiesSchema,
  bookingSchema,
  departmentPageSchema,
  listedDoctorSchema,
  type Booking,
  type ListedDoctor,
} from '../../src/scrapers/doctolib/schema.js';
import { addDaysToDate, parisDate, parisMidnight } from '../../src/time.js';

const PARTNERS = 'https://partners.doctolib.fr';

/** `basic-booking.json` of the spec's worked example (§10b), with the fields a real booking carries. */
const basicBooking = readBooking(
  bookingSchema.parse({
    data: {
      profile: {
        id: '123456789',
        name_with_title: 'Centre 1',
        speciality: { slug: 'centre-de-vaccinations-internationales' },
      },
      visit_motive_categories: [],
      visit_motives: [
        {
          id: 2,
          ref_visit_motive_id: 6970,
          name: '1re injection vaccin COVID-19 (Pfizer-BioNTech)',
          allow_new_patients: true,
        },
      ],
      agendas: [{ id: 3, booking_disabled: false, visit_motive_ids_by_practice_id: { '165752': [2] } }],
      places: [
        {
          id: 'practice-165752',
          practice_ids: [165752],
          address: '1 Rue de la Gare',
          full_address: '1 Rue de la Gare, 07000 Privas',
          city: 'Privas',
          zipcode: '07000',
          latitude: 44.735,
          longitude: 4.599,
          landline_number: '04 75 00 00 00',
          opening_hours: [],
        },
      ],
    },
  }).data,
).booking;

const basicAvailabilities = availabilitiesSchema.parse({
  availabilities: [
    { slots: [{ start_date: '2021-04-10T21:45:00.000+02:00' }, { start_date: '2021-03-25T21:45:00.000+02:00' }] },
  ],
});

function windowFrom(date: string, days = 11): ScanWindow {
  return { from: parisMidnight(date)!, to: parisMidnight(addDaysToDate(date, days))! };
}

const pfizerFirstDose: RelevantMotive = { id: 2, name: '1re injection', vaccine: 'Pfizer-BioNTech', dose: 1 };

describe('worked example (spec §10b)', () => {
  const centreUrl =
    'https://partners.doctolib.fr/centre-de-vaccinations-internationales/ville1/centre1?pid=practice-165752';
  const window = windowFrom('2021-04-03');

  it('asks for motive 2 on agenda 3 at practice 165752 from the window start, 14 days', () => {
    const plan = planScan(basicBooking, pidOfUrl(centreUrl), '');
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.requests).toHaveLength(1);
    const [request] = plan.requests;
    expect(request!.motive).toEqual({
      id: 2,
      name: '1re injection vaccin COVID-19 (Pfizer-BioNTech)',
      vaccine: 'Pfizer-BioNTech',
      dose: 1,
    });
    const url = availabilitiesUrl(PARTNERS, {
      startDate: parisDate(window.from),
      motiveId: request!.motive.id,
      agendaIds: request!.agendaIds,
      practiceIds: request!.practiceIds,
      limit: 14,
    });
    expect(url).toBe(
      'https://partners.doctolib.fr/availabilities.json?' +
        'start_date=2021-04-03&visit_motive_ids=2&agenda_ids=3&' +
        'insurance_sector=public&practice_ids=165752&destroy_temporary=true&limit=14',
    );
  });

  it('keeps the future slot with its vaccine and dose, drops the one before the start', () => {
    const page = slotsOfAvailabilities(basicAvailabilities, pfizerFirstDose, window);
    expect(page).toEqual({
      slots: [
        { start: new Date('2021-04-10T19:45:00Z'), vaccine: 'Pfizer-BioNTech', doses: [1], motive: '1re injection' },
      ],
      problems: [],
    });
  });

  it('reads an empty day list as "answered, no slot"', () => {
    expect(
      slotsOfAvailabilities(availabilitiesSchema.parse({ availabilities: [{ slots: [] }] }), pfizerFirstDose, window),
    ).toEqual({ slots: [], problems: [] });
  });

  it('names the centre doctolib{profile}pid{practice}, a vaccination centre', () => {
    const doctor: ListedDoctor = {
      link: '/centre-de-vaccinations-internationales/ville1/centre1',
      name_with_title: 'Centre 1',
      exact_match: true,
    };
    const [centre] = centresOfBooking(doctor, basicBooking, { www: 'https://www.doctolib.fr' });
    expect(centre).toMatchObject({
      id: 'doctolib123456789pid165752',
      kind: 'vaccination-center',
      department: '07',
      // The listing's own link, not one rebuilt from the city and slug.
      bookingUrl: 'https://www.doctolib.fr/centre-de-vaccinations-internationales/ville1/centre1?pid=practice-165752',
      phone: '+33475000000',
      businessHours: null,
    });
  });
});

describe('availabilities', () => {
  const window = windowFrom('2021-04-03');

  it('accepts slots as strings and as {start_date} objects, in either offset', () => {
    const page = availabilitiesSchema.parse({
      availabilities: [
        {
          date: '2021-04-05',
          slots: [
            '2021-04-05T09:00:00.000+02:00',
            { start_date: '2021-04-05T09:05:00.000+02:00', end_date: '2021-04-05T09:10:00.000+02:00', steps: [] },
          ],
        },
        { date: '2021-04-06', slots: [] },
      ],
      total: 2,
    });
    const result = slotsOfAvailabilities(page, pfizerFirstDose, window);
    expect(result.slots.map((slot) => slot.start.toISOString())).toEqual([
      '2021-04-05T07:00:00.000Z',
      '2021-04-05T07:05:00.000Z',
    ]);
  });

  it('drops slots before the window start and from its end on', () => {
    const page = availabilitiesSchema.parse({
      availabilities: [
        { slots: ['2021-04-02T23:59:00.000+02:00', '2021-04-03T00:00:00.000+02:00', '2021-04-14T00:00:00.000+02:00'] },
      ],
    });
    const result = slotsOfAvailabilities(page, pfizerFirstDose, window);
    expect(result.slots.map((slot) => slot.start.toISOString())).toEqual(['2021-04-02T22:00:00.000Z']);
  });

  it('never turns next_slot into a slot, and only follows it inside the window', () => {
    const page = availabilitiesSchema.parse({
      availabilities: [{ date: '2021-04-03', slots: [] }],
      total: 0,
      next_slot: '2021-04-10T12:00:00.000+02:00',
    });
    expect(slotsOfAvailabilities(page, pfizerFirstDose, window)).toEqual({ slots: [], problems: [] });
    expect(nextSlotHint(page, window)).toEqual(new Date('2021-04-10T10:00:00Z'));
    expect(nextSlotHint({ ...page, next_slot: '2021-05-20T12:00:00.000+02:00' }, window)).toBeNull();
    // The mid-2021 date-only hint carries no instant.
    expect(nextSlotHint({ ...page, next_slot: '2021-04-10' }, window)).toBeNull();
  });

  it('refuses a slot without an offset rather than guessing its zone, and keeps the others', () => {
    const page = availabilitiesSchema.parse({
      availabilities: [{ slots: ['2021-04-05T09:00:00', '2021-04-05T09:05:00.000+02:00', null] }],
    });
    const result = slotsOfAvailabilities(page, pfizerFirstDose, window);
    expect(result.slots.map((slot) => slot.start.toISOString())).toEqual(['2021-04-05T07:05:00.000Z']);
    expect(result.problems.map((problem) => problem.kind)).toEqual(['naive-time', 'invalid-item']);
  });
});

describe('ids in URLs', () => {
  it('reads the practice of a pid in its tolerated forms', () => {
    expect(pidOfUrl('https://www.doctolib.fr/centre-de-sante/paris/centre?pid=practice-165752')).toBe(165752);
    expect(pidOfUrl('https://www.doctolib.fr/x/y/z?pid=practice-1?speciality_id=5494')).toBe(1);
    expect(
      pidOfUrl('https://www.doctolib.fr/x/y/z?highlight[speciality_ids][]=5494&pid=practice-42&?speciality_id=5494'),
    ).toBe(42);
    expect(pidOfUrl('https://www.doctolib.fr/x/y/z?pid%3Dpractice-7')).toBe(7);
    expect(pidOfUrl('https://www.doctolib.fr/x/y/z')).toBeNull();
  });

  it('keeps only the digits of a place id', () => {
    expect(placeNumber('practice-165752')).toBe(165752);
    expect(placeNumber('establishment-4242')).toBe(4242);
    expect(placeNumber('practice-')).toBeNull();
  });

  it('slugs department names as Doctolib does, with its four remaps', () => {
    expect(departmentSlug("Côte-d'Or")).toBe('cote-d-or');
    expect(departmentSlug('Territoire de Belfort')).toBe('territoire-de-belfort');
    expect(departmentSlug('Indre')).toBe('departement-indre');
    expect(departmentSlug('Indre-et-Loire')).toBe('indre-et-loire');
    expect(['Gironde', 'Mayenne', 'Vienne', 'Haute-Vienne'].map(departmentSlug)).toEqual([
      'departement-gironde',
      'departement-mayenne',
      'departement-vienne',
      'haute-vienne',
    ]);
    expect(departmentPageUrl(PARTNERS, 'Ardèche', 2)).toBe(
      'https://partners.doctolib.fr/vaccination-covid-19/ardeche.json?page=2',
    );
    expect(bookingSlugOfLink('/pharmacie/villejuif/pharmacie-des-ecoles')).toBe('pharmacie-des-ecoles');
    expect(slugify("L'Haÿ-les-Roses")).toBe('l-hay-les-roses');
    expect(slugify('Saint-Étienne (Loire)')).toBe('saint-etienne-loire');
  });

  it('sorts practice ids as strings and keeps agenda ids in booking order', () => {
    const url = availabilitiesUrl(PARTNERS, {
      startDate: '2021-04-03',
      motiveId: 9,
      agendaIds: [30, 4],
      practiceIds: [9, 10],
      limit: 14,
    });
    expect(new URL(url).searchParams.get('agenda_ids')).toBe('30-4');
    expect(new URL(url).searchParams.get('practice_ids')).toBe('10-9');
  });
});

describe('centre fields', () => {
  it('normalises phones to +33, preferring the landline', () => {
    expect(phoneOfPlace({ landline_number: '01 23 45 67 89', phone_number: '06 11 22 33 44' })).toBe('+33123456789');
    expect(phoneOfPlace({ landline_number: null, phone_number: '06.11.22.33.44' })).toBe('+33611223344');
    expect(phoneOfPlace({ landline_number: '0033 1 23 45 67 89' })).toBe('+33123456789');
    expect(phoneOfPlace({})).toBeNull();
  });

  it('maps opening hours to lundi..dimanche, day 0 being Sunday', () => {
    const hours = businessHoursOf([
      { day: 0, enabled: true, ranges: [['10:00', '12:00']] },
      {
        day: 1,
        enabled: true,
        ranges: [
          ['09:00', '12:00'],
          ['14:00', '17:00'],
        ],
      },
      { day: 2, enabled: false, ranges: [['09:00', '12:00']] },
      { day: 6, enabled: true, ranges: [] },
    ]);
    expect(hours).toEqual({
      lundi: '09:00-12:00, 14:00-17:00',
      mardi: null,
      mercredi: null,
      jeudi: null,
      vendredi: null,
      samedi: null,
      dimanche: '10:00-12:00',
    });
    expect(businessHoursOf([])).toBeNull();
    expect(businessHoursOf(null)).toBeNull();
  });

  it('tells drugstores and general practitioners from vaccination centres', () => {
    expect(centreKindOf('Pharmacie des Écoles', '/pharmacie/villejuif/pharmacie-des-ecoles')).toBe('drugstore');
    expect(centreKindOf('Grande Pharmacie du Centre', '/centre-de-sante/lyon/grande-pharmacie')).toBe('drugstore');
    expect(centreKindOf('Dr Jean Martin', '/medecin-generaliste/lyon/jean-martin')).toBe('general-practitioner');
    expect(centreKindOf('Cabinet médical du Dr Petit', '/cabinet/lyon/petit', 'medecin-generaliste')).toBe(
      'general-practitioner',
    );
    expect(centreKindOf('Centre de vaccination Covid', '/centre-de-sante/lyon/centre-vaccination')).toBe(
      'vaccination-center',
    );
  });
});

const listingPage = departmentPageSchema.parse({
  data: {
    doctors: [
      {
        link: '/centre-de-sante/privas/a',
        name_with_title: 'A',
        address: '1 rue',
        city: 'Privas',
        zipcode: '07 000',
        position: { lat: 44.7, lng: 4.6 },
        place_id: 1,
        exact_match: true,
      },
      {
        link: '/pharmacie/valence/b',
        name_with_title: 'Pharmacie B',
        address: '2 rue',
        city: 'Valence',
        zipcode: '26000',
        position: { lat: 44.9, lng: 4.9 },
        place_id: null,
        exact_match: false,
      },
      {
        link: '/pharmacie/valence/c',
        name_with_title: 'Pharmacie C',
        address: '3 rue',
        city: 'Valence',
        zipcode: '26000',
        position: { lat: 44.9, lng: 4.9 },
        place_id: 3,
        exact_match: false,
      },
    ],
  },
});

describe('department listing', () => {
  it('keeps the first nearby doctor and says to stop paging there', () => {
    const listed = readItems(listingPage.data.doctors, listedDoctorSchema, 'listing').items;
    const { doctors, reachedNearby } = doctorsOfPage(listed);
    expect(doctors.map((doctor) => doctor.link)).toEqual(['/centre-de-sante/privas/a', '/pharmacie/valence/b']);
    expect(reachedNearby).toBe(true);
    expect(doctorsOfPage(listed.slice(0, 1)).reachedNearby).toBe(false);
  });
});

/** A profile with two sites, a shared practitioner, a closed agenda, and motives a scraper must skip. */
function twoSiteBooking(overrides: Partial<Booking> = {}): Booking {
  const place = (id: string, practice: number, street: string) => ({
    id,
    practice_ids: [practice],
    name: `Site ${street}`,
    full_address: `${street}, 69003 Lyon`,
    city: 'Lyon',
    zipcode: '69003',
    latitude: 45.76,
    longitude: 4.85,
    landline_number: '04 78 00 00 00',
    opening_hours: null,
  });
  const read = readBooking(
    bookingSchema.parse({
      data: {
        profile: { id: 777, speciality: { slug: 'centre-de-sante' } },
        visit_motive_categories: [
          { id: 1, name: 'Non  professionnels de santé' },
          { id: 2, name: 'Professionnels de santé' },
        ],
        visit_motives: [
          {
            id: 10,
            ref_visit_motive_id: 8739,
            name: '1re injection Pfizer',
            visit_motive_category_id: 1,
            allow_new_patients: true,
          },
          { id: 11, ref_visit_motive_id: 8193, name: 'Rappel Moderna', visit_motive_category_id: null },
          { id: 12, ref_visit_motive_id: 10516, name: 'Enfants 5-11 ans', visit_motive_category_id: 1 },
          {
            id: 20,
            ref_visit_motive_id: 8739,
            name: '1re injection Pfizer - patients suivis',
            visit_motive_category_id: 1,
            allow_new_patients: false,
          },
          { id: 21, ref_visit_motive_id: 6971, name: '2de injection Pfizer', visit_motive_category_id: 1 },
          { id: 22, ref_visit_motive_id: 8739, name: '1re injection Pfizer - soignants', visit_motive_category_id: 2 },
        ],
        agendas: [
          {
            id: 501,
            practice_id: 200,
            booking_disabled: false,
            visit_motive_ids_by_practice_id: { '200': [10, 11, 20, 21, 22] },
          },
          { id: 502, practice_id: 300, booking_disabled: false, visit_motive_ids_by_practice_id: { '300': [10, 12] } },
          { id: 503, practice_id: 200, booking_disabled: true, visit_motive_ids_by_practice_id: { '200': [10, 11] } },
          { id: 504, booking_disabled: false, visit_motive_ids_by_practice_id: { '300': [10], '200': [11] } },
        ],
        places: [place('practice-200', 200, '1 Rue A'), place('establishment-300', 300, '2 Rue B')],
      },
    }).data,
  ).booking;
  return { ...read, ...overrides };
}

describe('motives', () => {
  it('keeps reference motives open to new patients in public categories, or without category', () => {
    expect(relevantMotives(twoSiteBooking()).map((motive) => [motive.id, motive.vaccine, motive.dose])).toEqual([
      [10, 'Pfizer-BioNTech', 1],
      [11, 'Moderna', 3],
      [12, 'Pfizer-BioNTech', '1_kid'],
    ]);
  });

  it('applies no category filter when the booking has no category', () => {
    const booking = twoSiteBooking({ visit_motive_categories: [] });
    expect(relevantMotives(booking).map((motive) => motive.id)).toEqual([10, 11, 12, 22]);
  });

  it('asks, per motive, the open agendas offering it at the centre practice only', () => {
    const booking = twoSiteBooking();
    const plan = planScan(booking, 200, '');
    expect(
      plan.ok && plan.requests.map((request) => [request.motive.id, request.agendaIds, request.practiceIds]),
    ).toEqual([
      [10, [501], [200]],
      [11, [501, 504], [200]],
    ]);
    const other = planScan(booking, 300, '');
    expect(
      other.ok && other.requests.map((request) => [request.motive.id, request.agendaIds, request.practiceIds]),
    ).toEqual([
      [10, [502, 504], [300]],
      [12, [502], [300]],
    ]);
  });

  it('is phone-only when every agenda is closed to online booking', () => {
    const booking = twoSiteBooking();
    const closed = { ...booking, agendas: booking.agendas.map((agenda) => ({ ...agenda, booking_disabled: true })) };
    expect(planScan(closed, 200, '')).toMatchObject({ ok: false, issue: { reason: 'phone-only' } });
    expect(planScan({ ...booking, agendas: [] }, 200, '')).toMatchObject({
      ok: false,
      issue: { reason: 'phone-only' },
    });
  });

  it('calls a centre whose practice offers no motive a duplicate', () => {
    const booking = twoSiteBooking();
    const onlyOtherSite = { ...booking, agendas: booking.agendas.filter((agenda) => agenda.id === 502) };
    expect(planScan(onlyOtherSite, 200, '')).toMatchObject({ ok: false, issue: { reason: 'duplicate' } });
    expect(planScan(booking, 999, 'nowhere')).toMatchObject({ ok: false, issue: { reason: 'duplicate' } });
  });

  it(
    'finds the practice of a pid no place has by the centre address, and ' + 'adds a place filed under another number',
    () => {
      const booking = twoSiteBooking();
      expect(practiceFilter(booking, 999, '2 Rue B, 69003 Lyon')).toEqual([300]);
      const renumbered = { ...booking, places: [{ id: 'practice-200', practice_ids: [201], full_address: 'x' }] };
      expect(practiceFilter(renumbered, 200, '')).toEqual([200, 201]);
      expect(practiceFilter(booking, null, '')).toEqual([200]);
    },
  );
});

describe('centres of a booking', () => {
  const doctor: ListedDoctor = {
    link: '/centre-de-sante/lyon/centre-lyon',
    name_with_title: 'Centre de vaccination Lyon',
    exact_match: true,
  };

  it('gives one centre per place, named after its site, with the digits of the place id', () => {
    const centres = centresOfBooking(doctor, twoSiteBooking(), { www: 'https://www.doctolib.fr' });
    expect(centres.map((centre) => [centre.id, centre.name, centre.bookingUrl, centre.department])).toEqual([
      [
        'doctolib777pid200',
        'Site 1 Rue A',
        'https://www.doctolib.fr/centre-de-sante/lyon/centre-lyon?pid=practice-200',
        '69',
      ],
      [
        'doctolib777pid300',
        'Site 2 Rue B',
        'https://www.doctolib.fr/centre-de-sante/lyon/centre-lyon?pid=practice-300',
        '69',
      ],
    ]);
    expect(centres[1]!.scanData).toMatchObject({
      bookingSlug: 'centre-lyon',
      practiceId: 300,
      address: '2 Rue B, 69003 Lyon',
    });
  });

  it('gives none for a doctor without any vaccination motive, but keeps one without motives', () => {
    const booking = twoSiteBooking();
    const unrelated = {
      ...booking,
      visit_motives: [{ id: 1, ref_visit_motive_id: 123, name: 'Consultation', allow_new_patients: true }],
    };
    expect(centresOfBooking(doctor, unrelated, { www: 'https://www.doctolib.fr' })).toEqual([]);
    expect(
      centresOfBooking(doctor, { ...booking, visit_motives: [] }, { www: 'https://www.doctolib.fr' }),
    ).toHaveLength(2);
  });
});
