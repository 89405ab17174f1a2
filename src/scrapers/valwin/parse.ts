// Pure readers of Valwin's answers: the pharmacy map -> Centres, a slots page -> Slots.
import { placeOfPostalCode } from '../postal.js';
import type { Centre, Dose, ScanIssue, ScanWindow, Slot, Vaccine } from '../../domain.js';
import type { HttpResponse } from '../http.js';
import { readInstant } from '../instant.js';
import { readJson } from '../json.js';
import { describeZodError, problem, unreadableAnswer, type Problem } from '../problems.js';
import { isBoosterCapable, vaccineFromName } from '../vaccine-names.js';
import { ASTRAZENECA_TYPE_ID, bookingDeepLink } from './request.js';
import {
  valwinErrorSchema,
  valwinPharmacySchema,
  valwinSlotSchema,
  valwinSlotsSchema,
  type ValwinPharmacy,
  type ValwinScanData,
  type ValwinSlot,
} from './schema.js';

export type { ValwinScanData } from './schema.js';

/** `Valwin` with a capital V, then the pharmacy id verbatim. */
export function centreIdOfPharmacy(pharmacyId: string): string {
  return `Valwin${pharmacyId}`;
}

/** The map's values, read one by one, once per website: the same pharmacy can sit under two keys. */
export function uniquePharmacies(map: Readonly<Record<string, unknown>>): {
  pharmacies: ValwinPharmacy[];
  problems: Problem[];
} {
  const seen = new Set<string>();
  const pharmacies: ValwinPharmacy[] = [];
  const problems: Problem[] = [];
  for (const [key, raw] of Object.entries(map)) {
    const parsed = valwinPharmacySchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(problem('invalid-item', `pharmacy ${key}: ${describeZodError(parsed.error)}`));
      continue;
    }
    const url = parsed.data.websiteUrl?.trim() ?? '';
    if (url !== '' && seen.has(url)) continue;
    seen.add(url);
    pharmacies.push(parsed.data);
  }
  return { pharmacies, problems };
}

function coordinate(value: number | string): number | null {
  const number = typeof value === 'number' ? value : Number(value.trim());
  return value !== '' && Number.isFinite(number) ? number : null;
}

/** Every Valwin centre is a pharmacy. Its booking URL is its website until a scan finds the deep link. */
export function pharmacyToCentre(pharmacy: ValwinPharmacy): Centre {
  const street = pharmacy.address?.street?.trim() ?? '';
  const city = pharmacy.address?.city?.trim() ?? '';
  const postalCode = pharmacy.address?.zipCode?.trim() || null;
  const { insee, department } = placeOfPostalCode(postalCode);
  const latitude = pharmacy.geoTag ? coordinate(pharmacy.geoTag.latitude) : null;
  const longitude = pharmacy.geoTag ? coordinate(pharmacy.geoTag.longitude) : null;
  const scanData: ValwinScanData = { pharmacyId: pharmacy.id, websiteUrl: pharmacy.websiteUrl?.trim() ?? '' };
  return {
    id: centreIdOfPharmacy(pharmacy.id),
    platform: 'valwin',
    name: pharmacy.name,
    kind: 'drugstore',
    address: [street, [postalCode, city].filter(Boolean).join(' ')].filter(Boolean).join(', '),
    postalCode,
    city: city || null,
    insee,
    department,
    location: latitude !== null && longitude !== null ? { latitude, longitude } : null,
    phone: null,
    businessHours: null,
    bookingUrl: scanData.websiteUrl,
    atlasGid: null,
    scanData,
  };
}

/** No dose data on Valwin: every dose the vaccine can plausibly be booked for. */
export function plausibleDoses(vaccine: Vaccine): Dose[] {
  return isBoosterCapable(vaccine) ? [1, 2, 3] : [1, 2];
}

/** The vaccine of a type: its id when it is the AstraZeneca one (its label names no brand), else its label. */
export function vaccineOfType(type: { readonly id: string; readonly label: string }): Vaccine {
  if (type.id === ASTRAZENECA_TYPE_ID) return 'AstraZeneca';
  return vaccineFromName(type.label) ?? 'unknown';
}

/**
 * One entry -> one slot, the last type deciding (as the reference does). `start` is naive Paris time (spec
 * §7 says so); a time that cannot be read is a problem.
 */
export function valwinSlotToSlot(entry: ValwinSlot, fallbackWebsiteUrl: string): Slot | Problem {
  const last = entry.types[entry.types.length - 1]!;
  const start = readInstant(entry.start, 'paris', `slot of ${last.label}`);
  if (!start.ok) return start.problem;
  const vaccine = vaccineOfType(last);
  const website = entry.websiteUrl?.trim() || fallbackWebsiteUrl;
  return {
    start: start.instant,
    vaccine,
    doses: plausibleDoses(vaccine),
    motive: last.label,
    bookingUrl: bookingDeepLink(
      website,
      entry.types.map((type) => type.id),
    ),
  };
}

export type ValwinAnswer =
  | { readonly kind: 'slots'; readonly slots: readonly Slot[]; readonly problems: readonly Problem[] }
  | { readonly kind: 'issue'; readonly issue: ScanIssue };

export function readSlots(response: HttpResponse, window: ScanWindow, fallbackWebsiteUrl: string): ValwinAnswer {
  if (response.status === 403)
    return { kind: 'issue', issue: { reason: 'blocked', message: `${response.url}: HTTP 403` } };
  if (response.status !== 200) {
    const refusal = readJson(response, valwinErrorSchema);
    const detail = refusal.ok ? `: ${refusal.value.message}` : '';
    return {
      kind: 'issue',
      issue: { reason: 'http-error', message: `${response.url}: HTTP ${response.status}${detail}` },
    };
  }
  const parsed = readJson(response, valwinSlotsSchema);
  if (!parsed.ok) return { kind: 'issue', issue: parsed.issue };
  const slots: Slot[] = [];
  const problems: Problem[] = [];
  for (const raw of parsed.value.result) {
    // An entry without a type or a readable time is one lost slot, never the centre's other slots.
    const entry = valwinSlotSchema.safeParse(raw);
    if (!entry.success) {
      problems.push(problem('invalid-item', `slot: ${describeZodError(entry.error)}`));
      continue;
    }
    const slot = valwinSlotToSlot(entry.data, fallbackWebsiteUrl);
    if ('kind' in slot) problems.push(slot);
    else if (slot.start >= window.from && slot.start < window.to) slots.push(slot);
  }
  const drift = unreadableAnswer(parsed.value.result.length, problems, response.url);
  return drift ? { kind: 'issue', issue: drift } : { kind: 'slots', slots, problems };
}
