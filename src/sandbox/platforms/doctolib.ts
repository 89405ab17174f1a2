// Doctolib in the sandbox: the partners host (department listings, bookings, availabilities) and the public
// centre pages of the www host, at their real paths, over the world's Doctolib listings.
import { Router, type Response } from 'express';
import { parisMidnight } from '../../time.js';
import type { SandboxContext, SandboxPlatform } from '../platform.js';
import type { Listing } from '../world.js';
import { doctolibDirectory, placeOfServedListing, type DoctolibDirectory } from './doctolib-directory.js';
import {
  renderAvailabilities,
  renderBooking,
  renderListedDoctor,
  type AvailabilitiesQuery,
} from './doctolib-render.js';

/** Doctors per listing page: small, so that departments with several doctors need several pages. */
export const LISTING_PAGE_SIZE = 2;
/** The most days one availabilities page may cover. */
const MAX_LIMIT = 15;

function badRequest(response: Response, message: string): void {
  response.status(400).json({ error: message });
}

function notFound(response: Response): void {
  response.status(404).json({ error: 'not_found' });
}

function single(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `12-34-56` → {12, 34, 56}; null when malformed. */
function idList(value: unknown): Set<number> | null {
  const text = single(value);
  return text !== undefined && /^\d+(-\d+)*$/.test(text) ? new Set(text.split('-').map(Number)) : null;
}

function availabilitiesQuery(query: Record<string, unknown>): AvailabilitiesQuery | string {
  const startDate = single(query.start_date);
  if (!startDate || !parisMidnight(startDate)) return 'start_date must be a date YYYY-MM-DD';
  const limitText = single(query.limit) ?? '7';
  const limit = /^\d+$/.test(limitText) ? Number(limitText) : NaN;
  if (!(limit >= 1 && limit <= MAX_LIMIT)) return `limit must be between 1 and ${MAX_LIMIT}`;
  const insurance = single(query.insurance_sector);
  if (insurance !== undefined && insurance !== 'public' && insurance !== 'private')
    return 'insurance_sector must be public or private';
  const motiveIds = idList(query.visit_motive_ids);
  const agendaIds = idList(query.agenda_ids);
  const practiceIds = idList(query.practice_ids);
  if (!motiveIds) return 'visit_motive_ids must be ids joined by -';
  if (!agendaIds) return 'agenda_ids must be ids joined by -';
  if (!practiceIds) return 'practice_ids must be ids joined by -';
  return { startDate, limit, motiveIds, agendaIds, practiceIds };
}

function router({ world, clock }: SandboxContext): Router {
  const directory: DoctolibDirectory = doctolibDirectory(world);
  const routes = Router();

  routes.get('/vaccination-covid-19/:file', (request, response) => {
    const match = /^(.+)\.json$/.exec(request.params.file);
    const listing = match ? directory.departmentBySlug.get(match[1]!) : undefined;
    if (!listing) return notFound(response);
    const pageText = single(request.query.page) ?? '1';
    if (!/^[1-9]\d*$/.test(pageText)) return badRequest(response, 'page must be a positive integer');
    const page = Number(pageText);
    const entries = [
      ...listing.own.map((doctor) => renderListedDoctor(doctor, true)),
      ...listing.nearby.map((doctor) => renderListedDoctor(doctor, false)),
    ];
    response.json({ data: { doctors: entries.slice((page - 1) * LISTING_PAGE_SIZE, page * LISTING_PAGE_SIZE) } });
  });

  routes.get('/booking/:file', (request, response) => {
    const match = /^(.+)\.json$/.exec(request.params.file);
    const doctor = match ? directory.doctorBySlug.get(match[1]!) : undefined;
    if (!doctor) return notFound(response);
    response.json(renderBooking(doctor));
  });

  routes.get('/availabilities.json', (request, response) => {
    const query = availabilitiesQuery(request.query as Record<string, unknown>);
    if (typeof query === 'string') return badRequest(response, query);
    // Motives name the profile; ids of other profiles, agendas or practices simply reach no slot.
    const owner = [...query.motiveIds].map((id) => directory.motiveById.get(id)).find((entry) => entry !== undefined);
    response.json(renderAvailabilities(world, owner?.doctor ?? null, query, clock.now()));
  });

  // The public page a booking URL leads to (www host): the listing's own link, `/{speciality}/{city}/{slug}`.
  routes.get('/:speciality/:city/:slug', (request, response, next) => {
    const doctor = directory.doctorBySlug.get(request.params.slug);
    // Not a doctor's page: another route of the server may own the path (the sandbox's own controls).
    if (!doctor || doctor.link !== request.path) return next();
    response
      .type('html')
      .send(`<!doctype html><html lang="fr"><title>${doctor.name} - Doctolib</title><h1>${doctor.name}</h1></html>`);
  });

  return routes;
}

export const doctolibSandbox: SandboxPlatform = {
  platform: 'doctolib',
  router,
  centreIdOf(listing: Listing): string {
    const filed = placeOfServedListing(listing);
    if (!filed) throw new Error(`doctolib sandbox: listing ${listing.key} is not in a world the sandbox serves`);
    return `doctolib${filed.doctor.profileId}pid${filed.place.practiceId}`;
  },
  isScannable: (listing) => !listing.phoneOnly,
};
