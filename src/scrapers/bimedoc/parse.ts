// Pure readers of Bimedoc's answers: a pharmacy record -> Centre, an availability response -> slots.
import { placeOfPostalCode } from '../postal.js';
import type { Centre, Dose, ScanIssue, ScanWindow, Slot, Vaccine } from '../../domain.js';
import { isAntiBotPage, type HttpResponse } from '../http.js';
import { readInstant } from '../instant.js';
import { readJson } from '../json.js';
import { normalisePhone } from '../phone.js';
import { describeZodError, problem, unreadableAnswer, type Problem } from '../problems.js';
import { isBoosterCapable, vaccineFromName } from '../vaccine-names.js';
import { bookingPageUrl } from './request.js';
import {
  bimedocAvailabilitySchema,
  bimedocSlotSchema,
  type BimedocPharmacy,
  type BimedocScanData,
  type BimedocSlot,
} from './schema.js';

export function centreIdOfPharmacy(uuid: string): string {
  return `bimedoc${uuid}`;
}

/** Every Bimedoc centre is a pharmacy (`type: "drugstore"`). */
export function pharmacyToCentre(pharmacy: BimedocPharmacy): Centre {
  const postalCode = pharmacy.postcode?.trim() || null;
  const { insee, department } = placeOfPostalCode(postalCode);
  const city = pharmacy.city?.trim() || null;
  // The spec writes the address as "{street}, {postcode} {city}": `building_number` is not part of it (the
  // street already carries the number on real records).
  const street = pharmacy.street?.trim() ?? '';
  const locality = [postalCode, city].filter(Boolean).join(' ');
  const scanData: BimedocScanData = { uuid: pharmacy.id };
  return {
    id: centreIdOfPharmacy(pharmacy.id),
    platform: 'bimedoc',
    name: pharmacy.name,
    kind: 'drugstore',
    address: [street, locality].filter(Boolean).join(', '),
    postalCode,
    city,
    insee,
    department,
    location: pharmacy.coordinates ? { longitude: pharmacy.coordinates[0], latitude: pharmacy.coordinates[1] } : null,
    phone: normalisePhone(pharmacy.phone_number),
    businessHours: null,
    bookingUrl: bookingPageUrl(pharmacy.id),
    atlasGid: null,
    scanData,
  };
}

/** No dose data on Bimedoc: every dose the product can plausibly be booked for. */
export function plausibleDoses(vaccine: Vaccine): Dose[] {
  return isBoosterCapable(vaccine) ? [1, 2, 3] : [1, 2];
}

/** One slot record per listed slot; its time carries `Z` (a naive one is not Paris time by the spec: a problem). */
export function bimedocSlotToSlot(slot: BimedocSlot): Slot | Problem {
  const start = readInstant(slot.datetime, 'refuse', `slot ${slot.vaccine_name}`);
  if (!start.ok) return start.problem;
  const vaccine = vaccineFromName(slot.vaccine_name) ?? 'unknown';
  return { start: start.instant, vaccine, doses: plausibleDoses(vaccine), motive: slot.vaccine_name };
}

/** What an availability answer comes to: slots (an empty list is "answered, no slot") or an issue. */
export type BimedocAnswer =
  | { readonly kind: 'slots'; readonly slots: readonly Slot[]; readonly problems: readonly Problem[] }
  | { readonly kind: 'issue'; readonly issue: ScanIssue };

export function readAvailability(response: HttpResponse, window: ScanWindow): BimedocAnswer {
  // Bimedoc's 403 is the one refusal that still lists the centre: the reference scraper emits a "no slot"
  // record before flagging it blocked, so it ends in `centres_indisponibles`. Our scan outcome has no
  // "listed but blocked" state, so the faithful rendering is the explicit "answered, no slot".
  // A 403 in HTML, though, is a firewall between us and the API: nothing was said about the centre.
  if (isAntiBotPage(response))
    return { kind: 'issue', issue: { reason: 'blocked', message: `${response.url}: HTTP 403 from an anti-bot page` } };
  if (response.status === 403) return { kind: 'slots', slots: [], problems: [] };
  if (response.status !== 200) {
    return { kind: 'issue', issue: { reason: 'http-error', message: `${response.url}: HTTP ${response.status}` } };
  }
  if (response.body.trim() === '') return { kind: 'slots', slots: [], problems: [] };
  const parsed = readJson(response, bimedocAvailabilitySchema);
  if (!parsed.ok) return { kind: 'issue', issue: parsed.issue };
  const slots: Slot[] = [];
  const problems: Problem[] = [];
  for (const raw of parsed.value.slots) {
    const item = bimedocSlotSchema.safeParse(raw);
    if (!item.success) {
      problems.push(problem('invalid-item', `slot: ${describeZodError(item.error)}`));
      continue;
    }
    const slot = bimedocSlotToSlot(item.data);
    if ('kind' in slot) problems.push(slot);
    else if (slot.start >= window.from && slot.start < window.to) slots.push(slot);
  }
  const drift = unreadableAnswer(parsed.value.slots.length, problems, response.url);
  return drift ? { kind: 'issue', issue: drift } : { kind: 'slots', slots, problems };
}
