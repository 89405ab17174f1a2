// Pure AvecMonDoc parsers: organisations -> centres, reason texts -> vaccine and doses, availability
// pages -> slots and where to look next.
import type { BusinessHours, Centre, CentreKind, Dose, Slot, Vaccine } from '../../domain.js';
import { parisDate, parseInstantWithOffset } from '../../time.js';
import { readInstant } from '../instant.js';
import { normalisePhone } from '../phone.js';
import { placeOfPostalCode } from '../postal.js';
import { describeZodError, problem, type Problem } from '../problems.js';
import { vaccineFromName } from '../vaccine-names.js';
import {
  availableSlotSchema,
  consultationReasonSchema,
  dayObjectSchema,
  markerSchema,
  type AvecMonDocScanData,
  type ConsultationReason,
  type Marker,
  type Organization,
} from './schema.js';

/** The organisation slug: last path segment of the patient page URL. */
export function slugOfUrl(url: string): string {
  const path = url.split(/[?#]/)[0]!.replace(/\/+$/, '');
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
}

const VALID_REASON_KEYWORDS = [
  'injection covid',
  'injection vaccinale covid',
  'vaccination covid',
  '1ere vaccination astra',
  'injection monodose janssen',
  'injection vaccinale monodose janssen',
];

/** §5: a vaccination reason by its text; a reason withdrawn by the organisation is not one to scan. */
export function isVaccinationReason(reason: ConsultationReason): boolean {
  if (reason.deleted === true || reason.active === false) return false;
  const text = reason.reason.toLowerCase();
  return VALID_REASON_KEYWORDS.some((keyword) => text.includes(keyword));
}

/** The organisation's vaccination reasons; a reason that cannot be read is skipped, not the organisation. */
export function vaccinationReasons(organization: Organization): ConsultationReason[] {
  const reasons: ConsultationReason[] = [];
  for (const raw of organization.consultationReasons ?? []) {
    const reason = consultationReasonSchema.safeParse(raw);
    if (reason.success && isVaccinationReason(reason.data)) reasons.push(reason.data);
  }
  return reasons;
}

const DOSE_KEYWORDS: ReadonlyArray<readonly [Dose, readonly string[]]> = [
  // "1ere" is how first doses are written as often as "1ère"; the spec's list misses it.
  [1, ['première', 'premiere', '1è', '1ere']],
  [2, ['deuxième', 'deuxieme', 'seconde', '2è']],
  [3, ['rappel', 'troisième', 'troisieme', '3è']],
];
// Children's first doses had their own reasons; the spec's dose list has no code for them, the format does.
const KID_KEYWORDS = ['enfant', 'pédiatrique', 'pediatrique', '5-11 ans', '5 à 11 ans'];

/** Doses a reason text names; empty when it names none (the dose is then unknown). */
export function dosesOfReason(text: string): Dose[] {
  const lower = text.toLowerCase();
  const doses = DOSE_KEYWORDS.filter(([, keywords]) => keywords.some((keyword) => lower.includes(keyword))).map(
    ([dose]) => dose,
  );
  if (KID_KEYWORDS.some((keyword) => lower.includes(keyword)))
    return doses.map((dose) => (dose === 1 ? '1_kid' : dose));
  return doses;
}

export function vaccineOfReason(text: string): Vaccine {
  return vaccineFromName(text) ?? 'unknown';
}

/** §2.2: the last speciality of a general practitioner (14) or a pharmacy (24) decides; default drugstore. */
export function kindOfOrganization(organization: Organization): CentreKind {
  let kind: CentreKind | null = null;
  const specialities = organization.speciality ?? [];
  for (const speciality of specialities) {
    if (speciality.professionId === 14) kind = 'general-practitioner';
    else if (speciality.professionId === 24) kind = 'drugstore';
  }
  if (kind) return kind;
  // Vaccination centres carry neither profession; the spec's default would call them pharmacies.
  return specialities.some((speciality) => /vaccination/i.test(speciality.label ?? ''))
    ? 'vaccination-center'
    : 'drugstore';
}

const DAY_NAMES = ['Dimanche', 'Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi'] as const;

/** `{Dimanche..Samedi: "08:30-12:30 13:30-17:00"}`, a disabled day being `""`. */
export function businessHoursOf(organization: Organization): BusinessHours | null {
  const schedules = organization.schedules;
  if (!schedules) return null;
  const hours: Record<string, string> = {};
  DAY_NAMES.forEach((day, index) => {
    const entry = schedules[String(index)];
    hours[day] = entry?.enabled ? (entry.schedules ?? []).map((range) => `${range.start}-${range.end}`).join(' ') : '';
  });
  return hours;
}

/**
 * A centre when the organisation has a full postal code and at least one vaccination reason. The booking
 * link is the patient page the search listed, not one rebuilt from the slug.
 */
export function centreOfOrganization(organization: Organization, patientPage: string): Centre | null {
  const zipCode = organization.zipCode ?? '';
  if (zipCode.length !== 5 || vaccinationReasons(organization).length === 0) return null;
  const place = placeOfPostalCode(zipCode);
  const scanData: AvecMonDocScanData = { organizationId: organization.id, slug: organization.slug };
  return {
    id: `amd${organization.id}`,
    platform: 'avecmondoc',
    name: organization.name,
    kind: kindOfOrganization(organization),
    address: `${organization.address ?? ''}, ${zipCode} ${organization.city ?? ''}`.trim(),
    postalCode: zipCode,
    city: organization.city ?? null,
    insee: place.insee,
    department: place.department,
    location: organization.coordinates
      ? { latitude: organization.coordinates.lat, longitude: organization.coordinates.lng }
      : null,
    phone: normalisePhone(organization.phone),
    businessHours: businessHoursOf(organization),
    bookingUrl: patientPage,
    atlasGid: null,
    scanData,
  };
}

export interface AvailableSlot {
  /** The platform's id of the bookable hour: the same slot returned by two overlapping pages has one id. */
  readonly id: number;
  readonly slot: Slot;
}

export type NextPage =
  | { readonly kind: 'continue' }
  | { readonly kind: 'stop' }
  | { readonly kind: 'jump'; readonly date: string };

export interface AvailabilityPage {
  readonly slots: readonly AvailableSlot[];
  readonly next: NextPage;
  readonly problems: readonly Problem[];
  /** Entries marked available, readable or not. */
  readonly items: number;
}

function isMarkerLike(item: unknown): boolean {
  return typeof item === 'object' && item !== null && 'nextAvailableBusinessHourInCurrentWeek' in item;
}

/**
 * Available slots of one page (their `businessHours.start` is a true UTC instant) and what the trailing
 * marker says: stop when it knows of nothing more, jump to the Paris date of the next bookable hour. Items
 * are read one by one: unavailable entries (all null) are skipped, an unreadable one is a problem.
 */
export function parseAvailabilityPage(answer: readonly unknown[], reason: ConsultationReason): AvailabilityPage {
  const vaccine = vaccineOfReason(reason.reason);
  const doses = dosesOfReason(reason.reason);
  const slots: AvailableSlot[] = [];
  const problems: Problem[] = [];
  let items = 0;
  let next: NextPage = { kind: 'continue' };
  for (const item of answer) {
    if (isMarkerLike(item)) {
      const marker = markerSchema.safeParse(item);
      if (marker.success) next = nextPageOf(marker.data);
      else problems.push(problem('invalid-item', `marker: ${describeZodError(marker.error)}`));
      continue;
    }
    const day = dayObjectSchema.safeParse(item);
    if (!day.success) continue; // not a day: an item type we do not use
    for (const entry of day.data.slots) {
      if (typeof entry !== 'object' || entry === null || (entry as { isAvailable?: unknown }).isAvailable !== true)
        continue;
      items += 1;
      const available = availableSlotSchema.safeParse(entry);
      if (!available.success) {
        problems.push(problem('invalid-item', `available slot: ${describeZodError(available.error)}`));
        continue;
      }
      const start = readInstant(
        available.data.businessHours.start,
        'refuse',
        `slot ${available.data.businessHours.id}`,
      );
      if (!start.ok) {
        problems.push(start.problem);
        continue;
      }
      slots.push({
        id: available.data.businessHours.id,
        slot: { start: start.instant, vaccine, doses, motive: reason.reason },
      });
    }
  }
  return { slots, next, problems, items };
}

function nextPageOf(marker: Marker): NextPage {
  const hint = marker.nextAvailableBusinessHour ?? false;
  if (!marker.nextAvailableBusinessHourInCurrentWeek && hint === false) return { kind: 'stop' };
  if (hint !== false) {
    const start = parseInstantWithOffset(hint.start);
    if (start) return { kind: 'jump', date: parisDate(start) };
    // Without an offset the platform means its own (Paris) calendar date.
    const date = /^\d{4}-\d{2}-\d{2}/.exec(hint.start);
    if (date) return { kind: 'jump', date: date[0] };
  }
  return { kind: 'continue' };
}
