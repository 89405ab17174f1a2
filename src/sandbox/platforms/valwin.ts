// Valwin's ePharmacie API over the synthetic world (spec/platforms/valwin.md), at its real paths:
//   GET /global/api/meetings/v2/pharmacies-with-vaccines    every pharmacy, as an object map
//   GET /global/api/meetings/v2/{id}/slots?pageSize=&page=  a pharmacy's future slots, paged (default 60)
//
// No authentication, as the real API. Times are naive Paris wall-clock times. "All future slots" is the
// pharmacy's open agenda: the next four weeks, so a scan gets more than its window and must cut it.
// A few pharmacies sit twice in the map under two keys, as the reference scraper's dedup by URL allows for.
import express, { type Request } from 'express';
import { addDays, toParisLocalNaive } from '../../time.js';
import type { SandboxContext, SandboxPlatform } from '../platform.js';
import { hashString } from '../random.js';
import type { Listing, World, WorldMotive } from '../world.js';
import { stableUuid } from './stable-uuid.js';
import { getOrInsert } from '../../maps.js';
import { slugify } from '../../text.js';

const AGENDA_DAYS = 28;
const DEFAULT_PAGE_SIZE = 60;
const SLOT_MINUTES = 5;
/** Valwin's AstraZeneca type: its label names no brand, the reference scraper knows it by id. */
const ASTRAZENECA_TYPE_ID = 'be6c293a-e0a6-49ea-bdb4-31a779bde277';

const TYPE_LABELS: Record<string, string> = {
  'pfizer-1': 'Vaccination Covid Pfizer-BioNTech',
  'pfizer-3': 'Rappel Covid Pfizer-BioNTech',
  'pfizer-kid': 'Vaccination Covid Pfizer enfants 5-11 ans',
  'moderna-1': 'Vaccination Covid Moderna',
  'moderna-3': 'Rappel Covid Moderna',
  'janssen-1': 'Vaccin COVID-19 Janssen',
  'astrazeneca-1': 'Vaccin COVID-19',
};

/** A motive's type, the same object for every slot of it: made once per motive, not per slot. */
const typesByMotive = new Map<string, ReturnType<typeof renderType>>();
function typeOf(motive: WorldMotive) {
  return getOrInsert(typesByMotive, motive.key, () => renderType(motive));
}

function renderType(motive: WorldMotive) {
  const id = motive.vaccine === 'AstraZeneca' ? ASTRAZENECA_TYPE_ID : stableUuid('valwin-type', motive.key);
  return {
    id,
    label: TYPE_LABELS[motive.key] ?? `Vaccination Covid ${motive.vaccine}`,
    image: `https://pharma-api.epharmacie.pro/global/images/types/${id}.png`,
  };
}

const ID_PREFIXES = ['ph', 'np', 'aptiphar'];

/** `ph34-reims`-like: a group prefix, the listing's rank, the commune. */
export function valwinIdOf(listing: Listing): string {
  const prefix = ID_PREFIXES[hashString(listing.key) % ID_PREFIXES.length]!;
  return `${prefix}${listing.ordinal}-${slugify(listing.centre.commune.name)}`;
}

/** Pharmacy sites live on ePharmacie, on a group's domain or on their own. */
function websiteUrlOf(listing: Listing): string {
  const id = valwinIdOf(listing);
  switch (hashString(`site|${listing.key}`) % 3) {
    case 0:
      return `https://${id}.epharmacie.pro`;
    case 1:
      return `https://${id}.pharmabest.com`;
    default:
      return `https://www.pharmacie-${id}.fr`;
  }
}

function renderPharmacy(world: World, listing: Listing, at: Date) {
  const { centre } = listing;
  const websiteUrl = websiteUrlOf(listing);
  // Some pharmacies give their coordinates as strings.
  const asString = listing.ordinal % 2 === 1;
  return {
    id: valwinIdOf(listing),
    name: centre.name,
    websiteUrl,
    address: { street: centre.street, zipCode: centre.postalCode, city: centre.commune.name },
    geoTag: asString
      ? { latitude: String(centre.location.latitude), longitude: String(centre.location.longitude) }
      : { latitude: centre.location.latitude, longitude: centre.location.longitude },
    hasAvailableSlot: agenda(world, listing, at).length > 0,
    linkToAllSlots: `${websiteUrl}/animations`,
  };
}

function agenda(world: World, listing: Listing, at: Date) {
  return world.freeSlots(listing, at, at, addDays(at, AGENDA_DAYS));
}

function positiveInteger(value: unknown, fallback: number): number | null {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^\d{1,12}$/.test(value)) return null;
  const number = Number(value);
  return number > 0 ? number : null;
}

function pageLink(request: Request, id: string, pageSize: number, page: number): string {
  return (
    `${request.protocol}://${request.get('host')}/global/api/meetings/v2/` +
    `${encodeURIComponent(id)}/slots?pageSize=${pageSize}&page=${page}`
  );
}

function router({ world, clock }: SandboxContext): express.Router {
  const listings = world.listingsOf('valwin');
  const byId = new Map(listings.map((listing) => [valwinIdOf(listing), listing]));
  // One per listing and motive, asked for per slot.
  const configurations = new Map<string, string>();
  const configurationOf = (listing: Listing, motive: WorldMotive) =>
    getOrInsert(configurations, `${listing.key}|${motive.key}`, () =>
      stableUuid('valwin-configuration', listing.key, motive.key),
    );
  const routes = express.Router();

  routes.get('/global/api/meetings/v2/pharmacies-with-vaccines', (_request, response) => {
    const at = clock.now();
    const map: Record<string, unknown> = {};
    for (const listing of listings) {
      const pharmacy = renderPharmacy(world, listing, at);
      const key = `k${hashString(`key|${listing.key}`).toString(36)}`;
      map[key] = pharmacy;
      if (listing.ordinal % 6 === 0) map[`${key}-bis`] = pharmacy;
    }
    response.json(map);
  });

  routes.get('/global/api/meetings/v2/:id/slots', (request, response) => {
    const id = String(request.params.id);
    const listing = byId.get(id);
    if (!listing) return void response.status(404).json({ message: `Pharmacy ${id} not found` });
    const pageSize = positiveInteger(request.query.pageSize, DEFAULT_PAGE_SIZE);
    const page = positiveInteger(request.query.page, 1);
    if (pageSize === null || page === null)
      return void response.status(400).json({ message: 'pageSize and page must be positive integers' });

    const slots = agenda(world, listing, clock.now());
    const nbPages = Math.max(1, Math.ceil(slots.length / pageSize));
    const websiteUrl = websiteUrlOf(listing);
    const result = slots.slice((page - 1) * pageSize, page * pageSize).map((slot) => {
      const type = typeOf(slot.motive);
      return {
        start: toParisLocalNaive(slot.start),
        end: toParisLocalNaive(new Date(slot.start.getTime() + SLOT_MINUTES * 60_000)),
        timeDivisionId: stableUuid('valwin-division', listing.key, slot.motive.key, slot.start.getTime()),
        meetingConfigurationId: configurationOf(listing, slot.motive),
        // Free text, as pharmacists type it: it can say anything, including the wrong thing.
        title: type.id === ASTRAZENECA_TYPE_ID ? 'test antigenique ' : type.label,
        types: [type],
        websiteUrl,
        pharmacyName: listing.centre.name,
      };
    });
    response.json({
      links: {
        next: page < nbPages ? pageLink(request, id, pageSize, page + 1) : null,
        prev: page > 1 ? pageLink(request, id, pageSize, page - 1) : null,
        total: slots.length,
        pageSize,
        currentPage: page,
        nbPages,
      },
      result,
    });
  });

  routes.use('/global/api', (_request, response) => void response.status(404).json({ message: 'Not found' }));
  return routes;
}

export const valwinSandbox: SandboxPlatform = {
  platform: 'valwin',
  router,
  centreIdOf: (listing) => `Valwin${valwinIdOf(listing)}`,
  // A phone-only pharmacy just has no slot online: the scan answers, empty.
  isScannable: () => true,
};
