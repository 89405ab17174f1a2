// The sandbox's Keldoc: www (geo search, cabinet details, timetables), booking (resource, motive
// categories) and the public pages that redirect to the booking app, all on one router
// (spec/platforms/keldoc.md §2, §3, §10, §12).
import { Router, type Request, type Response } from 'express';
import { DateTime } from 'luxon';
import { addDaysToDate, PARIS, parisDate, parisMidnight, toParisIsoMillis } from '../../time.js';
import { decoySlots, nextFreeSlot } from '../motive-names.js';
import type { SandboxContext, SandboxPlatform } from '../platform.js';
import { hashString } from '../random.js';
import type { Listing, WorldSlot } from '../world.js';
import {
  DEPARTMENT_BY_SLUG,
  KELDOC_SLUGS,
  OTHER_SPECIALTY_ID,
  buildKeldocListings,
  cabinetIdOf,
  clinicIdOf,
  locateMotive,
  ordinalOfCabinet,
  type KeldocListing,
  type KeldocMotive,
} from './keldoc-model.js';

const SEARCH_PAGE_SIZE = 4;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const keldocSandbox: SandboxPlatform = {
  platform: 'keldoc',
  centreIdOf(listing) {
    const clinic = clinicIdOf(listing.ordinal);
    const cabinet = cabinetIdOf(listing.ordinal);
    return clinic === cabinet ? `keldoc${clinic}` : `keldoc${clinic}pid${cabinet}`;
  },
  isScannable: (listing) => !listing.phoneOnly,
  router: keldocRouter,
};

function notFound(response: Response): void {
  response.status(404).json({ error: 'not_found' });
}

function badRequest(response: Response, message: string): void {
  response.status(400).json({ error: 'bad_request', message });
}

/** Keldoc writes Paris offsets two ways: `…00.000000+0200` (most) and `…00.000+02:00`. */
function renderTime(instant: Date, listing: Listing): string {
  // Built from one ISO rendering (`2021-04-10T21:45:00.000+02:00`), not a luxon format per slot: the sandbox
  // renders every slot of every timetable page this way.
  const iso = toParisIsoMillis(instant);
  return hashString(`${listing.key}|time-format`) % 3 === 0
    ? iso
    : `${iso.slice(0, 23)}000${iso.slice(23).replace(':', '')}`;
}

function keldocRouter({ world, clock }: SandboxContext): Router {
  const listings = buildKeldocListings(world);
  const byOrdinal = new Map(listings.map((entry) => [entry.listing.ordinal, entry]));
  const byResource = new Map(listings.map((entry) => [`${entry.type}/${entry.location}/${entry.slug}`, entry]));
  const byPath = new Map(listings.map((entry) => [entry.path, entry]));
  // The geo search's answer, by department and specialty: a search looks up its listings, never scans them all.
  const bySearch = new Map<string, KeldocListing[]>();
  for (const entry of listings) {
    for (const slug of new Set(entry.searchSlugs)) {
      const key = `${entry.listing.centre.department}|${slug}`;
      const found = bySearch.get(key);
      if (found) found.push(entry);
      else bySearch.set(key, [entry]);
    }
  }
  const router = Router();

  router.get('/api/patients/v2/searches/geo_location', (request, response) => {
    const { specialty_id: specialty, raw_location: location, page: rawPage } = request.query;
    const page = Number(rawPage ?? 1);
    if (typeof specialty !== 'string' || typeof location !== 'string' || !Number.isInteger(page) || page < 1) {
      badRequest(response, 'specialty_id, raw_location and page are required');
      return;
    }
    const department = DEPARTMENT_BY_SLUG.get(location);
    const known = (KELDOC_SLUGS as readonly string[]).includes(specialty);
    const found = department && known ? (bySearch.get(`${department}|${specialty}`) ?? []) : [];
    const items: object[] = found.map(geoCentre);
    // Keldoc's infectious-diseases search also returns doctors who do not vaccinate.
    if (department && specialty === 'maladies-infectieuses') items.push(decoyCabinet(department));
    const slice = items.slice((page - 1) * SEARCH_PAGE_SIZE, page * SEARCH_PAGE_SIZE);
    const half = Math.ceil(slice.length / 2);
    response.json({
      options: {
        next_page: page * SEARCH_PAGE_SIZE < items.length,
        previous_page: page > 1,
        empty: items.length === 0,
        location_text: location,
        specialty_id: specialty,
        search_type: 'geo_location',
      },
      results:
        slice.length === 0
          ? {}
          : {
              section_1: { data: slice.slice(0, half), section_title: 'Centres' },
              ...(slice.length > half ? { section_2: { data: slice.slice(half) } } : {}),
            },
      seo: {},
    });
  });

  router.get('/api/patients/v2/cabinets/:id/details', (request, response) => {
    const entry = entryOfCabinet(request.params.id);
    if (!entry) return notFound(response);
    const phone = entry.listing.centre.phone.replace(/(\d{2})(?=\d)/g, '$1 ');
    response.json({ id: entry.cabinetId, name: entry.listing.centre.name, phone_number: phone, presentation: '' });
  });

  router.get('/api/patients/v2/searches/resource', (request, response) => {
    const { type, location, slug } = request.query;
    if (typeof type !== 'string' || typeof location !== 'string' || typeof slug !== 'string')
      return badRequest(response, 'type, location and slug are required');
    const entry = byResource.get(`${type}/${location}/${slug}`);
    if (!entry) return notFound(response);
    const { centre } = entry.listing;
    response.json({
      id: entry.clinicId,
      title: centre.name,
      url: entry.path,
      type: 'Clinic',
      cabinets: [
        {
          id: entry.cabinetId,
          name: centre.name,
          location: `${centre.street}, ${centre.postalCode} ${centre.commune.name}`,
          slug: entry.slug,
          latitude: centre.location.latitude,
          longitude: centre.location.longitude,
        },
      ],
      specialties: [
        { id: entry.specialtyId, name: 'COVID19 - Vaccination', skills: [{ name: 'Centre de vaccination COVID-19' }] },
      ],
    });
  });

  router.get(
    '/api/patients/v2/clinics/:clinic/specialties/:specialty/cabinets/:cabinet/motive_categories',
    (request, response) => {
      const entry = entryOfCabinet(request.params.cabinet);
      if (
        !entry ||
        String(entry.clinicId) !== request.params.clinic ||
        String(entry.specialtyId) !== request.params.specialty
      )
        return notFound(response);
      response.json(
        entry.categories.map((category, position) => ({
          motive_category_id: category.id,
          name: category.name,
          position,
          resource_type: 'Cabinet',
          motives: category.motives.map((motive, motivePosition) => ({
            id: motive.id,
            name: motive.name,
            position: motivePosition,
            teleconsultation: false,
            booking_delay_until: 0,
            agendas: motive.agendaIds.map((id) => ({ id, name: `Agenda ${id}`, hidden: false })),
          })),
        })),
      );
    },
  );

  router.get('/api/patients/v2/timetables/:motiveId', (request, response) => {
    const query = new URL(request.originalUrl, 'http://sandbox').searchParams;
    const from = query.get('from');
    const to = query.get('to');
    const agendaIds = query.getAll('agenda_ids[]').map(Number);
    if (
      !from ||
      !to ||
      !DATE.test(from) ||
      !DATE.test(to) ||
      to < from ||
      agendaIds.length === 0 ||
      agendaIds.some((id) => !Number.isInteger(id))
    ) {
      return badRequest(response, 'from, to (YYYY-MM-DD) and agenda_ids[] are required');
    }
    const located = locateMotive(Number(request.params.motiveId));
    const entry = located ? byOrdinal.get(located.ordinal) : undefined;
    const motive = entry?.categories
      .flatMap((category) => category.motives)
      .find((candidate) => candidate.id === Number(request.params.motiveId));
    if (!entry || !motive) return notFound(response);
    const { listing } = entry;
    if (listing.phoneOnly) {
      response.json({
        text: 'La prise de rendez-vous pour ce motif se fait uniquement par téléphone',
        num: listing.centre.phone,
        num_text: 'Appeler le centre',
        phone_number: listing.centre.phone,
      });
      return;
    }
    const at = clock.now();
    const end = parisMidnight(addDaysToDate(to, 1))!;
    const asked = new Set(agendaIds);
    const slots = slotsOf(entry, motive, at, parisMidnight(from)!, end).filter((slot) =>
      asked.has(agendaOf(listing, motive, slot.start)),
    );
    if (slots.length > 0) {
      const availabilities: Record<string, object[]> = {};
      for (const slot of slots) {
        const day = parisDate(slot.start);
        availabilities[day] ??= [];
        availabilities[day].push({
          start_time: renderTime(slot.start, listing),
          end_time: renderTime(new Date(slot.start.getTime() + 5 * 60_000), listing),
          agenda_id: agendaOf(listing, motive, slot.start),
        });
      }
      response.json({ availabilities });
      return;
    }
    // An empty window: Keldoc points to its next availability when there is one, else answers nothing.
    const next = motive.source.kind === 'world' ? nextFreeSlot(world, listing, motive.source.motive, at, end) : null;
    if (!next) {
      response.json({});
      return;
    }
    const local = DateTime.fromJSDate(next.start, { zone: PARIS });
    response.json({
      text: `Prochain RDV disponible le ${local.setLocale('fr').toFormat("d LLLL yyyy 'à' HH'h'mm")}`,
      date: local.toFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZZ"),
    });
  });

  router.get('/redirect/', (_request, response) => {
    response.type('html').send('<!doctype html><html><body><div id="keldoc-booking-app"></div></body></html>');
  });

  // A public centre page redirects to the booking app, whose query names the resource (§10).
  router.get(/^\/(?!api\/).+/, (request: Request, response: Response) => {
    const entry = byPath.get(request.path.replace(/\/$/, ''));
    if (!entry) return notFound(response);
    const query = new URLSearchParams({
      dom: entry.type,
      inst: entry.location,
      user: entry.slug,
      specialty: String(entry.specialtyId),
      cabinet: String(entry.cabinetId),
    });
    response.redirect(302, `https://vaccination-covid.keldoc.com/redirect/?${query}`);
  });

  router.use((_request, response) => notFound(response));
  return router;

  function entryOfCabinet(raw: string | string[] | undefined): KeldocListing | undefined {
    const ordinal = ordinalOfCabinet(Number(raw));
    return ordinal === null ? undefined : byOrdinal.get(ordinal);
  }

  function slotsOf(entry: KeldocListing, motive: KeldocMotive, at: Date, from: Date, to: Date): WorldSlot[] {
    if (motive.source.kind === 'decoy') return decoySlots(world, entry.listing, motive.source.key, at, from, to);
    return world.freeSlots({ ...entry.listing, motives: [motive.source.motive] }, at, from, to);
  }
}

/** Each slot lives in one of the motive's agendas: asking for fewer agendas gives fewer slots. */
function agendaOf(listing: Listing, motive: KeldocMotive, start: Date): number {
  return motive.agendaIds[hashString(`${listing.key}|${motive.id}|${start.getTime()}`) % motive.agendaIds.length]!;
}

function geoCentre(entry: KeldocListing): object {
  const { centre } = entry.listing;
  return {
    id: entry.cabinetId,
    type: 'Cabinet',
    title: centre.name,
    url: entry.path,
    specialty_ids: [entry.specialtyId],
    cabinet: {
      street: centre.street,
      zipcode: centre.postalCode,
      city: centre.commune.name,
      location: `${centre.street}, ${centre.postalCode} ${centre.commune.name}`,
    },
    coordinates: `${centre.location.latitude},${centre.location.longitude}`,
    agenda: { ids: [], specialty_id: entry.specialtyId, next_availability: '', default_online_motive_id: 0 },
  };
}

function decoyCabinet(department: string): object {
  return {
    id: 900_000 + (hashString(department) % 90_000),
    type: 'Cabinet',
    title: `Dr Infectiologue (${department})`,
    url: `/medecin/infectiologue-${department}/dr-infectiologue`,
    specialty_ids: [OTHER_SPECIALTY_ID],
    cabinet: { street: '1 Rue de l’Hôpital', zipcode: '00000', city: 'Ailleurs', location: '1 Rue de l’Hôpital' },
    coordinates: '46.0,2.0',
  };
}
