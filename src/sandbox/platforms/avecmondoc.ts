// AvecMonDoc in its real shapes (spec/platforms/avecmondoc.md): the paged covid search, organisations and
// doctors by slug, consultation reasons, and the availabilitiesPerDay POST with its trailing marker object.
// Each listing is one organisation with one doctor; each world motive is one consultation reason.
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { DAY_MS, addDays, addDaysToDate, parisMidnight } from '../../time.js';
import { lookupBy, once } from './lookup.js';
import type { SandboxContext, SandboxPlatform } from '../platform.js';
import { MOTIVE_CATALOGUE, type Listing, type WorldMotive, type WorldSlot } from '../world.js';
import { slugify } from '../../text.js';

/** How far past a window the marker looks for the next bookable hour. */
const NEXT_HOUR_HORIZON_DAYS = 60;
const SLOT_MINUTES = 5;
const MAX_WINDOW_DAYS = 31;

export function organizationIdOf(listing: Listing): number {
  return 150 + listing.ordinal;
}

function doctorIdOf(listing: Listing): number {
  return 800 + listing.ordinal;
}

export function reasonIdOf(listing: Listing, motive: WorldMotive): number {
  return organizationIdOf(listing) * 100 + MOTIVE_CATALOGUE.indexOf(motive);
}

function organizationSlug(listing: Listing): string {
  return `${slugify(listing.centre.name)}-${organizationIdOf(listing)}`;
}

function doctorSurname(listing: Listing): string {
  return (
    /Dr (\S+)/.exec(listing.centre.name)?.[1] ?? ['Rousseau', 'Lefebvre', 'Garnier', 'Faure'][listing.ordinal % 4]!
  );
}

function doctorSlug(listing: Listing): string {
  return `${slugify(`dr ${doctorSurname(listing)}`)}-${doctorIdOf(listing)}`;
}

/** Reason texts as organisations typed them: the dose in words, the brand at the end. */
export function reasonText(motive: WorldMotive): string {
  switch (motive.key) {
    case 'pfizer-1':
      return 'Première injection vaccinale COVID-19 Pfizer';
    case 'moderna-1':
      return 'Première injection vaccinale COVID-19 Moderna';
    case 'pfizer-3':
      return 'Rappel injection vaccinale COVID-19 Pfizer';
    case 'moderna-3':
      return 'Injection COVID rappel (3ème dose) Moderna';
    case 'pfizer-kid':
      return 'Première injection vaccinale COVID-19 Pfizer enfant (5-11 ans)';
    case 'janssen-1':
      return 'Injection vaccinale monodose Janssen';
    default:
      return `1ere vaccination ${motive.vaccine}`;
  }
}

function reasonsOf(listing: Listing) {
  const organizationId = organizationIdOf(listing);
  const base = {
    code: '',
    type: 'inOffice',
    active: true,
    deleted: false,
    organizationId,
    specialityId: specialityOf(listing)[0]!.id,
    price: 0,
    nextAction: null,
  };
  const covid = listing.motives.map((motive) => ({
    ...base,
    id: reasonIdOf(listing, motive),
    reason: reasonText(motive),
    code: motive.key,
  }));
  const others = [{ ...base, id: organizationId * 100 + 90, reason: 'Vaccination grippe', code: 'grippe' }];
  if (listing.ordinal % 2 === 0)
    others.push({ ...base, id: organizationId * 100 + 91, reason: 'Test antigénique COVID-19', code: 'test' });
  return [...covid, ...others];
}

function specialityOf(listing: Listing) {
  switch (listing.centre.kind) {
    case 'drugstore':
      return [{ id: 190, label: 'Pharmacie', professionId: 24, isMain: true }];
    case 'general-practitioner':
      return [{ id: 1, label: 'Médecine générale', professionId: 14, isMain: true }];
    default:
      return [{ id: 318, label: 'Centre de vaccination COVID-19', professionId: 60, isMain: true }];
  }
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function schedulesOf(listing: Listing) {
  const schedules: Record<string, unknown> = {};
  for (let dow = 0; dow < 7; dow += 1) {
    const ranges = listing.centre.hours[(dow === 0 ? 7 : dow) as 1 | 2 | 3 | 4 | 5 | 6 | 7];
    schedules[String(dow)] = {
      enabled: ranges.length > 0,
      schedules: ranges.map(([open, close]) => ({ start: hhmm(open), end: hhmm(close), dayNumber: dow })),
    };
  }
  return schedules;
}

function organizationOf(listing: Listing) {
  const { centre } = listing;
  return {
    id: organizationIdOf(listing),
    slug: organizationSlug(listing),
    name: centre.name,
    subtitle: centre.kind === 'drugstore' ? 'Pharmacie' : 'Vaccination COVID-19',
    status: 'published',
    address: centre.street,
    zipCode: centre.postalCode,
    city: centre.commune.name,
    country: 'France',
    phone: centre.phone,
    timezone: 'Europe/Paris',
    coordinates: listing.ordinal % 9 === 0 ? null : { lng: centre.location.longitude, lat: centre.location.latitude },
    schedules: schedulesOf(listing),
    speciality: specialityOf(listing),
    consultationReasons: reasonsOf(listing),
  };
}

function doctorOf(listing: Listing) {
  return {
    id: doctorIdOf(listing),
    slug: doctorSlug(listing),
    civility: 'Dr',
    firstName: ['Delphine', 'Marc', 'Sophie', 'Karim'][listing.ordinal % 4],
    lastName: doctorSurname(listing),
    speciality: specialityOf(listing),
    organizations: [{ id: organizationIdOf(listing), slug: organizationSlug(listing), name: listing.centre.name }],
    consultationReasons: reasonsOf(listing),
  };
}

/** A search entry; every third one spells its city the way a JavaScript object does when stringified. */
function searchEntry(listing: Listing) {
  const { centre } = listing;
  return {
    name: centre.name,
    url: `https://patient.avecmondoc.com/fiche/structure/${organizationSlug(listing)}`,
    address: centre.street,
    zipCode: centre.postalCode,
    city: listing.ordinal % 3 === 0 ? '[object Object]' : centre.commune.name,
    country: 'France',
    businessHoursCovidCount: listing.motives.length,
  };
}

/** Structures without covid hours are in the search too, between the others. */
function decoyEntry(listing: Listing) {
  const name = `Cabinet infirmier ${listing.centre.commune.name}`;
  return {
    name,
    url: `https://patient.avecmondoc.com/fiche/structure/${slugify(name)}-${5000 + listing.ordinal}`,
    address: listing.centre.street,
    zipCode: listing.centre.postalCode,
    city: listing.centre.commune.name,
    country: 'France',
    businessHoursCovidCount: 0,
  };
}

function searchEntries(listings: readonly Listing[]) {
  return listings.flatMap((listing) =>
    listing.ordinal % 3 === 1 ? [searchEntry(listing), decoyEntry(listing)] : [searchEntry(listing)],
  );
}

const iso = (instant: number): string => new Date(instant).toISOString();

/** One day object: every offered hour of the reason that day, taken ones flagged unavailable. */
function dayObject(
  listing: Listing,
  day: string,
  free: readonly WorldSlot[],
  offered: readonly WorldSlot[],
  now: number,
) {
  const from = parisMidnight(day)!.getTime();
  const to = parisMidnight(addDaysToDate(day, 1))!.getTime();
  const freeStarts = new Set(free.map((slot) => slot.start.getTime()));
  const starts = [...new Set([...offered, ...free].map((slot) => slot.start.getTime()))]
    .filter((start) => start >= from && start < to)
    .sort((a, b) => a - b);
  return {
    start: iso(from),
    end: iso(to - 1),
    slots: starts.map((start, index) => {
      const isAvailable = freeStarts.has(start);
      const hours = {
        // One id per doctor and hour, so a client can tell a repeated hour from a new one.
        id: doctorIdOf(listing) * 10_000_000 + ((start / 60_000 / SLOT_MINUTES) % 10_000_000),
        start: iso(start),
        end: iso(start + SLOT_MINUTES * 60_000),
        title: 'dispo',
        extendedProps: {
          doctorId: doctorIdOf(listing),
          organizationId: organizationIdOf(listing),
          type: 'inOffice',
          delayBwtNowAndTimeAppointment: `${Math.max(1, Math.round((start - now) / 3_600_000))}h`,
        },
      };
      return {
        start: String(index),
        end: iso(start + SLOT_MINUTES * 60_000),
        businessHours: !isAvailable && index % 3 === 0 ? null : hours,
        isAvailable,
      };
    }),
  };
}

const availabilityBody = z.object({
  consultationReasonId: z.number().int(),
  disabledPeriods: z.array(z.unknown()).optional(),
  fullDisplay: z.boolean().optional(),
  organizationId: z.number().int(),
  periodEnd: z.string().regex(/^\d{4}-\d{2}-\d{2}T00:00:00(\.000)?Z$/),
  periodStart: z.string().regex(/^\d{4}-\d{2}-\d{2}T00:00:00(\.000)?Z$/),
  type: z.literal('inOffice'),
});

function availabilities(
  context: SandboxContext,
  listing: Listing,
  motive: WorldMotive,
  startDate: string,
  endDate: string,
) {
  const now = context.clock.now();
  const from = parisMidnight(startDate)!;
  const to = parisMidnight(addDaysToDate(endDate, 1))!;
  const ofMotive = (slots: WorldSlot[]) => slots.filter((slot) => slot.motive === motive);
  const free = ofMotive(context.world.freeSlots(listing, now, from, to));
  // Hours that were free a week ago and are not now: the ones booked meanwhile, shown as unavailable.
  const offered = ofMotive(context.world.freeSlots(listing, addDays(now, -7), from, to));
  const days: unknown[] = [];
  for (let day = startDate; day <= endDate; day = addDaysToDate(day, 1))
    days.push(dayObject(listing, day, free, offered, now.getTime()));
  const later =
    free.length > 0 ? [] : ofMotive(context.world.freeSlots(listing, now, to, addDays(to, NEXT_HOUR_HORIZON_DAYS)));
  const next = later[0];
  days.push({
    nextAvailableBusinessHourInCurrentWeek: free.length > 0,
    nextAvailableBusinessHour: next
      ? {
          start: iso(next.start.getTime()),
          end: iso(next.start.getTime() + SLOT_MINUTES * 60_000),
          doctorId: doctorIdOf(listing),
        }
      : false,
  });
  return days;
}

function notFound(response: Response, message: string): void {
  response.status(404).json({ error: message });
}

export const avecMonDocSandbox: SandboxPlatform = {
  platform: 'avecmondoc',
  router(context) {
    const router = Router();
    const listings = () => context.world.listingsOf('avecmondoc');
    const entries = once(() => searchEntries(listings()));
    const byOrganizationSlug = lookupBy(listings, organizationSlug);
    const byDecoySlug = lookupBy(listings, (candidate) =>
      decoyEntry(candidate).url.slice(decoyEntry(candidate).url.lastIndexOf('/') + 1),
    );
    const byDoctorSlug = lookupBy(listings, doctorSlug);
    const byOrganizationId = lookupBy(listings, organizationIdOf);

    router.get('/api/Organizations/public/covid', (request: Request, response: Response) => {
      const limit = Number(request.query.limit ?? 10);
      const page = Number(request.query.page ?? 1);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100 || !Number.isInteger(page) || page < 1) {
        response.status(400).json({ error: 'Invalid paging' });
        return;
      }
      const all = entries();
      const pages = Math.max(1, Math.ceil(all.length / limit));
      response.json({
        data: all.slice((page - 1) * limit, page * limit),
        page,
        pages,
        limit,
        hasPreviousPage: page > 1,
        hasNextPage: page < pages,
        count: all.length,
      });
    });

    router.get('/api/Organizations/slug/:slug', (request: Request, response: Response) => {
      const listing = byOrganizationSlug(String(request.params.slug));
      if (listing) {
        response.json(organizationOf(listing));
        return;
      }
      const decoy = byDecoySlug(String(request.params.slug));
      if (decoy) {
        response.json({
          ...organizationOf(decoy),
          id: 5000 + decoy.ordinal,
          slug: request.params.slug,
          name: decoyEntry(decoy).name,
          consultationReasons: [],
        });
        return;
      }
      notFound(response, 'Organization not found');
    });

    router.get('/api/Doctors/slug/:slug', (request: Request, response: Response) => {
      const listing = byDoctorSlug(String(request.params.slug));
      if (listing) response.json(doctorOf(listing));
      else notFound(response, 'Doctor not found');
    });

    router.get('/api/Organizations/getConsultationReasons', (request: Request, response: Response) => {
      let params: { organizationId?: unknown; doctorId?: unknown };
      try {
        params = JSON.parse(String(request.query.params ?? '')) as typeof params;
      } catch {
        response.status(400).json({ error: 'Invalid params' });
        return;
      }
      const listing = typeof params.organizationId === 'number' ? byOrganizationId(params.organizationId) : undefined;
      if (!listing || (params.doctorId !== undefined && params.doctorId !== doctorIdOf(listing)))
        notFound(response, 'Organization not found');
      else response.json(reasonsOf(listing));
    });

    router.post('/api/BusinessHours/availabilitiesPerDay', express.json(), (request: Request, response: Response) => {
      const body = availabilityBody.safeParse(request.body);
      if (!body.success) {
        response.status(400).json({ error: 'Invalid request' });
        return;
      }
      const startDate = body.data.periodStart.slice(0, 10);
      const endDate = body.data.periodEnd.slice(0, 10);
      const from = parisMidnight(startDate);
      const to = parisMidnight(endDate);
      if (!from || !to || to < from || to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS) {
        response.status(400).json({ error: 'Invalid period' });
        return;
      }
      const listing = byOrganizationId(body.data.organizationId);
      const motive = listing?.motives.find(
        (candidate) => reasonIdOf(listing, candidate) === body.data.consultationReasonId,
      );
      if (!listing || !motive) {
        notFound(response, 'Consultation reason not found');
        return;
      }
      response.json(availabilities(context, listing, motive, startDate, endDate));
    });
    return router;
  },
  centreIdOf: (listing) => `amd${organizationIdOf(listing)}`,
  // A phone-only organisation still lists its reasons; it simply never has an available hour.
  isScannable: () => true,
};
