// Pure Mapharma parsers: open data -> centres (one per valid campaign), calendars -> slots (one per place).
import type { BusinessHours, Centre, Dose, Slot } from '../../domain.js';
import { parseParisLocal, parisMidnight } from '../../time.js';
import { normalisePhone } from '../phone.js';
import { placeOfPostalCode } from '../postal.js';
import { isBoosterCapable, vaccineFromName } from '../vaccine-names.js';
import { calendarDaySchema, pharmacySchema, type CalendarEntry, type Campaign, type Pharmacy } from './schema.js';

export interface MapharmaScanData {
  readonly campaignId: number;
  readonly optionId: number;
}

export interface ParsedPharmacies {
  readonly pharmacies: Pharmacy[];
  /** Records that do not have the pharmacy shape (no postal code...): skipped, not fatal. */
  readonly rejected: number;
}

export function parsePharmacies(records: readonly unknown[]): ParsedPharmacies {
  const pharmacies: Pharmacy[] = [];
  let rejected = 0;
  for (const record of records) {
    const parsed = pharmacySchema.safeParse(record);
    if (parsed.success) pharmacies.push(parsed.data);
    else rejected += 1;
  }
  return { pharmacies, rejected };
}

// The keyword lists Vitemadose configures but, by a lookup at the wrong level, never applies: applied here.
const VALID_CAMPAIGN_KEYWORDS = ['vaccination covid', 'covid 1ère injection'];
const INVALID_CAMPAIGN_KEYWORDS = ['test antigenique', 'test antigénique', 'test sérologique', 'pilulier', 'diététique', 'nutrition'];

export type CampaignValidity = 'valid' | 'invalid' | 'unknown';

/** §2.2: no URL -> invalid; `vaccination_covid` when present; else the name keywords; else unknown (left out). */
export function campaignValidity(campaign: Campaign): CampaignValidity {
  if (!campaign.url) return 'invalid';
  if (campaign.vaccination_covid !== undefined) return campaign.vaccination_covid ? 'valid' : 'invalid';
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
  return pharmacy.campagnes.filter((campaign) => campaignValidity(campaign) === 'valid').map((campaign) => centreOfCampaign(pharmacy, campaign));
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
    address: `${pharmacy.adresse}, ${pharmacy.code_postal} ${pharmacy.ville}`,
    postalCode: pharmacy.code_postal,
    city: pharmacy.ville,
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
export type ParsedCalendar = { readonly ok: true; readonly days: CalendarDays } | { readonly ok: false; readonly message: string };

const DAY_KEY = /^\d{4}-\d{2}-\d{2}$/;

/** Day keys of one calendar answer; `first`, `first_text` and any key containing "first" are metadata. */
export function calendarDays(calendar: Readonly<Record<string, unknown>>): ParsedCalendar {
  const days = new Map<string, readonly CalendarEntry[]>();
  for (const [key, value] of Object.entries(calendar)) {
    if (key.includes('first')) continue;
    // Other metadata may come and go; only day keys carry slots.
    if (!DAY_KEY.test(key) || !parisMidnight(key)) continue;
    const entries = calendarDaySchema.safeParse(value);
    if (!entries.success) return { ok: false, message: `day ${key}: not a list of calendar entries` };
    days.set(key, entries.data);
  }
  return { ok: true, days };
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

/** One slot per free place, at `day + time` Paris wall-clock time; days before `startDate` are ignored. */
export function slotsOfCalendar(days: CalendarDays, startDate: string, campaignName: string): Slot[] {
  const vaccine = vaccineFromName(campaignName) ?? 'unknown';
  const doses = dosesOfVaccineName(campaignName);
  const slots: Slot[] = [];
  for (const [day, entries] of [...days].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (day < startDate) continue;
    for (const entry of entries) {
      const start = parseParisLocal(`${day}T${entry.time.length === 5 ? `${entry.time}:00` : entry.time}`);
      if (!start) continue;
      for (let place = 0; place < entry.places_dispo; place += 1) slots.push({ start, vaccine, doses, motive: campaignName });
    }
  }
  return slots;
}
