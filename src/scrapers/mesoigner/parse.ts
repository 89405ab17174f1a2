// Pure Mesoigner parsers: centre list records -> centres, slot answers -> slots (one per entry).
import type { BusinessHours, Centre, CentreKind, Dose, Slot, Vaccine } from '../../domain.js';
import { readInstant } from '../instant.js';
import { normalisePhone } from '../phone.js';
import { placeOfPostalCode } from '../postal.js';
import { describeZodError, problem, type Problem } from '../problems.js';
import { isBoosterCapable, vaccineFromName } from '../vaccine-names.js';
import {
  mesoignerCentreSchema,
  slotEntrySchema,
  type MesoignerCentre,
  type MesoignerScanData,
  type SlotsAnswer,
} from './schema.js';

export type { MesoignerScanData } from './schema.js';

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
    hours[DAY_NAMES[day - 1]!] =
      ranges && ranges.length > 0 ? ranges.map(([start, end]) => `${start}-${end}`).join(', ') : null;
  }
  return hours;
}

/** A centre, a record of another platform (ignored, spec §1), or a record we cannot use (a problem). */
export type CentreRecord =
  | { readonly ok: true; readonly centre: Centre }
  | { readonly ok: false; readonly problem: Problem | null };

/** Whether a record is Mesoigner's own: the list may carry other platforms' records, which are not ours. */
function isMesoignerRecord(record: unknown): boolean {
  const platform =
    typeof record === 'object' && record !== null ? (record as { platform_is?: unknown }).platform_is : undefined;
  return typeof platform === 'string' && platform.toLowerCase() === 'mesoigner';
}

/** A Mesoigner centre; refused when it is not Mesoigner's, has no known type, or lacks the shape. */
export function centreOfRecord(record: unknown): CentreRecord {
  if (!isMesoignerRecord(record)) return { ok: false, problem: null };
  const parsed = mesoignerCentreSchema.safeParse(record);
  if (!parsed.success)
    return { ok: false, problem: problem('invalid-item', `centre record: ${describeZodError(parsed.error)}`) };
  const raw = parsed.data;
  const kind = kindOfCentreType(raw.center_type);
  if (!kind)
    return {
      ok: false,
      problem: problem('invalid-item', `centre ${raw.id}: unknown center_type "${raw.center_type}"`),
    };
  const place = placeOfPostalCode(raw.zipcode);
  const location =
    raw.position && Number.isFinite(raw.position.latitude) && Number.isFinite(raw.position.longitude)
      ? { latitude: raw.position.latitude, longitude: raw.position.longitude }
      : null;
  const scanData: MesoignerScanData = { gid: raw.id, bookingDisabled: raw.booking_disabled };
  return {
    ok: true,
    centre: {
      id: `mesoigner${raw.id}`,
      platform: 'mesoigner',
      name: raw.name,
      kind,
      address: [raw.adress_street?.trim(), `${raw.zipcode} ${raw.adress_city ?? ''}`.trim()].filter(Boolean).join(', '),
      postalCode: raw.zipcode,
      city: raw.adress_city ?? null,
      insee: place.insee,
      department: place.department,
      location,
      phone: normalisePhone(raw.phone_number),
      businessHours: businessHoursOf(raw.opening_hours),
      bookingUrl: raw.rdv_site_web ?? '',
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
  if (
    original.some((product) => {
      const vaccine = vaccineFromName(product);
      return vaccine !== null && isBoosterCapable(vaccine);
    })
  )
    return [1, 2, 3];
  if (products.some(isBoosterOnlyProduct)) return [3];
  return [1, 2];
}

/** One brand when the products agree; mRNA when they are several mRNA brands; otherwise unknown. */
export function vaccineOfProducts(products: readonly string[]): Vaccine {
  const brands = [...new Set(products.map((product) => vaccineFromName(product) ?? 'unknown'))];
  if (brands.length === 1) return brands[0]!;
  if (
    brands.length > 1 &&
    brands.every((brand) => brand === 'Pfizer-BioNTech' || brand === 'Moderna' || brand === 'ARNm')
  )
    return 'ARNm';
  return 'unknown';
}

/**
 * One slot per entry (`number_of_slots` is not trusted), at its offset-carrying `slot_beginning` (spec §7:
 * offsets are explicit, so a naive one is a problem). Entries are read one by one.
 */
export function slotsOfAnswer(answer: SlotsAnswer): { slots: Slot[]; problems: Problem[] } {
  const slots: Slot[] = [];
  const problems: Problem[] = [];
  for (const day of answer.slots) {
    if (typeof day !== 'object' || day === null || Array.isArray(day)) {
      problems.push(problem('invalid-item', 'slot day: not an object'));
      continue;
    }
    for (const [key, entries] of Object.entries(day)) {
      if (!Array.isArray(entries)) {
        problems.push(problem('invalid-item', `slot day ${key}: not a list`));
        continue;
      }
      for (const raw of entries) {
        const entry = slotEntrySchema.safeParse(raw);
        if (!entry.success) {
          problems.push(problem('invalid-item', `slot of ${key}: ${describeZodError(entry.error)}`));
          continue;
        }
        const start = readInstant(entry.data.slot_beginning, 'refuse', `slot of ${key}`);
        if (!start.ok) {
          problems.push(start.problem);
          continue;
        }
        const products = entry.data.available_vaccines;
        slots.push({
          start: start.instant,
          vaccine: vaccineOfProducts(products),
          doses: dosesOfProducts(products),
          motive: products.join(', '),
        });
      }
    }
  }
  return { slots, problems };
}
