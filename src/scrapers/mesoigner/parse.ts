// Pure Mesoigner parsers: centre list records -> centres, slot answers -> slots (one per entry).
import type { BusinessHours, Centre, CentreKind, Dose, Slot, Vaccine } from '../../domain.js';
import { parseInstantWithOffset } from '../../time.js';
import { normalisePhone } from '../phone.js';
import { placeOfPostalCode } from '../postal.js';
import { isBoosterCapable, vaccineFromName } from '../vaccine-names.js';
import { mesoignerCentreSchema, type MesoignerCentre, type SlotsAnswer } from './schema.js';

export interface MesoignerScanData {
  readonly gid: string;
  readonly bookingDisabled: boolean;
}

/** `center_type` values, in the order they are looked for inside it. */
const KINDS: ReadonlyArray<readonly [string, CentreKind]> = [
  ['pharmacie', 'drugstore'],
  ['médecin', 'general-practitioner'],
  ['centre de vaccination', 'vaccination-center'],
];

export function kindOfCentreType(centreType: string): CentreKind | null {
  const lower = centreType.toLowerCase();
  return KINDS.find(([key]) => lower.includes(key))?.[1] ?? null;
}

const DAY_NAMES = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'] as const;

/** `{lundi..dimanche: "09:00-12:00, 14:30-19:00" | null}` from days numbered 1 (Monday) to 7. */
export function businessHoursOf(openingHours: MesoignerCentre['opening_hours']): BusinessHours | null {
  if (!openingHours) return null;
  const hours: Record<string, string | null> = Object.fromEntries(DAY_NAMES.map((day) => [day, null]));
  for (const { day, ranges } of openingHours) {
    hours[DAY_NAMES[day - 1]!] = ranges && ranges.length > 0 ? ranges.map(([start, end]) => `${start}-${end}`).join(', ') : null;
  }
  return hours;
}

export type CentreRecord = { readonly ok: true; readonly centre: Centre } | { readonly ok: false; readonly reason: string };

/** A Mesoigner centre; refused when it is not Mesoigner's, has no known type, or lacks the shape. */
export function centreOfRecord(record: unknown): CentreRecord {
  const parsed = mesoignerCentreSchema.safeParse(record);
  if (!parsed.success) return { ok: false, reason: 'unexpected shape' };
  const raw = parsed.data;
  if (raw.platform_is.toLowerCase() !== 'mesoigner') return { ok: false, reason: `platform_is "${raw.platform_is}"` };
  const kind = kindOfCentreType(raw.center_type);
  if (!kind) return { ok: false, reason: `unknown center_type "${raw.center_type}"` };
  const place = placeOfPostalCode(raw.zipcode);
  const location = raw.position && Number.isFinite(raw.position.latitude) && Number.isFinite(raw.position.longitude) ? { latitude: raw.position.latitude, longitude: raw.position.longitude } : null;
  const scanData: MesoignerScanData = { gid: raw.id, bookingDisabled: raw.booking_disabled };
  return {
    ok: true,
    centre: {
      id: `mesoigner${raw.id}`,
      platform: 'mesoigner',
      name: raw.name,
      kind,
      address: `${raw.adress_street ?? ''}, ${raw.zipcode} ${raw.adress_city ?? ''}`.trim(),
      postalCode: raw.zipcode,
      city: raw.adress_city ?? null,
      insee: place.insee,
      department: place.department,
      location,
      phone: normalisePhone(raw.phone_number),
      businessHours: businessHoursOf(raw.opening_hours),
      bookingUrl: raw.rdv_site_web,
      atlasGid: null,
      scanData,
    },
  };
}

// Bivalent products were only ever given as boosters.
const BOOSTER_ONLY = /\bBA\.\d|bivalent/i;

export function isBoosterOnlyProduct(product: string): boolean {
  return BOOSTER_ONLY.test(product);
}

/**
 * Mesoigner gives no dose: every dose the products allow. Original mRNA products: 1, 2 or a booster;
 * booster-only products: the booster; anything else: a first or second dose.
 */
export function dosesOfProducts(products: readonly string[]): Dose[] {
  const original = products.filter((product) => !isBoosterOnlyProduct(product));
  if (original.some((product) => { const vaccine = vaccineFromName(product); return vaccine !== null && isBoosterCapable(vaccine); })) return [1, 2, 3];
  if (products.some(isBoosterOnlyProduct)) return [3];
  return [1, 2];
}

/** One brand when the products agree; mRNA when they are several mRNA brands; otherwise unknown. */
export function vaccineOfProducts(products: readonly string[]): Vaccine {
  const brands = [...new Set(products.map((product) => vaccineFromName(product) ?? 'unknown'))];
  if (brands.length === 1) return brands[0]!;
  if (brands.length > 1 && brands.every((brand) => brand === 'Pfizer-BioNTech' || brand === 'Moderna' || brand === 'ARNm')) return 'ARNm';
  return 'unknown';
}

/** One slot per entry (`number_of_slots` is not trusted), at its offset-carrying `slot_beginning`. */
export function slotsOfAnswer(answer: SlotsAnswer): Slot[] {
  const slots: Slot[] = [];
  for (const day of answer.slots) {
    for (const entries of Object.values(day)) {
      for (const entry of entries) {
        const start = parseInstantWithOffset(entry.slot_beginning);
        if (!start) continue;
        slots.push({ start, vaccine: vaccineOfProducts(entry.available_vaccines), doses: dosesOfProducts(entry.available_vaccines), motive: entry.available_vaccines.join(', ') });
      }
    }
  }
  return slots;
}
