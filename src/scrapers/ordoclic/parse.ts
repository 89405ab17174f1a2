// Pure Ordoclic parsers: search items to centre fields, profiles to phone-only, reasons to dose and vaccine,
// available slots to true instants (spec/platforms/ordoclic.md §2–§7).
import type { CentreKind, Dose, Slot, Vaccine } from '../../domain.js';
import { placeOfPostalCode } from '../postal.js';
import { parseInstantWithOffset } from '../../time.js';
import { normalisePhone } from '../phone.js';
import { vaccineFromName } from '../vaccine-names.js';
import type { Profile, Reasons, SearchItem, Slots } from './schema.js';

/** Entity types that vaccinate, with the page path Ordoclic gives them; labs and the like are left out. */
const ENTITY_TYPES: Readonly<Record<string, { kind: CentreKind; segment: string }>> = {
  Pharmacie: { kind: 'drugstore', segment: 'pharmacie' },
  'Médecin': { kind: 'general-practitioner', segment: 'medecin' },
  'Cabinet de groupe': { kind: 'general-practitioner', segment: 'cabinet' },
  'Maison médicale': { kind: 'general-practitioner', segment: 'maison-medicale' },
  'Centre de vaccination': { kind: 'vaccination-center', segment: 'centre' },
  Clinique: { kind: 'vaccination-center', segment: 'clinique' },
};

export function entityTypeOf(item: SearchItem): { kind: CentreKind; segment: string } | null {
  return ENTITY_TYPES[item.type] ?? null;
}

export function bookingUrlOf(item: SearchItem, segment: string): string {
  return `https://app.ordoclic.fr/app/${segment}/${item.publicProfile.slug}`;
}

export function ordoclicCentreId(entityId: string): string {
  return `ordoclic${entityId.slice(0, 8)}`;
}

export function placeOf(item: SearchItem) {
  const { address, zip, city, coordinates } = item.location;
  const { insee, department } = placeOfPostalCode(zip);
  return {
    address: `${address ?? ''}, ${zip} ${city ?? ''}`.trim(),
    postalCode: zip,
    city: city ?? null,
    insee,
    department,
    location: coordinates ? { latitude: coordinates.lat, longitude: coordinates.lon } : null,
    phone: normalisePhone(item.phone),
  };
}

/** `booking_settings.option == "any"` (or no option at all) means the centre books by phone only. */
export function isPhoneOnly(profile: Profile): boolean {
  const settings = profile.attributeValues.find((attribute) => attribute.label === 'booking_settings');
  if (!settings) return false;
  const option = typeof settings.value === 'object' && settings.value !== null ? (settings.value as { option?: unknown }).option : undefined;
  return option === undefined || option === null || option === 'any';
}

export interface VaccinationReason {
  readonly id: string;
  readonly name: string;
  readonly dose: Dose;
  readonly vaccine: Vaccine;
}

/** Reasons bookable online that state an injection dose (−1 means "not a vaccination"). */
export function vaccinationReasons(reasons: Reasons): VaccinationReason[] {
  const valid: VaccinationReason[] = [];
  for (const reason of reasons.reasons) {
    const dose = reason.vaccineInjectionDose;
    if (reason.canBookOnline !== true || dose === undefined || dose === null || dose < 1 || !Number.isInteger(dose)) continue;
    valid.push({ id: reason.id, name: reason.name, dose: dose >= 3 ? 3 : (dose as 1 | 2), vaccine: vaccineFromName(reason.name) ?? 'unknown' });
  }
  return valid;
}

/**
 * `timeStart` is already the true UTC instant; `timeStartUtcOffset` only says what Paris showed then.
 * (The historical scraper added the offset and kept the UTC label, shifting every slot by one or two hours.)
 */
export function slotsFromAnswer(answer: Slots, reason: VaccinationReason, window: { from: Date; to: Date }): Slot[] {
  const slots: Slot[] = [];
  for (const slot of answer.slots) {
    const start = parseInstantWithOffset(slot.timeStart) ?? parseInstantWithOffset(`${slot.timeStart}Z`);
    if (!start || start < window.from || start >= window.to) continue;
    slots.push({ start, vaccine: reason.vaccine, doses: [reason.dose], motive: reason.name });
  }
  return slots;
}
