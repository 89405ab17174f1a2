// The sandbox's Ordoclic: the dotted-filter search, entity and professional profiles, reasons and the
// available-slots POST, on api.ordoclic.fr's paths (spec/platforms/ordoclic.md).
import express, { Router, type Request, type Response } from 'express';
import { PARIS, parisOffsetMs } from '../../time.js';
import { DECOY_MOTIVES, decoySlots, hashChance, motiveName, nextFreeSlot, uuidFor } from '../motive-names.js';
import type { SandboxContext, SandboxPlatform } from '../platform.js';
import { hashString } from '../random.js';
import type { Listing, WorldMotive, WorldSlot } from '../world.js';
import { slugify } from '../../text.js';

type Source =
  | { readonly kind: 'world'; readonly motive: WorldMotive }
  | { readonly kind: 'decoy'; readonly key: string };
interface OrdoclicReason {
  readonly id: string;
  readonly name: string;
  readonly canBookOnline: boolean;
  readonly dose: number | undefined;
  readonly source: Source;
}
interface OrdoclicEntity {
  readonly listing: Listing;
  readonly id: string;
  readonly slug: string;
  readonly type: string;
  readonly professionals: readonly string[];
  readonly reasons: readonly OrdoclicReason[];
  readonly flags: Readonly<Record<string, boolean>>;
}

const TYPE_OF_KIND = {
  drugstore: 'Pharmacie',
  'general-practitioner': 'Médecin',
  'vaccination-center': 'Centre de vaccination',
} as const;
const BRAND_WORD: Readonly<Record<string, string>> = {
  'Pfizer-BioNTech': 'Pfizer',
  Moderna: 'Moderna',
  Janssen: 'Janssen',
  AstraZeneca: 'AstraZeneca',
};

export function ordoclicEntityId(listing: Listing): string {
  return uuidFor(0x03000000 + listing.ordinal, listing.key, 'ordoclic');
}

export const ordoclicSandbox: SandboxPlatform = {
  platform: 'ordoclic',
  centreIdOf: (listing) => `ordoclic${ordoclicEntityId(listing).slice(0, 8)}`,
  // Only pharmacies are Ordoclic centres (spec §2): the other entity types are listed, and left out.
  isScannable: (listing) => !listing.phoneOnly && listing.centre.kind === 'drugstore',
  isDiscovered: (listing) => listing.centre.kind === 'drugstore',
  router: ordoclicRouter,
};

function reasonName(listing: Listing, motive: WorldMotive): string {
  if (hashChance(50, listing.key, motive.key, 'ordoclic-name')) return motiveName(listing, motive);
  const kid = motive.dose === '1_kid' ? ' pédiatrique (5-11 ans)' : '';
  return `Vaccination ${BRAND_WORD[motive.vaccine]}${kid} - Injection ${motive.dose === 3 ? 3 : 1}`;
}

function buildEntity(listing: Listing, slugs: Set<string>): OrdoclicEntity {
  const id = ordoclicEntityId(listing);
  let slug = `${slugify(listing.centre.name)}-${slugify(listing.centre.commune.name)}`;
  if (slugs.has(slug)) slug = `${slug}-${listing.ordinal}`;
  slugs.add(slug);
  const professionals = hashChance(40, listing.key, 'two-professionals')
    ? [uuidFor(1, listing.key, 'pro-a'), uuidFor(2, listing.key, 'pro-b')]
    : [uuidFor(1, listing.key, 'pro-a')];
  const reasonId = (key: string) => uuidFor(hashString(`${listing.key}|${key}`), listing.key, key);
  const reasons: OrdoclicReason[] = [
    ...listing.motives.map((motive) => ({
      id: reasonId(motive.key),
      name: reasonName(listing, motive),
      canBookOnline: true,
      dose: motive.dose === 3 ? 3 : 1,
      source: { kind: 'world', motive } as const,
    })),
    // Not vaccinations, or not bookable online: they have slots all the same.
    {
      id: reasonId('antigen'),
      name: DECOY_MOTIVES[0]!.name,
      canBookOnline: true,
      dose: undefined,
      source: { kind: 'decoy', key: DECOY_MOTIVES[0]!.key },
    },
    {
      id: reasonId('on-site'),
      name: 'Vaccination Pfizer - Injection 2 (sur place uniquement)',
      canBookOnline: false,
      dose: 2,
      source: { kind: 'decoy', key: 'decoy-on-site' },
    },
    {
      id: reasonId('flu'),
      name: 'Vaccination antigrippale',
      canBookOnline: true,
      dose: -1,
      source: { kind: 'decoy', key: 'decoy-flu' },
    },
  ];
  const flags: Record<string, boolean> = { antigenic: true };
  for (const motive of listing.motives)
    flags[`vaccine${BRAND_WORD[motive.vaccine]}${motive.dose === 3 ? 3 : 1}`] = true;
  return { listing, id, slug, type: TYPE_OF_KIND[listing.centre.kind], professionals, reasons, flags };
}

function searchItem(entity: OrdoclicEntity, vaccinates = true): object {
  const { centre } = entity.listing;
  return {
    id: entity.id,
    name: centre.name,
    type: entity.type,
    phone: centre.phone,
    location: {
      address: centre.street,
      zip: centre.postalCode,
      city: centre.commune.name,
      coordinates: { lon: centre.location.longitude, lat: centre.location.latitude },
    },
    publicProfile: { slug: entity.slug, publishedAt: true },
    bookingSettings: { option: entity.listing.phoneOnly ? 'any' : 'internal' },
    covidOnlineBookingAvailabilities: entity.flags,
    isPublicProfile: true,
    isCovidVaccineSupported: vaccinates,
    activated: true,
    deleted: false,
    professionals: entity.professionals,
    updatedAt: '2021-05-01T00:00:00Z',
    '@timestamp': '2021-05-01T00:00:00Z',
  };
}

function profile(entity: OrdoclicEntity): object {
  const { centre, phoneOnly } = entity.listing;
  // Phone-only centres say so either with "any" or with settings that name no option at all.
  const bookingSettings = phoneOnly
    ? hashChance(50, entity.listing.key, 'no-option')
      ? {}
      : { option: 'any' }
    : { option: 'internal' };
  return {
    profileSlug: entity.slug,
    entityId: entity.id,
    name: centre.name,
    type: entity.type,
    phone: centre.phone,
    address: centre.street,
    city: centre.commune.name,
    zip: centre.postalCode,
    listAddress: [
      {
        lat: centre.location.latitude,
        lng: centre.location.longitude,
        address: centre.street,
        city: centre.commune.name,
        zip: centre.postalCode,
        isMainAddress: true,
      },
    ],
    timeBlocks: [1, 2, 3, 4, 5].map((day) => ({
      day: String(day),
      opening: '09:00',
      closing: '18:00',
      isFullDay: false,
    })),
    publicProfessionals: entity.professionals.map((id, index) => ({
      id,
      fullName: `Dr ${['Martin', 'Durand'][index]}`,
      job: 'Pharmacien',
      publicProfileSlug: `${entity.slug}-${index}`,
    })),
    attributeValues: [
      { label: 'booking_settings', value: bookingSettings },
      { label: 'covid_vaccine', value: true },
    ],
  };
}

function utc(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function ordoclicRouter({ world, clock }: SandboxContext): Router {
  const slugs = new Set<string>();
  const entities = world.listingsOf('ordoclic').map((listing) => buildEntity(listing, slugs));
  const bySlug = new Map(entities.map((entity) => [entity.slug, entity]));
  const byId = new Map(entities.map((entity) => [entity.id, entity]));
  // A pharmacy that does not vaccinate: only a search without the `in.` filters returns it.
  const idle: OrdoclicEntity = {
    ...buildEntity({ ...world.listingsOf('ordoclic')[0]!, key: 'ordoclic-idle', ordinal: 9_999 }, slugs),
    flags: { antigenic: true },
  };
  const router = Router();

  router.get('/v1/public/search', (request, response) => {
    const query = request.query as Record<string, unknown>;
    if (query.page === undefined || query.per_page === undefined)
      return void response.status(400).json({ message: 'page and per_page are required' });
    const inFilters = Object.entries(query)
      .filter(([name]) => name.startsWith('in.'))
      .map(([name, value]) => [name.slice(3), value === 'true'] as const);
    const orFlags = Object.entries(query)
      .filter(([name, value]) => name.startsWith('or.covidOnlineBookingAvailabilities.') && value === 'true')
      .map(([name]) => name.split('.').at(-1)!);
    const all = [...entities.map((entity) => ({ entity, vaccinates: true })), { entity: idle, vaccinates: false }];
    const items = all
      .filter(({ vaccinates }) =>
        inFilters.every(([name, wanted]) => (name === 'isCovidVaccineSupported' ? vaccinates : true) === wanted),
      )
      .filter(({ entity }) => orFlags.length === 0 || orFlags.some((flag) => entity.flags[flag]))
      .map(({ entity, vaccinates }) => searchItem(entity, vaccinates));
    const perPage = Math.max(1, Number(query.per_page) || 10);
    const page = Math.max(1, Number(query.page) || 1);
    response.json({
      page,
      per_page: perPage,
      page_count: Math.ceil(items.length / perPage),
      total_count: items.length,
      items: items.slice((page - 1) * perPage, page * perPage),
    });
  });

  // Pharmacies and centres are entities; a doctor's page is a professional's profile.
  router.get('/v1/public/entities/profile/:slug', (request, response) => {
    const entity = bySlug.get(request.params.slug);
    if (!entity || entity.type === 'Médecin') return void response.status(404).json({ message: 'profile not found' });
    response.json(profile(entity));
  });
  router.get('/v1/professionals/profile/:slug', (request, response) => {
    const entity = bySlug.get(request.params.slug);
    if (entity?.type !== 'Médecin') return void response.status(404).json({ message: 'profile not found' });
    response.json(profile(entity));
  });

  router.get('/v1/solar/entities/:entityId/reasons', (request, response) => {
    const entity = byId.get(request.params.entityId);
    if (!entity) return void response.status(404).json({ message: 'entity not found' });
    response.json({
      limitedMode: false,
      reasons: entity.reasons.map((reason) => ({
        id: reason.id,
        name: reason.name,
        canBookOnline: reason.canBookOnline,
        reasonTypeId: 4,
        ...(reason.dose === undefined ? {} : { vaccineInjectionDose: reason.dose }),
        duration: 5,
        color: '#3f51b5',
        professionalId: entity.professionals[0],
        reasonType: 'vaccination',
        isAcceptNewPatient: true,
        advice: '',
        entityId: null,
        isTcsMode: false,
        defaultDocuments: [],
      })),
    });
  });

  router.post(
    '/v1/solar/slots/availableSlots',
    express.json({ type: () => true }),
    (request: Request, response: Response) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const from = typeof body.dateStart === 'string' ? new Date(body.dateStart) : null;
      const to = typeof body.dateEnd === 'string' ? new Date(body.dateEnd) : null;
      const entity = byId.get(String(body.entityId));
      const reason = entity?.reasons.find((candidate) => candidate.id === body.reasonId);
      const staff = String(body.medicalStaffId);
      if (
        !from ||
        !to ||
        Number.isNaN(from.getTime()) ||
        Number.isNaN(to.getTime()) ||
        !entity ||
        !reason ||
        !entity.professionals.includes(staff)
      ) {
        return void response
          .status(400)
          .json({ message: 'entityId, medicalStaffId, reasonId, dateStart and dateEnd are required' });
      }
      const at = clock.now();
      const { listing } = entity;
      const all: WorldSlot[] =
        reason.source.kind === 'decoy'
          ? decoySlots(world, listing, reason.source.key, at, from, to)
          : world.freeSlots({ ...listing, motives: [reason.source.motive] }, at, from, to);
      // Each slot belongs to one professional's calendar: asking for one gives only that one's slots.
      const ownerOf = (slot: WorldSlot) =>
        entity.professionals[hashString(`${reason.id}|${slot.start.getTime()}`) % entity.professionals.length];
      const slots = listing.phoneOnly ? [] : all.filter((slot) => ownerOf(slot) === staff);
      const next =
        slots.length === 0 && reason.source.kind === 'world' && !listing.phoneOnly
          ? nextFreeSlot(world, listing, reason.source.motive, at, to)
          : null;
      const payload = {
        nextAvailableSlotDate: next ? utc(next.start) : null,
        slots: slots.map((slot) => {
          const offset = parisOffsetMs(slot.start.getTime()) / 60_000;
          const end = new Date(slot.start.getTime() + 5 * 60_000);
          return {
            id: uuidFor(slot.start.getTime() / 60_000, reason.id),
            timeStart: utc(slot.start),
            timeStartUtcOffset: offset,
            timeEnd: utc(end),
            timeEndUtcOffset: offset,
            tzId: PARIS,
            reasonIDs: [reason.id],
            medicalStaffID: staff,
            calendarId: uuidFor(3, entity.id, staff),
            rrule: '',
            isRepeated: false,
            name: '',
          };
        }),
      };
      // The platform answers JSON as text/plain, which is what the scraper's `Accept` asks for.
      response.type('text/plain').send(JSON.stringify(payload));
    },
  );

  router.use((_request, response) => response.status(404).json({ message: 'Not Found' }));
  return router;
}
