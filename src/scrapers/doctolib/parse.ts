// Pure parsers of Doctolib answers: listing pages → doctors to follow, a booking → one centre per place,
// an availabilities page → slots. No I/O here; the adapter feeds these with what it fetched.
import { placeOfPostalCode } from '../postal.js';
import type { BusinessHours, Centre, CentreKind, ScanWindow, Slot } from '../../domain.js';
import type { z } from 'zod';
import { parseInstantWithOffset } from '../../time.js';
import { readInstant } from '../instant.js';
import { normalisePhone } from '../phone.js';
import { describeZodError, problem, type Problem } from '../problems.js';
import { hasVaccinationMotive, type RelevantMotive } from './motives.js';
import { bookingSlugOfLink, placeNumber } from './request.js';
import {
  agendaSchema,
  motiveCategorySchema,
  placeSchema,
  slotItemSchema,
  visitMotiveSchema,
  type Availabilities,
  type Booking,
  type DoctolibScanData,
  type ListedDoctor,
  type OpeningHours,
  type Place,
  type RawBooking,
} from './schema.js';

/** The items of a list that read under `schema`, and a problem for each one that does not. */
export function readItems<S extends z.ZodType>(
  items: readonly unknown[] | null | undefined,
  schema: S,
  what: string,
): { items: z.infer<S>[]; problems: Problem[] } {
  const read: z.infer<S>[] = [];
  const problems: Problem[] = [];
  for (const raw of items ?? []) {
    const item = schema.safeParse(raw);
    if (item.success) read.push(item.data);
    else problems.push(problem('invalid-item', `${what}: ${describeZodError(item.error)}`));
  }
  return { items: read, problems };
}

/** A booking with its unreadable motives, agendas and places left out (each one a problem). */
export function readBooking(raw: RawBooking): { booking: Booking; problems: Problem[] } {
  const categories = raw.visit_motive_categories
    ? readItems(raw.visit_motive_categories, motiveCategorySchema, 'motive category')
    : null;
  const motives = readItems(raw.visit_motives, visitMotiveSchema, 'visit motive');
  const agendas = readItems(raw.agendas, agendaSchema, 'agenda');
  const places = readItems(raw.places, placeSchema, 'place');
  return {
    booking: {
      profile: raw.profile,
      visit_motive_categories: categories?.items ?? null,
      visit_motives: motives.items,
      agendas: agendas.items,
      places: places.items,
    },
    problems: [...(categories?.problems ?? []), ...motives.problems, ...agendas.problems, ...places.problems],
  };
}

/**
 * The doctors of a listing page worth following. The first `exact_match: false` doctor is kept (the
 * platform still counts it in the department), and everything after it is "nearby" results from other
 * departments: `reachedNearby` tells the caller to stop paging.
 */
export function doctorsOfPage(doctors: readonly ListedDoctor[]): { doctors: ListedDoctor[]; reachedNearby: boolean } {
  const firstNearby = doctors.findIndex((doctor) => doctor.exact_match === false);
  if (firstNearby < 0) return { doctors: [...doctors], reachedNearby: false };
  return { doctors: doctors.slice(0, firstNearby + 1), reachedNearby: true };
}

/** `+33…` from a French number; the landline is what the centre answers, so it is preferred. */
export function phoneOfPlace(place: Pick<Place, 'landline_number' | 'phone_number'>): string | null {
  return normalisePhone(place.landline_number) ?? normalisePhone(place.phone_number);
}

const DAY_NAMES = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'] as const;

/** `{lundi: "09:00-12:00, 14:00-18:00", …, dimanche: null}`; Doctolib's day 0 is Sunday (§9.8). */
export function businessHoursOf(openingHours: OpeningHours | null | undefined): BusinessHours | null {
  if (!openingHours || openingHours.length === 0) return null;
  const hours: BusinessHours = {};
  for (const day of [1, 2, 3, 4, 5, 6, 0]) {
    const entry = openingHours.find((candidate) => candidate.day === day);
    const ranges = entry?.enabled ? (entry.ranges ?? []).map(([open, close]) => `${open}-${close}`) : [];
    hours[DAY_NAMES[day]!] = ranges.length > 0 ? ranges.join(', ') : null;
  }
  return hours;
}

/** The kind of place, from the words Doctolib uses in its name, link and speciality (§2.1, §5.5). */
export function centreKindOf(name: string, link: string, specialitySlug?: string | null): CentreKind {
  const text = `${name} ${link}`.toLowerCase();
  if (text.includes('pharmacie')) return 'drugstore';
  if (text.includes('medecin') || specialitySlug === 'medecin-generaliste') return 'general-practitioner';
  return 'vaccination-center';
}

export interface CentreUrls {
  readonly www: string;
}

/** The listing's own link to the doctor, on the public host, with the place it is about (`?pid=practice-N`). */
export function centreLink(www: string, link: string, practiceId: number): string | null {
  try {
    const url = new URL(link, www);
    url.searchParams.set('pid', `practice-${practiceId}`);
    return url.href;
  } catch {
    return null;
  }
}

/**
 * One centre per place of a listed doctor (§2.1). A doctor whose motives are all unrelated to vaccination
 * gives none; one with no motive at all is kept, as the centre list does. The booking link is the one the
 * listing gave (its `link`), never rebuilt from the city and slug.
 */
export function centresOfBooking(doctor: ListedDoctor, booking: Booking, urls: CentreUrls): Centre[] {
  if (booking.visit_motives.length > 0 && !hasVaccinationMotive(booking.visit_motives)) return [];
  const slug = bookingSlugOfLink(doctor.link);
  const kind = centreKindOf(doctor.name_with_title, doctor.link, booking.profile.speciality?.slug);
  const scanBooking = {
    visit_motive_categories: booking.visit_motive_categories ?? null,
    visit_motives: booking.visit_motives,
    agendas: booking.agendas,
    places: booking.places.map(({ id, practice_ids, full_address }) => ({ id, practice_ids, full_address })),
  };
  const centres: Centre[] = [];
  for (const place of booking.places) {
    const practiceId = placeNumber(place.id);
    if (practiceId === null) continue;
    const postalCode = (place.zipcode ?? '').replace(/\s/g, '') || null;
    const { insee, department } = placeOfPostalCode(postalCode);
    const scanData: DoctolibScanData = {
      bookingSlug: slug,
      practiceId,
      address: place.full_address,
      booking: scanBooking,
    };
    centres.push({
      id: `doctolib${booking.profile.id}pid${practiceId}`,
      platform: 'doctolib',
      // A doctor with several sites names each of them; the listing only names the doctor.
      name: booking.places.length > 1 && place.name ? place.name : doctor.name_with_title,
      kind,
      address: place.full_address,
      postalCode,
      city: place.city || null,
      insee,
      department,
      location:
        typeof place.latitude === 'number' && typeof place.longitude === 'number'
          ? { latitude: place.latitude, longitude: place.longitude }
          : null,
      phone: phoneOfPlace(place),
      businessHours: businessHoursOf(place.opening_hours),
      bookingUrl: centreLink(urls.www, doctor.link, practiceId) ?? '',
      atlasGid: null,
      scanData,
    });
  }
  return centres;
}

function slotText(item: z.infer<typeof slotItemSchema>): string {
  return typeof item === 'string' ? item : item.start_date;
}

export interface SlotsOfPage {
  readonly slots: Slot[];
  readonly problems: Problem[];
}

/**
 * The slots of one availabilities page for one motive, inside the window. Doctolib sends strings or
 * `{start_date}` objects, and now and then a slot already past; `next_slot` is only a hint and never a slot.
 * A slot that cannot be read (no offset: the spec says slots carry theirs) is a problem, not the page's end.
 */
export function slotsOfAvailabilities(page: Availabilities, motive: RelevantMotive, window: ScanWindow): SlotsOfPage {
  const slots: Slot[] = [];
  const problems: Problem[] = [];
  for (const day of page.availabilities) {
    for (const raw of day.slots) {
      const item = slotItemSchema.safeParse(raw);
      if (!item.success) {
        problems.push(problem('invalid-item', `slot: ${describeZodError(item.error)}`));
        continue;
      }
      const start = readInstant(slotText(item.data), 'refuse', `motive ${motive.name}`);
      if (!start.ok) {
        problems.push(start.problem);
        continue;
      }
      if (start.instant < window.from || start.instant >= window.to) continue;
      slots.push({ start: start.instant, vaccine: motive.vaccine, doses: [motive.dose], motive: motive.name });
    }
  }
  return { slots, problems };
}

/** Where paging goes after a page with no slot: to the hinted day when it lies inside the window. */
export function nextSlotHint(page: Availabilities, window: ScanWindow): Date | null {
  if (!page.next_slot) return null;
  const next = parseInstantWithOffset(page.next_slot);
  return next && next >= window.from && next < window.to ? next : null;
}
