// Pure Mapharma parsers: open data -> centres (one per valid campaign), calendars -> slots (one per place).
import type { BusinessHours, Centre, Dose, Slot } from '../../domain.js';
import { parseParisLocal, parisMidnight } from '../../time.js';
import { normalisePhone } from '../phone.js';
import { placeOfPostalCode } from '../postal.js';
import { describeZodError, problem, type Problem } from '../problems.js';
import { isBoosterCapable, vaccineFromName } from '../vaccine-names.js';
import {
  calendarDaySchema,
  calendarEntrySchema,
  campaignSchema,
  pharmacySchema,
  type CalendarEntry,
  type Campaign,
  type MapharmaScanData,
  type Pharmacy,
} from './schema.js';

export type { MapharmaScanData } from './schema.js';

export interface ParsedPharmacies {
  readonly pharmacies: Pharmacy[];
  /** Records (or campaigns) that do not have the expected shape: skipped, each one a problem. */
  readonly problems: Problem[];
}

export function parsePharmacies(records: readonly unknown[]): ParsedPharmacies {
  const pharmacies: Pharmacy[] = [];
  const problems: Problem[] = [];
  for (const record of records) {
    const parsed = pharmacySchema.safeParse(record);
    if (!parsed.success) {
      problems.push(problem('invalid-item', `pharmacy: ${describeZodError(parsed.error)}`));
      continue;
    }
    const campagnes: Campaign[] = [];
    for (const raw of parsed.data.campagnes ?? []) {
      const campaign = campaignSchema.safeParse(raw);
      if (campaign.success) campagnes.push(campaign.data);
      else
        problems.push(problem('invalid-item', `campaign of ${parsed.data.nom}: ${describeZodError(campaign.error)}`));
    }
    pharmacies.push({ ...parsed.data, campagnes });
  }
  return { pharmacies, problems };
}

// The keyword lists Vitemadose configures but, by a lookup at the wrong level, never applies: applied here.
const VALID_CAMPAIGN_KEYWORDS = ['vaccination covid', 'covid 1ère injection'];
const INVALID_CAMPAIGN_KEYWORDS = [
  'test antigenique',
  'test antigénique',
  'test sérologique',
  'pilulier',
  'diététique',
  'nutrition',
];

export type CampaignValidity = 'valid' | 'invalid' | 'unknown';

/** §2.2: no URL -> invalid; `vaccination_covid` when present; else the name keywords; else unknown (left out). */
export function campaignValidity(campaign: Campaign): CampaignValidity {
  if (!campaign.url) return 'invalid';
  if (campaign.vaccination_covid !== undefined && campaign.vaccination_covid !== null)
    return campaign.vaccination_covid ? 'valid' : 'invalid';
  const name = campaign.nom.toLowerCase();
  if (INVALID_CAMPAIGN_KEYWORDS.some((keyword) => name.includes(keyword))) return 'invalid';
  if (VALID_CAMPAIGN_KEYWORDS.some((keyword) => name.includes(keyword))) return 'valid';
  return 'unknown';
}

/** The open-data `gid`: hex of the UTF-8 campaign URL, characters 52..74 (what Vitemadose ids are built on). */
export function gidOfCampaignUrl(url: string): string {
  return Buffer.from(url, 'utf8').toString('hex').slice(52, 75);
}

/** `lundi: 08:30 – 12:30, 13:30 – 18:00\nmardi: …` -> `{lundi: "08:30 – 12:30, 13:30 – 18:00", …}`. */
export function businessHoursOf(horaires: string | null | undefined): BusinessHours | null {
  if (!horaires) return null;
  const hours: Record<string, string> = {};
  for (const line of horaires.split(/\r?\n/)) {
    const match = /^\s*([^:]+?)\s*:\s*(.*)$/.exec(line);
    if (match) hours[match[1]!.toLowerCase()] = match[2]!.trim();
  }
  return Object.keys(hours).length > 0 ? hours : null;
}

/** One centre per valid campaign (a pharmacy with two vaccination campaigns is two centres). */
export function centresOfPharmacy(pharmacy: Pharmacy): Centre[] {
  return pharmacy.campagnes
    .filter((campaign) => campaignValidity(campaign) === 'valid')
    .map((campaign) => centreOfCampaign(pharmacy, campaign));
}

export function centreOfCampaign(pharmacy: Pharmacy, campaign: Campaign): Centre {
  const url = campaign.url!;
  const place = placeOfPostalCode(pharmacy.code_postal);
  const scanData: MapharmaScanData = { campaignId: campaign.id_campagne, optionId: campaign.id_type };
  const hasLocation = typeof pharmacy.latitude === 'number' && typeof pharmacy.longitude === 'number';
  return {
    id: `mapharma${gidOfCampaignUrl(url)}`,
    platform: 'mapharma',
    name: pharmacy.nom,
    kind: 'drugstore',
    address: `${pharmacy.adresse ?? ''}, ${pharmacy.code_postal} ${pharmacy.ville ?? ''}`.trim(),
    postalCode: pharmacy.code_postal,
    city: pharmacy.ville ?? null,
    insee: place.insee,
    department: place.department,
    location: hasLocation ? { latitude: pharmacy.latitude!, longitude: pharmacy.longitude! } : null,
    phone: normalisePhone(pharmacy.telephone),
    businessHours: businessHoursOf(pharmacy.horaires),
    bookingUrl: url,
    atlasGid: null,
    scanData,
  };
}

export function findCampaign(pharmacies: readonly Pharmacy[], scan: MapharmaScanData): Campaign | null {
  for (const pharmacy of pharmacies) {
    for (const campaign of pharmacy.campagnes) {
      if (campaign.id_campagne === scan.campaignId && campaign.id_type === scan.optionId) return campaign;
    }
  }
  return null;
}

export type CalendarDays = ReadonlyMap<string, readonly CalendarEntry[]>;
export interface ParsedCalendar {
  readonly days: CalendarDays;
  readonly problems: readonly Problem[];
  /** Day entries in the answer, readable or not (an unreadable day counts as one). */
  readonly items: number;
}

const DAY_KEY = /^\d{4}-\d{2}-\d{2}$/;

/** Day keys of one calendar answer; `first`, `first_text` and any key containing "first" are metadata. */
export function calendarDays(calendar: Readonly<Record<string, unknown>>): ParsedCalendar {
  const days = new Map<string, readonly CalendarEntry[]>();
  const problems: Problem[] = [];
  let items = 0;
  for (const [key, value] of Object.entries(calendar)) {
    if (key.includes('first')) continue;
    // Other metadata may come and go; only day keys carry slots.
    if (!DAY_KEY.test(key) || !parisMidnight(key)) continue;
    const entries = calendarDaySchema.safeParse(value);
    if (!entries.success) {
      items += 1;
      problems.push(problem('invalid-item', `calendar day ${key}: not a list of entries`));
      continue;
    }
    items += entries.data.length;
    const read: CalendarEntry[] = [];
    for (const raw of entries.data) {
      const entry = calendarEntrySchema.safeParse(raw);
      if (entry.success) read.push(entry.data);
      else problems.push(problem('invalid-item', `calendar entry of ${key}: ${describeZodError(entry.error)}`));
    }
    days.set(key, read);
  }
  return { days, problems, items };
}

/** Calls overlap by a day: the first answer holding a day wins, so no slot is counted twice. */
export function mergeCalendarDays(answers: readonly CalendarDays[]): CalendarDays {
  const merged = new Map<string, readonly CalendarEntry[]>();
  for (const answer of answers) for (const [day, entries] of answer) if (!merged.has(day)) merged.set(day, entries);
  return merged;
}

/** Mapharma says nothing of doses: every dose the campaign's vaccine can be given for. */
export function dosesOfVaccineName(name: string): Dose[] {
  const vaccine = vaccineFromName(name);
  return vaccine && isBoosterCapable(vaccine) ? [1, 2, 3] : [1, 2];
}

export interface CalendarSlots {
  readonly slots: Slot[];
  /** One per slot: the entry and the place, so that the places of one entry are not taken for copies. */
  readonly identities: string[];
}

/**
 * One slot per free place, at `day + time` Paris wall-clock time (spec §4: calendar times are Paris time);
 * days before `startDate` are ignored.
 */
export function slotsOfCalendar(days: CalendarDays, startDate: string, campaignName: string): CalendarSlots {
  const vaccine = vaccineFromName(campaignName) ?? 'unknown';
  const doses = dosesOfVaccineName(campaignName);
  const slots: Slot[] = [];
  const identities: string[] = [];
  for (const [day, entries] of [...days].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (day < startDate) continue;
    for (const entry of entries) {
      const start = parseParisLocal(`${day}T${entry.time.length === 5 ? `${entry.time}:00` : entry.time}`);
      if (!start) continue;
      for (let place = 0; place < entry.places_dispo; place += 1) {
        slots.push({ start, vaccine, doses, motive: campaignName });
        identities.push(`${day}|${entry.id}|${entry.time}|${place}`);
      }
    }
  }
  return { slots, identities };
}
