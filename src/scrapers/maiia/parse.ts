// Pure Maiia parsers: centre-search items to centre fields, reasons to dose and vaccine, availabilities to
// slots (spec/platforms/maiia.md §3, §5, §7).
import type { BusinessHours, Centre, CentreKind, Dose, Slot, Vaccine } from '../../domain.js';
import { departmentOfInsee } from '../../departments.js';
import { placeOfPostalCode } from '../postal.js';
import { readInstant } from '../instant.js';
import { normalisePhone } from '../phone.js';
import { problem, type Problem } from '../problems.js';
import { vaccineFromName } from '../vaccine-names.js';
import type { HcdItem, Reason } from './schema.js';

// `test` is a word of its own: "attestation" holds it and is no test (the historical scraper got that wrong).
const EXCLUDED_REASON = /(^|[^\p{L}])tests?($|[^\p{L}])|antig[eé]nique|pcr|antigrippale|grippe/iu;

export function isExcludedReason(name: string): boolean {
  return EXCLUDED_REASON.test(name);
}

/**
 * The dose a reason name states, when `injectionType` does not (§5): tests in order, later ones winning.
 * Ages ("+12 ans", "5-11 ans") and "COVID-19" are taken out first: their digits are not doses.
 */
export function guessDoseFromName(rawName: string): Dose | null {
  const name = rawName
    .toLowerCase()
    .replace(/covid[- ]?19/g, ' ')
    .replace(/\+?\d+\s*(-|à)?\s*\d*\s*ans/g, ' ');
  let dose: Dose | null = null;
  if (/premi[eè]re|1/.test(name)) dose = 1;
  if (/deuxi[eè]me|seconde|2/.test(name)) dose = 2;
  if (/rappel|troisi[eè]me|3/.test(name)) dose = 3;
  return dose;
}

export type ReasonPlan =
  | { readonly kind: 'scan'; readonly name: string; readonly dose: Dose | null; readonly vaccine: Vaccine }
  | { readonly kind: 'skip' }
  | { readonly kind: 'unknown-injection-type'; readonly value: string };

const INJECTION_DOSES: Readonly<Record<string, Dose>> = { FIRST: 1, SECOND: 2, BOOSTER: 3 };

/** Whether and how to scan a reason. An `injectionType` Maiia never documented makes the centre fail. */
export function planReason(reason: Reason): ReasonPlan {
  if (isExcludedReason(reason.name) || !('injectionType' in reason)) return { kind: 'skip' };
  const vaccine = vaccineFromName(reason.name) ?? 'unknown';
  const type = reason.injectionType ?? null;
  if (type !== null && type in INJECTION_DOSES)
    return { kind: 'scan', name: reason.name, dose: INJECTION_DOSES[type]!, vaccine };
  if (type === 'NONE' && !/covid/i.test(reason.name)) return { kind: 'skip' };
  if (type === null || type === 'NONE')
    return { kind: 'scan', name: reason.name, dose: guessDoseFromName(reason.name), vaccine };
  return { kind: 'unknown-injection-type', value: type };
}

/** Maiia's `startDateTime` is true UTC (`…Z`, spec §7): one without a zone is a problem, not a guess. */
export function slotsFromAvailabilities(
  items: readonly { startDateTime: string }[],
  plan: Extract<ReasonPlan, { kind: 'scan' }>,
  window: { from: Date; to: Date },
): { slots: Slot[]; problems: Problem[] } {
  const slots: Slot[] = [];
  const problems: Problem[] = [];
  for (const item of items) {
    const start = readInstant(item.startDateTime, 'refuse', `availability of ${plan.name}`);
    if (!start.ok) {
      problems.push(start.problem);
      continue;
    }
    if (start.instant < window.from || start.instant >= window.to) continue;
    slots.push({
      start: start.instant,
      vaccine: plan.vaccine,
      doses: plan.dose === null ? [] : [plan.dose],
      motive: plan.name,
    });
  }
  return { slots, problems };
}

// ----- discovery -----

/** A centre the historical list skipped on purpose (§3). */
const EXCLUDED_CENTRE_ID = '603e4fae8c512e753fc49ba1';

/** Why a search item is not a centre to scan, or null when it is one. */
export function rejectionOf(item: HcdItem): string | null {
  if (item.center.id === EXCLUDED_CENTRE_ID) return 'excluded centre';
  if ((item.center.childCenters ?? []).length > 0) return 'has child centres';
  const reasons = item.consultationReasons ?? [];
  if (reasons.length > 0 && reasons.every((reason) => isExcludedReason(reason.name ?? '')))
    return 'only tests and flu reasons';
  return null;
}

/** `https://www.maiia.com{center.url}?centerid={id}` (spec §1), or a problem when the centre has no page. */
export function bookingUrlOf(item: HcdItem): string | Problem {
  const path = item.center.url;
  if (!path) return problem('missing-url', `centre ${item.center.id} has no url`);
  // Concatenated as the spec says, never resolved: a hostile `@host/` path must stay visible to the guard.
  return `https://www.maiia.com${path}?centerid=${item.center.id}`;
}

export function maiiaCentreId(centerId: string): string {
  return `maiia${centerId.slice(0, 8)}`;
}

const DAY_NAMES: Readonly<Record<string, string>> = {
  MONDAY: 'Lundi',
  TUESDAY: 'Mardi',
  WEDNESDAY: 'Mercredi',
  THURSDAY: 'Jeudi',
  FRIDAY: 'Vendredi',
  SATURDAY: 'Samedi',
  SUNDAY: 'Dimanche',
};

/** `{Lundi: "08:00-12:00 14:00-18:00"}`, only days with schedules (`isActive` is ignored, as Maiia's pages do). */
export function businessHoursOf(item: HcdItem): BusinessHours | null {
  const schedules = item.center.publicInformation?.officeInformation?.openingSchedules;
  if (!schedules) return null;
  const hours: BusinessHours = {};
  for (const [day, name] of Object.entries(DAY_NAMES)) {
    const ranges = schedules[day]?.schedules ?? [];
    if (ranges.length > 0) hours[name] = ranges.map((range) => `${range.startTime}-${range.endTime}`).join(' ');
  }
  return hours;
}

export type MaiiaPlace = Pick<
  Centre,
  'address' | 'postalCode' | 'city' | 'insee' | 'department' | 'location' | 'phone'
>;

export function placeOf(item: HcdItem): MaiiaPlace {
  const info = item.center.publicInformation;
  const address = info?.address;
  const postalCode = address?.zipCode ?? null;
  const rawInsee = address?.inseeCode ?? '';
  // Maiia's own INSEE code first; otherwise the postal code, with its CEDEX and digits fallbacks.
  const fromPostal = placeOfPostalCode(postalCode);
  const insee = rawInsee.length === 5 ? rawInsee : fromPostal.insee;
  const coordinates = address?.location?.coordinates;
  const locality = address?.locality?.location;
  const location = coordinates
    ? { longitude: coordinates[0], latitude: coordinates[1] }
    : locality
      ? { longitude: locality.x, latitude: locality.y }
      : null;
  return {
    address: address?.fullAddress ?? '',
    postalCode,
    city: address?.city ?? null,
    insee,
    department: (rawInsee.length === 5 ? departmentOfInsee(rawInsee) : null) ?? fromPostal.department,
    location,
    phone: normalisePhone(info?.officeInformation?.phoneNumber),
  };
}

export function kindOf(item: HcdItem): CentreKind {
  return (item.center.url ?? '').includes('pharmacie') ? 'drugstore' : 'vaccination-center';
}
