// The directory rendered in Doctolib's JSON shapes (spec/platforms/doctolib.md §2.1, §2.2, §3.2).
import { addDays, addDaysToDate, parisDate, parisMidnight, toParisIsoMillis } from '../../time.js';
import { hashString } from '../random.js';
import type { WeeklyHours, World } from '../world.js';
import type { SandboxDoctor, SandboxMotive, SandboxPlace } from './doctolib-directory.js';

export function renderListedDoctor(doctor: SandboxDoctor, exactMatch: boolean): object {
  const head = doctor.places[0]!;
  const centre = head.listing.centre;
  // Doctolib's listing sometimes spaces the postal code ("75 012"); bookings never do.
  const zipcode =
    hashString(doctor.slug) % 5 === 0
      ? `${centre.postalCode.slice(0, 2)} ${centre.postalCode.slice(2)}`
      : centre.postalCode;
  return {
    id: doctor.profileId,
    link: doctor.link,
    name_with_title: doctor.name,
    speciality: doctor.speciality.name,
    address: centre.street,
    city: centre.commune.name,
    zipcode,
    position: { lat: centre.location.latitude, lng: centre.location.longitude },
    place_id: head.practiceId,
    exact_match: exactMatch,
  };
}

function nationalPhone(phone: string): string {
  return phone.replace(/(\d{2})(?=\d)/g, '$1 ');
}

function minutesText(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Doctolib numbers days 0 (Sunday) to 6; the world uses ISO weekdays 1 (Monday) to 7. */
function openingHours(hours: WeeklyHours): object[] {
  return [0, 1, 2, 3, 4, 5, 6].map((day) => {
    const ranges = hours[(day === 0 ? 7 : day) as 1 | 2 | 3 | 4 | 5 | 6 | 7];
    return {
      day,
      enabled: ranges.length > 0,
      ranges: ranges.map(([open, close]) => [minutesText(open), minutesText(close)]),
    };
  });
}

function renderPlace(doctor: SandboxDoctor, place: SandboxPlace): object {
  const centre = place.listing.centre;
  const mobileOnly = hashString(place.placeId) % 6 === 0;
  return {
    id: place.placeId,
    practice_ids: [place.practiceId],
    name: centre.name,
    address: centre.street,
    zipcode: centre.postalCode,
    city: centre.commune.name,
    full_address: `${centre.street}, ${centre.postalCode} ${centre.commune.name}`,
    latitude: centre.location.latitude,
    longitude: centre.location.longitude,
    landline_number: mobileOnly ? null : nationalPhone(centre.phone),
    phone_number: mobileOnly ? nationalPhone(centre.phone) : null,
    opening_hours: doctor.showsOpeningHours ? openingHours(centre.hours) : [],
    elevator: true,
    handicap: true,
  };
}

function renderMotive(motive: SandboxMotive): object {
  return {
    id: motive.id,
    ref_visit_motive_id: motive.refId,
    name: motive.name,
    visit_motive_category_id: motive.categoryId,
    allow_new_patients: motive.allowNewPatients,
    first_shot_motive: /^1re|^Injection unique/.test(motive.name),
    vaccination_motive: true,
  };
}

export function renderBooking(doctor: SandboxDoctor): object {
  return {
    data: {
      profile: {
        id: doctor.profileId,
        name_with_title: doctor.name,
        speciality: { slug: doctor.speciality.slug, name: doctor.speciality.name },
      },
      visit_motive_categories: doctor.categories,
      visit_motives: doctor.motives.map(renderMotive),
      agendas: doctor.agendas.map((agenda) => ({
        id: agenda.id,
        ...(agenda.practiceId === null ? {} : { practice_id: agenda.practiceId }),
        booking_disabled: agenda.disabled,
        booking_temporary_disabled: false,
        visit_motive_ids_by_practice_id: Object.fromEntries(
          [...agenda.motivesByPractice].map(([practice, ids]) => [String(practice), ids]),
        ),
      })),
      places: doctor.places.map((place) => renderPlace(doctor, place)),
      practitioners: [],
    },
  };
}

export interface AvailabilitiesQuery {
  readonly startDate: string;
  readonly limit: number;
  readonly motiveIds: ReadonlySet<number>;
  readonly agendaIds: ReadonlySet<number>;
  readonly practiceIds: ReadonlySet<number>;
}

/** How far past an empty page Doctolib looks for a `next_slot` hint. */
const NEXT_SLOT_SEARCH_DAYS = 60;

/**
 * The free slots a request reaches: those of the asked motives, at the asked practices, that fall to an
 * asked agenda. Each slot belongs to one of the open agendas offering the motive there, so leaving an
 * agenda or a practice out of the request loses its slots, as on Doctolib.
 */
function reachableSlots(
  world: World,
  doctor: SandboxDoctor,
  query: AvailabilitiesQuery,
  at: Date,
  from: Date,
  to: Date,
): Date[] {
  const starts: Date[] = [];
  for (const place of doctor.places) {
    if (!query.practiceIds.has(place.practiceId)) continue;
    const free = world.freeSlots(place.listing, at, from, to);
    for (const motive of doctor.motives) {
      if (!query.motiveIds.has(motive.id)) continue;
      const offering = doctor.agendas.filter(
        (agenda) => !agenda.disabled && agenda.motivesByPractice.get(place.practiceId)?.includes(motive.id),
      );
      if (offering.length === 0) continue;
      for (const slot of free) {
        if (slot.motive !== motive.source) continue;
        const agenda = offering[hashString(`${motive.id}|${slot.start.getTime()}`) % offering.length]!;
        if (query.agendaIds.has(agenda.id)) starts.push(slot.start);
      }
    }
  }
  return starts.sort((a, b) => a.getTime() - b.getTime());
}

export function renderAvailabilities(
  world: World,
  doctor: SandboxDoctor | null,
  query: AvailabilitiesQuery,
  at: Date,
): object {
  const from = parisMidnight(query.startDate)!;
  const to = parisMidnight(addDaysToDate(query.startDate, query.limit))!;
  const starts = doctor ? reachableSlots(world, doctor, query, at, from, to) : [];
  const render = (start: Date) =>
    doctor?.slotsAsObjects
      ? { start_date: toParisIsoMillis(start), end_date: toParisIsoMillis(new Date(start.getTime() + 5 * 60_000)) }
      : toParisIsoMillis(start);
  const availabilities = Array.from({ length: query.limit }, (_, index) => {
    const date = addDaysToDate(query.startDate, index);
    return {
      date,
      slots: starts.filter((start) => parisDate(start) === date).map(render),
      substitution: null,
      appointment_request_slots: [],
    };
  });
  if (starts.length > 0 && doctor?.sendsStaleSlot) {
    // A slot of the day before the page, already gone: scrapers must not report it.
    availabilities[0]!.slots.unshift(render(new Date(from.getTime() - 14 * 3_600_000)));
  }
  const answer: Record<string, unknown> = { availabilities, total: starts.length };
  if (starts.length === 0 && doctor) {
    const next = reachableSlots(world, doctor, query, at, to, addDays(to, NEXT_SLOT_SEARCH_DAYS))[0];
    if (next) answer.next_slot = toParisIsoMillis(next);
  }
  return answer;
}
