// Pure Ordoclic parsers: search items to centre fields, profiles to phone-only, reasons to dose and vaccine,
// available slots to true instants (spec/platforms/ordoclic.md §2–§7).
import type { Centre, CentreKind, Dose, Slot, Vaccine } from '../../domain.js';
import { placeOfPostalCode } from '../postal.js';
import { readInstant } from '../instant.js';
import { normalisePhone } from '../phone.js';
import { describeZodError, problem, type Problem } from '../problems.js';
import { vaccineFromName } from '../vaccine-names.js';
import {
  attributeSchema,
  professionalSchema,
  reasonSchema,
  slotSchema,
  type Profile,
  type Reasons,
  type SearchItem,
  type Slots,
} from './schema.js';

/**
 * Only pharmacies become centres (spec §2: `type == "Pharmacie"`): the search also lists group practices,
 * clinics and the like, which Vitemadose leaves out, and so do we.
 */
const ENTITY_TYPES: Readonly<Record<string, { kind: CentreKind; segment: string }>> = {
  Pharmacie: { kind: 'drugstore', segment: 'pharmacie' },
};

export function entityTypeOf(item: Pick<SearchItem, 'type'>): { kind: CentreKind; segment: string } | null {
  return ENTITY_TYPES[item.type] ?? null;
}

/** Whether a raw search item is of a type we keep, before validating it (other types are ignored). */
export function isKeptType(raw: unknown): boolean {
  const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
  return typeof type === 'string' && type in ENTITY_TYPES;
}

/** The professionals of a profile that can be read; the others are left out. */
export function professionalsOf(profile: Profile): string[] {
  return (profile.publicProfessionals ?? []).flatMap((raw) => {
    const professional = professionalSchema.safeParse(raw);
    return professional.success ? [professional.data.id] : [];
  });
}

export function bookingUrlOf(item: SearchItem, segment: string): string {
  return `https://app.ordoclic.fr/app/${segment}/${item.publicProfile.slug}`;
}

export function ordoclicCentreId(entityId: string): string {
  return `ordoclic${entityId.slice(0, 8)}`;
}

/** Exactly the centre's place fields, so the adapter can spread them into its record. */
export function placeOf(
  item: SearchItem,
): Pick<Centre, 'address' | 'postalCode' | 'city' | 'insee' | 'department' | 'location' | 'phone'> {
  const { address, zip, city, coordinates } = item.location;
  const { insee, department } = placeOfPostalCode(zip);
  return {
    address: `${address ?? ''}, ${zip ?? ''} ${city ?? ''}`.trim(),
    postalCode: zip ?? null,
    city: city ?? null,
    insee,
    department,
    location: coordinates ? { latitude: coordinates.lat, longitude: coordinates.lon } : null,
    phone: normalisePhone(item.phone),
  };
}

/** `booking_settings.option == "any"` (or no option at all) means the centre books by phone only. */
export function isPhoneOnly(profile: Profile): boolean {
  const attributes = (profile.attributeValues ?? []).flatMap((raw) => {
    const attribute = attributeSchema.safeParse(raw);
    return attribute.success ? [attribute.data] : [];
  });
  const settings = attributes.find((attribute) => attribute.label === 'booking_settings');
  if (!settings) return false;
  const option =
    typeof settings.value === 'object' && settings.value !== null
      ? (settings.value as { option?: unknown }).option
      : undefined;
  return option === undefined || option === null || option === 'any';
}

export interface VaccinationReason {
  readonly id: string;
  readonly name: string;
  readonly dose: Dose;
  readonly vaccine: Vaccine;
}

/** Reasons bookable online that state an injection dose (−1 means "not a vaccination"); odd ones are left out. */
export function vaccinationReasons(reasons: Reasons): VaccinationReason[] {
  const valid: VaccinationReason[] = [];
  for (const raw of reasons.reasons) {
    const read = reasonSchema.safeParse(raw);
    if (!read.success) continue;
    const reason = read.data;
    const dose = reason.vaccineInjectionDose;
    if (reason.canBookOnline !== true || dose === undefined || dose === null || dose < 1 || !Number.isInteger(dose))
      continue;
    valid.push({
      id: reason.id,
      name: reason.name,
      dose: dose >= 3 ? 3 : (dose as 1 | 2),
      vaccine: vaccineFromName(reason.name) ?? 'unknown',
    });
  }
  return valid;
}

/**
 * `timeStart` is already the true UTC instant; `timeStartUtcOffset` only says what Paris showed then.
 * (The historical scraper added the offset and kept the UTC label, shifting every slot by one or two hours.)
 * A `timeStart` without its `Z` is not guessed: the spec says UTC strings, so it is a problem.
 */
export function slotsFromAnswer(
  answer: Slots,
  reason: VaccinationReason,
  window: { from: Date; to: Date },
): { slots: Slot[]; problems: Problem[] } {
  const slots: Slot[] = [];
  const problems: Problem[] = [];
  for (const raw of answer.slots) {
    const slot = slotSchema.safeParse(raw);
    if (!slot.success) {
      problems.push(problem('invalid-item', `slot of ${reason.name}: ${describeZodError(slot.error)}`));
      continue;
    }
    const start = readInstant(slot.data.timeStart, 'refuse', `slot of ${reason.name}`);
    if (!start.ok) {
      problems.push(start.problem);
      continue;
    }
    if (start.instant < window.from || start.instant >= window.to) continue;
    slots.push({ start: start.instant, vaccine: reason.vaccine, doses: [reason.dose], motive: reason.name });
  }
  return { slots, problems };
}
