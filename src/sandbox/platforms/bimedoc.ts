// Bimedoc's partner API over the synthetic world (spec/platforms/bimedoc.md), at its real paths:
//   GET /vmd/pharmacy-with-slots?start_date&end_date          the partner pharmacies
//   GET /vmd/pharmacy-with-slots/{uuid}[/]?start_date&end_date one pharmacy with its slots inline
//
// Authentication: the real API wants `Authorization: Partner <secret key>`. The sandbox cannot know a
// deployment's key, so it accepts any non-empty partner key; no header at all is a 401 and any other
// credentials (another scheme, an empty key) a 403, as an API that knows the caller but not as a partner.
//
// Dates are Paris calendar days and `end_date` is inclusive. The real list only carries pharmacies that have
// slots in the window; here every partner pharmacy is listed so that a pharmacy fully booked at the moment of
// the hourly job does not drop out of the centre list (all world pharmacies are partners).
import express, { type NextFunction, type Request, type Response } from 'express';
import { addDaysToDate, parisMidnight } from '../../time.js';
import { distinctSlots, type SandboxContext, type SandboxPlatform } from '../platform.js';
import type { Listing, World, WorldMotive } from '../world.js';
import { stableUuid } from './stable-uuid.js';

const PRODUCT_NAMES: Record<WorldMotive['vaccine'], string> = {
  'Pfizer-BioNTech': 'COMIRNATY Pfizer-BioNTech',
  Moderna: 'SPIKEVAX Moderna',
  Janssen: 'COVID-19 Vaccine Janssen',
  AstraZeneca: 'VAXZEVRIA AstraZeneca',
};

function productName(motive: WorldMotive): string {
  // Paediatric Comirnaty is its own product; the name still says Pfizer-BioNTech.
  return motive.dose === '1_kid' ? `${PRODUCT_NAMES[motive.vaccine]} 5-11 ans` : PRODUCT_NAMES[motive.vaccine];
}

/** A stable UUID per listing. */
export function bimedocUuidOf(listing: Listing): string {
  return stableUuid('bimedoc', listing.key);
}

function renderUtc(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

interface DateWindow {
  readonly from: Date;
  readonly to: Date;
}

function dateWindow(request: Request): DateWindow | null {
  const start = request.query.start_date;
  const end = request.query.end_date;
  if (typeof start !== 'string' || typeof end !== 'string') return null;
  const from = parisMidnight(start);
  const to = parisMidnight(addDaysToDate(end, 1));
  return from && to && parisMidnight(end) ? { from, to } : null;
}

function renderPharmacy(world: World, listing: Listing, at: Date, window: DateWindow) {
  const { centre } = listing;
  const [number, ...rest] = centre.street.split(' ');
  return {
    id: bimedocUuidOf(listing),
    name: centre.name,
    coordinates: [centre.location.longitude, centre.location.latitude],
    // As on real records: the number apart, and the street with its number (the spec's address uses the latter).
    building_number: rest.length > 0 ? (number ?? '') : '',
    street: centre.street,
    city: centre.commune.name,
    postcode: centre.postalCode,
    phone_number: centre.phone,
    vaccine_names: [...new Set(listing.motives.map(productName))],
    slots: distinctSlots(bimedocSandbox, world.freeSlots(listing, at, window.from, window.to)).map((slot) => ({
      vaccine_name: productName(slot.motive),
      datetime: renderUtc(slot.start),
    })),
  };
}

function requirePartner(request: Request, response: Response, next: NextFunction): void {
  const header = request.get('authorization');
  if (header === undefined) {
    response
      .status(401)
      .set('WWW-Authenticate', 'Partner')
      .json({ detail: 'Authentication credentials were not provided.' });
    return;
  }
  if (!/^Partner\s+\S+/.test(header)) {
    response.status(403).json({ detail: 'You do not have permission to perform this action.' });
    return;
  }
  next();
}

function router({ world, clock }: SandboxContext): express.Router {
  const listings = world.listingsOf('bimedoc');
  const byUuid = new Map(listings.map((listing) => [bimedocUuidOf(listing), listing]));
  const badDates = { detail: 'start_date and end_date are required, as YYYY-MM-DD.' };
  const routes = express.Router();
  routes.use('/vmd', requirePartner);

  routes.get('/vmd/pharmacy-with-slots', (request, response) => {
    const window = dateWindow(request);
    if (!window) return void response.status(400).json(badDates);
    const at = clock.now();
    response.json(listings.map((listing) => renderPharmacy(world, listing, at, window)));
  });

  // Express routing is not strict: this serves both `/{uuid}` (scan) and `/{uuid}/` (discovery).
  routes.get('/vmd/pharmacy-with-slots/:uuid', (request, response) => {
    const listing = byUuid.get(String(request.params.uuid));
    if (!listing) return void response.status(404).json({ detail: 'Not found.' });
    const window = dateWindow(request);
    if (!window) return void response.status(400).json(badDates);
    response.json(renderPharmacy(world, listing, clock.now(), window));
  });

  routes.use('/vmd', (_request, response) => void response.status(404).json({ detail: 'Not found.' }));
  return routes;
}

export const bimedocSandbox: SandboxPlatform = {
  platform: 'bimedoc',
  router,
  centreIdOf: (listing) => `bimedoc${bimedocUuidOf(listing)}`,
  // A phone-only pharmacy simply shows no slot: the scan answers, empty, and the centre is listed unavailable.
  isScannable: () => true,
  // A Bimedoc slot is a time and a product: two motives of one product at one time are one slot there.
  slotKey: (slot) => `${slot.start.getTime()}|${productName(slot.motive)}`,
};
