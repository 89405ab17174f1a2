// The sandbox's Maiia: centre search by category, consultation reasons, availabilities and the closest
// availability, all paged with `limit`/`page` (from 0)/`size` under /api/pat-public (spec/platforms/maiia.md).
import { Router, type Request, type Response } from 'express';
import { parseParisLocal } from '../../time.js';
import { DECOY_MOTIVES, decoySlots, hashChance, hexId, motiveName, nextFreeSlot } from '../motive-names.js';
import type { SandboxContext, SandboxPlatform } from '../platform.js';
import { hashString } from '../random.js';
import type { Listing, World, WorldMotive, WorldSlot } from '../world.js';
import { slugify } from '../../text.js';

type Source =
  | { readonly kind: 'world'; readonly motive: WorldMotive }
  | { readonly kind: 'decoy'; readonly key: string };
interface MaiiaReason {
  readonly id: string;
  readonly name: string;
  readonly injectionType: string | null | undefined;
  readonly source: Source;
}
interface MaiiaCentre {
  readonly listing: Listing;
  readonly id: string;
  readonly url: string;
  readonly categories: readonly string[];
  readonly reasons: readonly MaiiaReason[];
}

const CATEGORY_OF_KIND = {
  drugstore: 'pharmacie',
  'vaccination-center': 'centre-de-vaccination',
  'general-practitioner': 'centre-de-vaccination',
} as const;

export function maiiaCenterId(listing: Listing): string {
  return hexId(0x60000000 + listing.ordinal, 24, listing.key, 'maiia');
}

export const maiiaSandbox: SandboxPlatform = {
  platform: 'maiia',
  centreIdOf: (listing) => `maiia${maiiaCenterId(listing).slice(0, 8)}`,
  // A centre that books by phone only lists no reason online: nothing to scan.
  isScannable: (listing) => !listing.phoneOnly,
  router: maiiaRouter,
};

/** FIRST/BOOSTER mostly; sometimes null or NONE, which Maiia leaves to the name (only names that state a dose). */
function injectionTypeOf(listing: Listing, motive: WorldMotive, name: string): string | null {
  const explicit = motive.dose === 3 ? 'BOOSTER' : 'FIRST';
  const statesDose = motive.dose === 3 || /1ère|première/i.test(name);
  if (!statesDose) return explicit;
  const roll = hashString(`${listing.key}|${motive.key}|injection`) % 100;
  if (roll < 15) return null;
  if (roll < 30 && /covid/i.test(name)) return 'NONE';
  return explicit;
}

function buildCentre(listing: Listing): MaiiaCentre {
  const id = maiiaCenterId(listing);
  const { centre } = listing;
  const primary = CATEGORY_OF_KIND[centre.kind];
  const categories = hashChance(20, listing.key, 'second-category')
    ? [primary, primary === 'pharmacie' ? 'centre-de-vaccination' : 'centre-hospitalier-(ch)']
    : [primary];
  const reasonId = (key: string) => hexId(0x602a0000 + listing.ordinal, 24, listing.key, key);
  const reasons: MaiiaReason[] = listing.phoneOnly
    ? []
    : [
        ...listing.motives.map((motive) => {
          // "+18 ans" puts a `+` in the name: it must travel percent-encoded or the server reads a space.
          const name =
            motiveName(listing, motive) +
            (hashChance(30, listing.key, motive.key, 'age') ? ' (personnes +18 ans)' : '');
          return {
            id: reasonId(motive.key),
            name,
            injectionType: injectionTypeOf(listing, motive, name),
            source: { kind: 'world', motive } as const,
          };
        }),
        {
          id: reasonId('antigen'),
          name: DECOY_MOTIVES[0]!.name,
          injectionType: 'NONE',
          source: { kind: 'decoy', key: DECOY_MOTIVES[0]!.key },
        },
        {
          id: reasonId('pcr'),
          name: 'Dépistage PCR COVID',
          injectionType: 'NONE',
          source: { kind: 'decoy', key: 'decoy-pcr' },
        },
        {
          id: reasonId('flu'),
          name: 'Vaccination antigrippale',
          injectionType: 'NONE',
          source: { kind: 'decoy', key: 'decoy-flu' },
        },
        {
          id: reasonId('follow-up'),
          name: DECOY_MOTIVES[1]!.name,
          injectionType: undefined,
          source: { kind: 'decoy', key: DECOY_MOTIVES[1]!.key },
        },
      ];
  const url = `/${primary}/${centre.postalCode}-${slugify(centre.commune.name)}/${slugify(centre.name)}`;
  return { listing, id, url, categories, reasons };
}

function renderReason(reason: MaiiaReason, position: number): object {
  const base = {
    id: reason.id,
    name: reason.name,
    position,
    consultationType: 'PHYSICAL',
    patientLimitation: 'PUBLIC',
    nextAppointmentDelayInDays: 42,
  };
  return reason.injectionType === undefined ? base : { ...base, injectionType: reason.injectionType };
}

function hcdItem(entry: MaiiaCentre): object {
  const { centre } = entry.listing;
  const schedules = (day: 1 | 2 | 3 | 4 | 5 | 6 | 7) => ({
    schedules: centre.hours[day].map(([open, close], position) => ({
      startTime: hhmm(open),
      endTime: hhmm(close),
      position,
    })),
    isActive: centre.hours[day].length > 0,
  });
  const center = {
    id: entry.id,
    name: centre.name,
    url: entry.url,
    isVaccinationPlace: true,
    childCenters: [],
    speciality: { code: 'VAC01', name: 'Centre de vaccination', shortName: entry.categories[0] },
    publicInformation: {
      address: {
        fullAddress: `${centre.street}, ${centre.postalCode} ${centre.commune.name}`,
        zipCode: centre.postalCode,
        city: centre.commune.name,
        inseeCode: centre.commune.insee,
        location: {
          type: 'Point',
          coordinates: [centre.location.longitude, centre.location.latitude],
          x: centre.location.longitude,
          y: centre.location.latitude,
        },
      },
      officeInformation: {
        phoneNumber: centre.phone,
        openingSchedules: {
          MONDAY: schedules(1),
          TUESDAY: schedules(2),
          WEDNESDAY: schedules(3),
          THURSDAY: schedules(4),
          FRIDAY: schedules(5),
          SATURDAY: schedules(6),
          SUNDAY: schedules(7),
        },
      },
    },
  };
  return { id: entry.id, type: 'CENTER', url: entry.url, center, consultationReasons: entry.reasons.map(renderReason) };
}

/** Search results a scraper must leave out: a practitioner, a parent centre, a test-only centre, the excluded id. */
function decoyItems(category: string): object[] {
  if (category !== 'centre-de-vaccination') return [];
  const center = (id: string, name: string, extra: object = {}) => ({
    id,
    name,
    url: `/centre-de-vaccination/75001-paris/${slugify(name)}`,
    childCenters: [],
    speciality: { code: 'VAC01', name: 'Centre de vaccination', shortName: category },
    ...extra,
  });
  const vaccination = [{ id: 'r1', name: '1ère injection Pfizer', injectionType: 'FIRST' }];
  return [
    {
      id: 'd00000000000000000000001',
      type: 'PRACTITIONER',
      url: '/medecin/75001-paris/dr-x',
      center: center('d00000000000000000000001', 'Dr X'),
      consultationReasons: vaccination,
    },
    {
      id: 'd00000000000000000000002',
      type: 'CENTER',
      center: center('d00000000000000000000002', 'Groupe hospitalier', {
        childCenters: [center('d00000000000000000000003', 'Site A')],
      }),
      consultationReasons: vaccination,
    },
    {
      id: 'd00000000000000000000004',
      type: 'CENTER',
      center: center('d00000000000000000000004', 'Laboratoire de dépistage'),
      consultationReasons: [
        { id: 'r2', name: 'Test antigénique', injectionType: 'NONE' },
        { id: 'r3', name: 'Dépistage PCR' },
      ],
    },
    {
      id: '603e4fae8c512e753fc49ba1',
      type: 'CENTER',
      center: center('603e4fae8c512e753fc49ba1', 'Centre exclu'),
      consultationReasons: vaccination,
    },
  ];
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The paging Maiia applies to every list: `limit` items per page, `page` from 0. */
function paging(request: Request): { limit: number; page: number } | null {
  const limit = Number(request.query.limit);
  const page = Number(request.query.page);
  return Number.isInteger(limit) && limit > 0 && limit <= 1000 && Number.isInteger(page) && page >= 0
    ? { limit, page }
    : null;
}

function sendPage(
  response: Response,
  items: readonly object[],
  { limit, page }: { limit: number; page: number },
): void {
  response.json({ items: items.slice(page * limit, (page + 1) * limit), total: items.length });
}

function badRequest(response: Response, message: string): void {
  response.status(400).json({ message, status: 400 });
}

function maiiaRouter({ world, clock }: SandboxContext): Router {
  const centres = world.listingsOf('maiia').map(buildCentre);
  const byId = new Map(centres.map((entry) => [entry.id, entry]));
  const router = Router();

  router.get('/api/pat-public/hcd', (request, response) => {
    const pages = paging(request);
    const category = request.query['speciality.shortName'];
    if (!pages || typeof category !== 'string')
      return badRequest(response, 'speciality.shortName, limit and page are required');
    const items = [
      ...centres.filter((entry) => entry.categories.includes(category)).map(hcdItem),
      ...decoyItems(category),
    ];
    sendPage(response, items, pages);
  });

  router.get('/api/pat-public/consultation-reason-hcd', (request, response) => {
    const pages = paging(request);
    const id = request.query.rootCenterId;
    if (!pages || typeof id !== 'string') return badRequest(response, 'rootCenterId, limit and page are required');
    sendPage(response, (byId.get(id)?.reasons ?? []).map(renderReason), pages);
  });

  router.get('/api/pat-public/availabilities', (request, response) => {
    const pages = paging(request);
    const found = reasonOf(request);
    const from = parseParisLocal(String(request.query.from ?? ''));
    const to = parseParisLocal(String(request.query.to ?? ''));
    if (!pages || !found || !from || !to)
      return badRequest(response, 'centerId, consultationReasonName, from, to, limit and page are required');
    const { entry, reason } = found;
    const slots = reason ? slotsOf(world, entry.listing, reason, clock.now(), from, to) : [];
    sendPage(
      response,
      slots.map((slot) => availability(entry, reason!, slot)),
      pages,
    );
  });

  router.get('/api/pat-public/availability-closests', (request, response) => {
    const found = reasonOf(request);
    const from = parseParisLocal(String(request.query.from ?? ''));
    if (!found || !from) return badRequest(response, 'centerId, consultationReasonName and from are required');
    const { entry, reason } = found;
    const next =
      reason?.source.kind === 'world'
        ? nextFreeSlot(world, entry.listing, reason.source.motive, clock.now(), from)
        : null;
    response.json(
      next
        ? {
            availabilityCount: 1,
            firstPhysicalStartDateTime: next.start.toISOString(),
            closestPhysicalAvailability: availability(entry, reason!, next),
          }
        : { availabilityCount: 0 },
    );
  });

  router.use((_request, response) => response.status(404).json({ message: 'Not Found', status: 404 }));
  return router;

  /** The reason a query names: its name arrives percent-decoded, exactly as the centre wrote it. */
  function reasonOf(request: Request): { entry: MaiiaCentre; reason: MaiiaReason | undefined } | null {
    const query = new URL(request.originalUrl, 'http://sandbox').searchParams;
    const entry = byId.get(query.get('centerId') ?? '');
    const name = query.get('consultationReasonName');
    if (!entry || name === null) return null;
    return { entry, reason: entry.reasons.find((candidate) => candidate.name === name) };
  }
}

function slotsOf(world: World, listing: Listing, reason: MaiiaReason, at: Date, from: Date, to: Date): WorldSlot[] {
  if (reason.source.kind === 'decoy') return decoySlots(world, listing, reason.source.key, at, from, to);
  return world.freeSlots({ ...listing, motives: [reason.source.motive] }, at, from, to);
}

function availability(entry: MaiiaCentre, reason: MaiiaReason, slot: WorldSlot): object {
  const start = slot.start.toISOString();
  return {
    id: hexId(slot.start.getTime() / 60_000, 24, reason.id),
    practitionerId: hexId(0x5f000000 + entry.listing.ordinal, 24, 'practitioner'),
    centerId: entry.id,
    consultationReasonId: reason.id,
    timeSlotId: hexId(slot.start.getTime() / 60_000, 24, 'timeslot'),
    weekId: 'w',
    weekTemplateCycleId: 'c',
    creationDate: '2021-01-01T00:00:00.000Z',
    updateDate: '2021-01-01T00:00:00.000Z',
    startDateTime: start,
    endDateTime: new Date(slot.start.getTime() + 5 * 60_000).toISOString(),
    percentageNewPatient: 100,
    usedResource: [],
    substitute: {},
  };
}
