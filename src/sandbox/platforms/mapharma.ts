// Mapharma in its real shapes (spec/platforms/mapharma.md): the open-data list of pharmacies and their
// campaigns, its published copy, and the per-campaign calendar. Each listing is one pharmacy whose
// vaccination campaign offers the listing's motives; every free world slot is one free place, so places at
// the same time add up in `places_dispo`.
import { Router, type Request, type Response } from 'express';
import { DateTime } from 'luxon';
import type { Vaccine } from '../../domain.js';
import { PARIS, addDays, addDaysToDate, parisDate, parisMidnight, toParisLocalNaive } from '../../time.js';
import { lookupBy } from './lookup.js';
import type { SandboxContext, SandboxPlatform } from '../platform.js';
import type { Listing, WeeklyHours, WorldMotive, WorldSlot } from '../world.js';

/** How far ahead `total_libres` and `prochain_libre` look. */
const OPEN_DATA_HORIZON_DAYS = 28;
/** Days a calendar answer covers from the date asked. */
const CALENDAR_DAYS = 7;
const VACCINATION_TYPE = 1;
const TEST_TYPE = 2;
const OTHER_TYPE = 3;

export function mapharmaCampaignId(listing: Listing): number {
  return 100 + listing.ordinal;
}

/** The pharmacy page: `https://mapharma.net/{cp}[-n]`. */
function pharmacyUrl(listing: Listing): string {
  const suffix = listing.ordinal % 4 === 1 ? '' : `-${2 + (listing.ordinal % 4)}`;
  return `https://mapharma.net/${listing.centre.postalCode}${suffix}`;
}

function campaignUrl(listing: Listing, campaignId: number, type: number): string {
  return `${pharmacyUrl(listing)}?c=${campaignId}&l=${type}`;
}

const BRANDS: Record<Exclude<Vaccine, 'unknown' | 'ARNm'>, string> = {
  'Pfizer-BioNTech': 'Pfizer',
  Moderna: 'Moderna',
  Janssen: 'Janssen',
  AstraZeneca: 'AstraZeneca',
};

/** "Vaccination COVID Pfizer - 1ère injection, rappel": the brand only when the campaign has one. */
export function campaignName(motives: readonly WorldMotive[]): string {
  const brands = [...new Set(motives.map((motive) => BRANDS[motive.vaccine]))];
  const doses = [
    ...new Set(
      motives.map((motive) =>
        motive.dose === 3 ? 'rappel' : motive.dose === '1_kid' ? 'enfants 5-11 ans' : '1ère injection',
      ),
    ),
  ];
  return `Vaccination COVID${brands.length === 1 ? ` ${brands[0]}` : ''} - ${doses.join(', ')}`;
}

const DAY_NAMES = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'] as const;

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** `lundi: 09:00 – 12:00, 14:00 – 18:00\n…\ndimanche: Fermé` (en-dashes, as Mapharma writes them). */
function horaires(hours: WeeklyHours): string {
  return DAY_NAMES.map((day, index) => {
    const ranges = hours[(index + 1) as 1 | 2 | 3 | 4 | 5 | 6 | 7];
    return (
      `${day}: ` +
      `${ranges.length === 0 ? 'Fermé' : ranges.map(([open, close]) => `${hhmm(open)} – ${hhmm(close)}`).join(', ')}`
    );
  }).join('\n');
}

function spacedPhone(phone: string): string {
  return phone.replace(/(\d{2})(?=\d)/g, '$1 ');
}

function parisParts(instant: Date): { day: string; time: string } {
  const local = toParisLocalNaive(instant);
  return { day: local.slice(0, 10), time: local.slice(11, 16) };
}

const frenchDays = new Map<string, string>();

/** `lundi 3 mai` of a calendar date: Intl's French names, once per date (a calendar renders each many times). */
function frenchDay(day: string): string {
  let text = frenchDays.get(day);
  if (text === undefined) {
    text = DateTime.fromISO(day, { zone: PARIS }).setLocale('fr').toFormat('cccc d LLLL');
    if (frenchDays.size > 10_000) frenchDays.clear();
    frenchDays.set(day, text);
  }
  return text;
}

function pharmacyOf(listing: Listing, slots: readonly WorldSlot[], now: Date) {
  const { centre } = listing;
  const today = parisDate(now);
  const vaccination: Record<string, unknown> = {
    id_campagne: mapharmaCampaignId(listing),
    id_type: VACCINATION_TYPE,
    nom: campaignName(listing.motives),
    debut: addDaysToDate(today, -30 - (listing.ordinal % 20)),
    fin: addDaysToDate(today, 90),
    prochain_libre: slots[0] ? `${parisParts(slots[0].start).day} ${parisParts(slots[0].start).time}` : null,
    total_libres: slots.length,
    url: campaignUrl(listing, mapharmaCampaignId(listing), VACCINATION_TYPE),
  };
  // Older records have no `vaccination_covid` flag: the campaign name then decides.
  const flagged = listing.ordinal % 3 !== 0;
  if (flagged) vaccination.vaccination_covid = true;
  const campagnes: Record<string, unknown>[] = [vaccination];
  if (listing.ordinal % 2 === 0) {
    campagnes.push({
      id_campagne: 5000 + listing.ordinal,
      id_type: TEST_TYPE,
      nom: 'Test Antigénique COVID19',
      debut: addDaysToDate(today, -60),
      fin: addDaysToDate(today, 60),
      prochain_libre: `${addDaysToDate(today, 1)} 09:00`,
      total_libres: 12,
      url: campaignUrl(listing, 5000 + listing.ordinal, TEST_TYPE),
      ...(flagged ? { vaccination_covid: false } : {}),
    });
  }
  if (listing.ordinal % 5 === 0) {
    campagnes.push({
      id_campagne: 9000 + listing.ordinal,
      id_type: OTHER_TYPE,
      nom: 'Préparation de pilulier',
      debut: today,
      fin: today,
      prochain_libre: null,
      total_libres: 0,
      url: null,
    });
  }
  return {
    nom: centre.name,
    adresse: centre.street,
    code_postal: centre.postalCode,
    ville: centre.commune.name.toUpperCase(),
    timezone: 'Europe/Paris',
    latitude: centre.location.latitude,
    longitude: centre.location.longitude,
    telephone: listing.ordinal % 7 === 0 ? '' : spacedPhone(centre.phone),
    horaires: horaires(centre.hours),
    url: pharmacyUrl(listing),
    campagnes,
  };
}

function openData({ world, clock }: SandboxContext): unknown[] {
  const now = clock.now();
  const until = addDays(now, OPEN_DATA_HORIZON_DAYS);
  return world
    .listingsOf('mapharma')
    .map((listing) => pharmacyOf(listing, world.freeSlots(listing, now, now, until), now));
}

/** `{day: [{id, time, textDay, places_dispo}]}` for 7 days from `date`, plus the `first`/`first_text` metadata. */
function calendar(context: SandboxContext, listing: Listing, date: string): Record<string, unknown> {
  const now = context.clock.now();
  const from = parisMidnight(date)!;
  const to = parisMidnight(addDaysToDate(date, CALENDAR_DAYS))!;
  const places = new Map<number, number>();
  for (const slot of context.world.freeSlots(listing, now, from, to))
    places.set(slot.start.getTime(), (places.get(slot.start.getTime()) ?? 0) + 1);
  const body: Record<string, unknown> = {};
  for (const [start, count] of [...places].sort(([a], [b]) => a - b)) {
    const { day, time } = parisParts(new Date(start));
    const textDay = frenchDay(day).replace(/(^|\s)\p{L}/gu, (letter) => letter.toUpperCase());
    const entries = (body[day] as unknown[] | undefined) ?? [];
    entries.push({
      id: listing.ordinal * 1_000_000 + ((start / 60_000) % 1_000_000),
      time,
      textDay,
      places_dispo: count,
    });
    body[day] = entries;
  }
  const first = [...places.keys()].sort((a, b) => a - b)[0];
  if (first !== undefined) {
    const { day, time } = parisParts(new Date(first));
    body.first = day;
    body.first_text = `Prochain rendez-vous le ` + `${frenchDay(day)} ` + `à ${time}`;
  } else {
    body.first = null;
    body.first_text = 'Aucun rendez-vous disponible';
  }
  return body;
}

function notFound(response: Response, message: string): void {
  response.status(404).json({ error: message });
}

export const mapharmaSandbox: SandboxPlatform = {
  platform: 'mapharma',
  router(context) {
    const router = Router();
    const listings = () => context.world.listingsOf('mapharma');
    const byCampaign = lookupBy(listings, (candidate) => String(mapharmaCampaignId(candidate)));
    const byScreening = lookupBy(
      () => listings().filter((candidate) => candidate.ordinal % 2 === 0),
      (candidate) => String(5000 + candidate.ordinal),
    );
    router.get('/opendata/rdv', (_request, response) => {
      response.json(openData(context));
    });
    router.get('/vitemadose/mapharma_open_data.json', (_request, response) => {
      const artifactDate = DateTime.fromJSDate(context.clock.now(), { zone: PARIS }).toFormat('yyyy-MM-dd HH:mm:ss');
      response.json({ artifact_date: artifactDate, data: openData(context) });
    });
    router.get('/api/public/calendar/:campaignId/:date/:optionId', (request: Request, response: Response) => {
      // Mapharma's public API answers pages of its own site: a call without its Referer is refused.
      if (!String(request.get('referer') ?? '').startsWith('https://mapharma.net/')) {
        response.status(403).json({ error: 'Forbidden' });
        return;
      }
      const { campaignId, date, optionId } = request.params as { campaignId: string; date: string; optionId: string };
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !parisMidnight(date)) {
        response.status(400).json({ error: 'Invalid date' });
        return;
      }
      const listing = byCampaign(campaignId);
      if (listing && optionId === String(VACCINATION_TYPE)) {
        response.json(calendar(context, listing, date));
        return;
      }
      // Screening campaigns exist too, with no vaccination slot to show here.
      const screening = byScreening(campaignId);
      if (screening && optionId === String(TEST_TYPE)) {
        response.json({ first: null, first_text: 'Aucun rendez-vous disponible' });
        return;
      }
      notFound(response, 'Unknown campaign');
    });
    return router;
  },
  centreIdOf: (listing) =>
    `mapharma${Buffer.from(campaignUrl(listing, mapharmaCampaignId(listing), VACCINATION_TYPE), 'utf8')
      .toString('hex')
      .slice(52, 75)}`,
  // Every campaign is listed; a campaign without free place (phone-only included) answers "no slot".
  isScannable: () => true,
};
