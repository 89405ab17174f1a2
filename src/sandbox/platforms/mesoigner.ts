// Mesoigner in its real shapes (spec/platforms/mesoigner.md): the partner API's centre list and per-centre
// slots from a start date, behind the `Authorization: Mesoigner apikey="…"` scheme. Each free world slot is
// one entry naming the product of its motive (booster-only bivalent products for booster motives).
import { Router, type NextFunction, type Request, type Response } from 'express';
import { addDaysToDate, parisDate, parisMidnight, toParisIso } from '../../time.js';
import { lookupBy } from './lookup.js';
import type { SandboxContext, SandboxPlatform } from '../platform.js';
import type { Listing, WorldMotive } from '../world.js';
import { slugify } from '../../text.js';

/** A key the sandbox treats as caught by the anti-bot wall: every call with it gets a 403 page. */
export const MESOIGNER_BLOCKED_KEY = 'sandbox-blocked-key';
/** How far the server's answer goes from the start date (the recorded data spans 40 days). */
const SLOT_HORIZON_DAYS = 40;
const AUTHORIZATION = /^Mesoigner apikey="([^"]*)"$/;
const DOMAINS = ['pharmaxv.fr', 'pharm-upp.fr', 'mesoigner.fr'];

export function mesoignerIdOf(listing: Listing): string {
  return String(1700 + listing.ordinal);
}

/** The product names Mesoigner's pharmacies pick from. */
export function productOf(motive: WorldMotive): string {
  switch (motive.key) {
    case 'pfizer-3':
      return 'Pfizer BA.5';
    case 'moderna-3':
      return 'Moderna BA.1';
    case 'pfizer-kid':
      return 'Pfizer-BioNTech pédiatrique';
    default:
      return motive.vaccine;
  }
}

function bookingUrl(listing: Listing): string {
  const domain = DOMAINS[listing.ordinal % DOMAINS.length]!;
  return (
    `https://${slugify(listing.centre.name)}.${domain}/rendez-vous/` +
    `vaccination/${500 + listing.ordinal}-vaccination-covid-19/` +
    `pre-inscription?origin=vmd`
  );
}

const CENTER_TYPES = {
  drugstore: 'pharmacie',
  'general-practitioner': 'médecin',
  'vaccination-center': 'centre de vaccination',
} as const;

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function centreOf(listing: Listing) {
  const { centre } = listing;
  return {
    id: mesoignerIdOf(listing),
    name: centre.name,
    rdv_site_web: bookingUrl(listing),
    platform_is: 'mesoigner',
    center_type: CENTER_TYPES[centre.kind],
    booking_disabled: listing.phoneOnly,
    phone_number: `+33${centre.phone.slice(1)}`,
    position: { latitude: String(centre.location.latitude), longitude: String(centre.location.longitude) },
    zipcode: centre.postalCode,
    adress_street: centre.street,
    adress_city: centre.commune.name,
    opening_hours: ([1, 2, 3, 4, 5, 6, 7] as const).map((day) => ({
      day,
      ranges: centre.hours[day].length > 0 ? centre.hours[day].map(([open, close]) => [hhmm(open), hhmm(close)]) : null,
    })),
  };
}

/** The list as the API gives it: some centres appear twice under the same booking page. */
function centreList(listings: readonly Listing[]) {
  return listings.flatMap((listing) =>
    listing.ordinal % 6 === 0 ? [centreOf(listing), centreOf(listing)] : [centreOf(listing)],
  );
}

function slotsOf(context: SandboxContext, listing: Listing, startDate: string) {
  const now = context.clock.now();
  const from = parisMidnight(startDate)!;
  const endDate = addDaysToDate(startDate, SLOT_HORIZON_DAYS);
  const free = listing.phoneOnly ? [] : context.world.freeSlots(listing, now, from, parisMidnight(endDate)!);
  const byDay = new Map<string, unknown[]>();
  for (const slot of free) {
    const day = parisDate(slot.start);
    const entries = byDay.get(day) ?? [];
    entries.push({
      slot_beginning: toParisIso(slot.start),
      available_vaccines: [productOf(slot.motive)],
      number_of_slots: 1,
    });
    byDay.set(day, entries);
  }
  const days: Record<string, unknown[]>[] = [];
  for (let day = startDate; day < endDate; day = addDaysToDate(day, 1)) days.push({ [day]: byDay.get(day) ?? [] });
  // A malformed day key with no entry, as in a recorded answer ("2021-06-185").
  if (listing.ordinal % 5 === 0) days.push({ [`${addDaysToDate(endDate, -1)}5`]: [] });
  return { total: free.length, slots: days };
}

/** The partner scheme is checked on every call; the blocked key meets the anti-bot wall. */
function authorise(request: Request, response: Response, next: NextFunction): void {
  const match = AUTHORIZATION.exec(request.get('authorization') ?? '');
  if (!match) {
    response.status(401).json({ message: 'Missing or malformed Authorization header' });
    return;
  }
  if (match[1] === MESOIGNER_BLOCKED_KEY) {
    response
      .status(403)
      .type('html')
      .send('<html><body><h1>Access denied</h1><p>Request blocked by security rules.</p></body></html>');
    return;
  }
  next();
}

export const mesoignerSandbox: SandboxPlatform = {
  platform: 'mesoigner',
  router(context) {
    const router = Router();
    const listings = () => context.world.listingsOf('mesoigner');
    const byId = lookupBy(listings, mesoignerIdOf);
    router.use('/api/v1/vaccination', authorise);
    router.get('/api/v1/vaccination/centers', (_request, response) => {
      response.json(centreList(listings()));
    });
    router.get('/api/v1/vaccination/centers/:id/:date', (request: Request, response: Response) => {
      const { id, date } = request.params as { id: string; date: string };
      if (!parisMidnight(date)) {
        response.status(400).json({ message: 'Invalid start date' });
        return;
      }
      const listing = byId(id);
      if (!listing) {
        response.status(404).json({ message: 'Center not found' });
        return;
      }
      response.json(slotsOf(context, listing, date));
    });
    return router;
  },
  centreIdOf: (listing) => `mesoigner${mesoignerIdOf(listing)}`,
  // A centre whose booking is disabled takes appointments elsewhere: it ends with no listed centre.
  isScannable: (listing) => !listing.phoneOnly,
};
