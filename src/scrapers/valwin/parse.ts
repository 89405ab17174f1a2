// Pure readers of Valwin's answers: the pharmacy map -> Centres, a slots page -> Slots.
import { placeOfPostalCode } from '../postal.js';
import type { Centre, Dose, ScanIssue, ScanWindow, Slot, Vaccine } from '../../domain.js';
import { parseParisLocal } from '../../time.js';
import type { HttpResponse } from '../http.js';
import { readJson } from '../json.js';
import { isBoosterCapable, vaccineFromName } from '../vaccine-names.js';
import { ASTRAZENECA_TYPE_ID, bookingDeepLink } from './request.js';
import { valwinErrorSchema, valwinSlotsSchema, type ValwinPharmacy, type ValwinSlot } from './schema.js';

/** What a scan needs: the pharmacy id for the URL, its site for the booking link if a slot lacks one. */
export interface ValwinScanData {
  readonly pharmacyId: string;
  readonly websiteUrl: string;
}

/** `Valwin` with a capital V, then the pharmacy id verbatim. */
export function centreIdOfPharmacy(pharmacyId: string): string {
  return `Valwin${pharmacyId}`;
}

/** The map's values, once per website: the same pharmacy can sit under two keys. */
export function uniquePharmacies(map: Readonly<Record<string, ValwinPharmacy>>): ValwinPharmacy[] {
  const seen = new Set<string>();
  const pharmacies: ValwinPharmacy[] = [];
  for (const pharmacy of Object.values(map)) {
    const url = pharmacy.websiteUrl.trim();
    if (seen.has(url)) continue;
    seen.add(url);
    pharmacies.push(pharmacy);
  }
  return pharmacies;
}

function coordinate(value: number | string): number | null {
  const number = typeof value === 'number' ? value : Number(value.trim());
  return value !== '' && Number.isFinite(number) ? number : null;
}

/** Every Valwin centre is a pharmacy. Its booking URL is its website until a scan finds the deep link. */
export function pharmacyToCentre(pharmacy: ValwinPharmacy): Centre {
  const { street, zipCode, city } = pharmacy.address;
  const postalCode = zipCode.trim() || null;
  const { insee, department } = placeOfPostalCode(postalCode);
  const latitude = pharmacy.geoTag ? coordinate(pharmacy.geoTag.latitude) : null;
  const longitude = pharmacy.geoTag ? coordinate(pharmacy.geoTag.longitude) : null;
  const scanData: ValwinScanData = { pharmacyId: pharmacy.id, websiteUrl: pharmacy.websiteUrl.trim() };
  return {
    id: centreIdOfPharmacy(pharmacy.id),
    platform: 'valwin',
    name: pharmacy.name,
    kind: 'drugstore',
    address: `${street.trim()}, ${[postalCode, city.trim()].filter(Boolean).join(' ')}`,
    postalCode,
    city: city.trim() || null,
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

/** One entry -> one slot, the last type deciding (as the reference does); null when it cannot be read. */
export function valwinSlotToSlot(entry: ValwinSlot, fallbackWebsiteUrl: string): Slot | null {
  const last = entry.types[entry.types.length - 1];
  const start = parseParisLocal(entry.start);
  if (!last || !start) return null;
  const vaccine = vaccineOfType(last);
  const website = entry.websiteUrl?.trim() || fallbackWebsiteUrl;
  return {
    start,
    vaccine,
    doses: plausibleDoses(vaccine),
    motive: last.label,
    bookingUrl: bookingDeepLink(website, entry.types.map((type) => type.id)),
  };
}

export type ValwinAnswer =
  | { readonly kind: 'slots'; readonly slots: readonly Slot[] }
  | { readonly kind: 'issue'; readonly issue: ScanIssue };

export function readSlots(response: HttpResponse, window: ScanWindow, fallbackWebsiteUrl: string): ValwinAnswer {
  if (response.status === 403) return { kind: 'issue', issue: { reason: 'blocked', message: `${response.url}: HTTP 403` } };
  if (response.status !== 200) {
    const refusal = readJson(response, valwinErrorSchema);
    const detail = refusal.ok ? `: ${refusal.value.message}` : '';
    return { kind: 'issue', issue: { reason: 'http-error', message: `${response.url}: HTTP ${response.status}${detail}` } };
  }
  const parsed = readJson(response, valwinSlotsSchema);
  if (!parsed.ok) return { kind: 'issue', issue: parsed.issue };
  const slots: Slot[] = [];
  for (const entry of parsed.value.result) {
    const slot = valwinSlotToSlot(entry, fallbackWebsiteUrl);
    // An entry without a type, or whose time is not a naive Paris time, fails the whole centre (spec §6).
    if (!slot) {
      const why = entry.types.length === 0 ? 'an entry has no type' : `unreadable start "${entry.start}"`;
      return { kind: 'issue', issue: { reason: 'parse-failure', message: `${response.url}: ${why}` } };
    }
    if (slot.start >= window.from && slot.start < window.to) slots.push(slot);
  }
  return { kind: 'slots', slots };
}
