// The synthetic world every sandbox platform renders: centres in every department, each listed on one
// platform (a few on two), offering vaccination motives whose slots are booked and released over time.
//
// Nothing here is stored state. Whether a slot is free at instant t is a pure function of the seed, the
// slot and t, so the world can be asked about any moment in any order, by any process, and the ground
// truth a test reads is exactly what the platforms serve at the same clock.
import { DateTime } from 'luxon';
import { COMMUNES, DEPARTMENTS, type Commune } from '../departments.js';
import { PLATFORMS, type CentreKind, type Dose, type GeoPoint, type PlatformId, type Vaccine } from '../domain.js';
import { PARIS } from '../time.js';
import { exponential, hashString, pick, randomFor } from './random.js';

export interface WorldOptions {
  readonly seed: number;
  /** Centres per department (Paris gets twice as many). */
  readonly centresPerDepartment: number;
  /** Candidate appointment times per motive and opening day. */
  readonly slotsPerDay: number;
  /** How long before its start a slot is booked, on average: the longer, the sooner slots are gone (a rush). */
  readonly meanBookingLeadHours: number;
  /** Share of booked slots that are cancelled and offered again for a while. */
  readonly releaseProbability: number;
  readonly meanReleaseAfterHours: number;
  readonly meanReleaseDurationHours: number;
  /** Only these department codes get centres (all when absent): a small world for long runs such as the soak. */
  readonly departments?: readonly string[];
}

export const DEFAULT_WORLD_OPTIONS: WorldOptions = {
  seed: 2021,
  centresPerDepartment: 4,
  slotsPerDay: 8,
  meanBookingLeadHours: 96,
  releaseProbability: 0.15,
  meanReleaseAfterHours: 6,
  meanReleaseDurationHours: 3,
};

export interface WorldMotive {
  readonly key: string;
  readonly vaccine: Exclude<Vaccine, 'unknown' | 'ARNm'>;
  readonly dose: Dose;
}

export const MOTIVE_CATALOGUE: readonly WorldMotive[] = [
  { key: 'pfizer-1', vaccine: 'Pfizer-BioNTech', dose: 1 },
  { key: 'moderna-1', vaccine: 'Moderna', dose: 1 },
  { key: 'pfizer-3', vaccine: 'Pfizer-BioNTech', dose: 3 },
  { key: 'moderna-3', vaccine: 'Moderna', dose: 3 },
  { key: 'pfizer-kid', vaccine: 'Pfizer-BioNTech', dose: '1_kid' },
  { key: 'janssen-1', vaccine: 'Janssen', dose: 1 },
  { key: 'astrazeneca-1', vaccine: 'AstraZeneca', dose: 1 },
];

/** Opening ranges in minutes after midnight, per ISO weekday (1 = Monday .. 7 = Sunday). */
export type WeeklyHours = Readonly<Record<1 | 2 | 3 | 4 | 5 | 6 | 7, ReadonlyArray<readonly [number, number]>>>;

export interface WorldCentre {
  readonly key: string;
  readonly name: string;
  readonly kind: CentreKind;
  readonly department: string;
  readonly commune: Commune;
  readonly postalCode: string;
  readonly street: string;
  readonly location: GeoPoint;
  /** National format without spaces, `0123456789`. */
  readonly phone: string;
  readonly hours: WeeklyHours;
}

/** A centre as one platform lists it. */
export interface Listing {
  /** Unique across the world: `doctolib-c0042`. */
  readonly key: string;
  readonly platform: PlatformId;
  /** 1-based rank of the listing among its platform's listings: the root of the platform's ids. */
  readonly ordinal: number;
  readonly centre: WorldCentre;
  readonly motives: readonly WorldMotive[];
  /** Booking only by phone: the platform shows the centre but never a slot. */
  readonly phoneOnly: boolean;
  /** Offers nothing in the coming weeks, only later: what makes platforms answer with a next-slot hint. */
  readonly opensLater: boolean;
}

export interface WorldSlot {
  readonly listing: Listing;
  readonly motive: WorldMotive;
  readonly start: Date;
}

export interface World {
  readonly options: WorldOptions;
  readonly centres: readonly WorldCentre[];
  readonly listings: readonly Listing[];
  listingsOf(platform: PlatformId): readonly Listing[];
  /** Free slots of a listing at instant `at` that start in [from, to), soonest first. */
  freeSlots(listing: Listing, at: Date, from: Date, to: Date): WorldSlot[];
}

const WEEKDAY_HOURS: ReadonlyArray<readonly [number, number]> = [
  [9 * 60, 12 * 60],
  [14 * 60, 18 * 60],
];
const STANDARD_HOURS: WeeklyHours = { 1: WEEKDAY_HOURS, 2: WEEKDAY_HOURS, 3: WEEKDAY_HOURS, 4: WEEKDAY_HOURS, 5: WEEKDAY_HOURS, 6: [[9 * 60, 12 * 60]], 7: [] };
const SLOT_STEP_MINUTES = 5;
const HOUR_MS = 3_600_000;

export function createWorld(overrides: Partial<WorldOptions> = {}): World {
  const options: WorldOptions = { ...DEFAULT_WORLD_OPTIONS, ...overrides };
  const centres = buildCentres(options);
  const listings = buildListings(options, centres);
  const byPlatform = new Map<PlatformId, Listing[]>(PLATFORMS.map((platform) => [platform, []]));
  for (const listing of listings) byPlatform.get(listing.platform)!.push(listing);

  return {
    options,
    centres,
    listings,
    listingsOf: (platform) => byPlatform.get(platform) ?? [],
    freeSlots: (listing, at, from, to) => freeSlots(options, listing, at, from, to),
  };
}

function buildCentres(options: WorldOptions): WorldCentre[] {
  const centres: WorldCentre[] = [];
  for (const department of DEPARTMENTS) {
    if (options.departments && !options.departments.includes(department.code)) continue;
    const communes = COMMUNES.filter((commune) => commune.department === department.code)
      .sort((a, b) => b.population - a.population)
      .slice(0, 12);
    if (communes.length === 0) continue;
    const count = department.code === '75' ? options.centresPerDepartment * 2 : options.centresPerDepartment;
    for (let i = 0; i < count; i += 1) {
      const key = `c${String(centres.length + 1).padStart(4, '0')}`;
      const random = randomFor(options.seed, 'centre', key);
      const commune = i === 0 ? communes[0]! : pick(random, communes);
      centres.push(buildCentre(key, department.code, commune, i, random));
    }
  }
  return centres;
}

const STREETS = ['Rue de la République', 'Avenue Jean Jaurès', 'Place de la Mairie', 'Rue Victor Hugo', 'Boulevard Pasteur', 'Rue du Général de Gaulle', 'Allée des Tilleuls'];
const SURNAMES = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau'];

function buildCentre(key: string, department: string, commune: Commune, rank: number, random: () => number): WorldCentre {
  const kindRoll = rank === 0 ? 0 : random();
  const kind: CentreKind = kindRoll < 0.55 ? 'vaccination-center' : kindRoll < 0.85 ? 'drugstore' : 'general-practitioner';
  const surname = pick(random, SURNAMES);
  const name =
    kind === 'vaccination-center'
      ? `Centre de vaccination ${commune.name}${rank > 0 ? ` ${rank + 1}` : ''}`
      : kind === 'drugstore'
        ? `Pharmacie ${surname} ${commune.name}`
        : `Cabinet médical du Dr ${surname}`;
  const anchor = pseudoLocation(department);
  return {
    key,
    name,
    kind,
    department,
    commune,
    postalCode: commune.postalCodes[0] ?? commune.insee,
    street: `${1 + Math.floor(random() * 120)} ${pick(random, STREETS)}`,
    location: {
      latitude: round6(anchor.latitude + (random() - 0.5) * 0.4),
      longitude: round6(anchor.longitude + (random() - 0.5) * 0.4),
    },
    phone: `0${1 + Math.floor(random() * 5)}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`,
    hours: STANDARD_HOURS,
  };
}

/**
 * A stable point per department. The administrative package carries no coordinates; a synthetic world
 * only needs points that are consistent within a department, so they are spread over mainland France.
 */
function pseudoLocation(department: string): GeoPoint {
  const random = randomFor('department-anchor', department);
  return { latitude: 43 + random() * 7, longitude: -1 + random() * 8 };
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function buildListings(options: WorldOptions, centres: readonly WorldCentre[]): Listing[] {
  const ordinals = new Map<PlatformId, number>();
  const listings: Listing[] = [];
  const add = (centre: WorldCentre, platform: PlatformId, random: () => number) => {
    const ordinal = (ordinals.get(platform) ?? 0) + 1;
    ordinals.set(platform, ordinal);
    listings.push({
      key: `${platform}-${centre.key}`,
      platform,
      ordinal,
      centre,
      motives: chooseMotives(random),
      phoneOnly: random() < 0.03,
      opensLater: random() < 0.04,
    });
  };
  centres.forEach((centre, index) => {
    const random = randomFor(options.seed, 'listing', centre.key);
    // The first centre of each department is on Doctolib, the largest platform; the others rotate.
    const isFirstOfDepartment = index === 0 || centres[index - 1]!.department !== centre.department;
    const primary: PlatformId = isFirstOfDepartment ? 'doctolib' : PLATFORMS[hashString(centre.key) % PLATFORMS.length]!;
    add(centre, primary, random);
    if (random() < 0.08) {
      const others = PLATFORMS.filter((platform) => platform !== primary);
      add(centre, pick(random, others), random);
    }
  });
  return listings;
}

function chooseMotives(random: () => number): WorldMotive[] {
  const chosen = new Set<WorldMotive>([random() < 0.6 ? MOTIVE_CATALOGUE[0]! : MOTIVE_CATALOGUE[1]!]);
  const extra = Math.floor(random() * 3);
  for (let i = 0; i < extra; i += 1) chosen.add(pick(random, MOTIVE_CATALOGUE));
  return MOTIVE_CATALOGUE.filter((motive) => chosen.has(motive));
}

/** How far ahead a listing that opens later starts offering slots. */
const LATE_OPENING_HOURS = 20 * 24;

function freeSlots(options: WorldOptions, listing: Listing, at: Date, from: Date, to: Date): WorldSlot[] {
  if (listing.phoneOnly) return [];
  const opensAt = listing.opensLater ? at.getTime() + LATE_OPENING_HOURS * HOUR_MS : at.getTime();
  const earliest = Math.max(from.getTime(), opensAt);
  const slots: WorldSlot[] = [];
  for (let day = DateTime.fromMillis(earliest, { zone: PARIS }).startOf('day'); day.toMillis() < to.getTime(); day = day.plus({ days: 1 })) {
    const offsetMs = day.set({ hour: 12 }).offset * 60_000;
    const midnightUtc = Date.UTC(day.year, day.month - 1, day.day);
    const ranges = listing.centre.hours[day.weekday as 1 | 2 | 3 | 4 | 5 | 6 | 7];
    for (const motive of listing.motives) {
      for (const minute of candidateMinutes(options, listing, motive, day.toISODate()!, ranges)) {
        const start = midnightUtc + minute * 60_000 - offsetMs;
        if (start < earliest || start >= to.getTime()) continue;
        if (isFree(options, listing, motive, start, at.getTime())) slots.push({ listing, motive, start: new Date(start) });
      }
    }
  }
  return slots.sort((a, b) => a.start.getTime() - b.start.getTime());
}

function candidateMinutes(options: WorldOptions, listing: Listing, motive: WorldMotive, date: string, ranges: ReadonlyArray<readonly [number, number]>): number[] {
  const positions: number[] = [];
  for (const [open, close] of ranges) for (let minute = open; minute < close; minute += SLOT_STEP_MINUTES) positions.push(minute);
  if (positions.length === 0) return [];
  const random = randomFor(options.seed, 'day', listing.key, motive.key, date);
  const count = Math.min(positions.length, Math.round(options.slotsPerDay * (0.5 + random())));
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(positions[Math.floor(random() * positions.length)]!);
  return [...chosen].sort((a, b) => a - b);
}

/**
 * A slot is booked `lead` hours before it starts (exponential, so far slots are mostly free and near ones
 * mostly taken); some bookings are cancelled later and the slot is offered again for a while.
 */
function isFree(options: WorldOptions, listing: Listing, motive: WorldMotive, start: number, at: number): boolean {
  if (at >= start) return false;
  const random = randomFor(options.seed, 'slot', listing.key, motive.key, start);
  const bookedAt = start - exponential(random, options.meanBookingLeadHours) * HOUR_MS;
  if (at < bookedAt) return true;
  if (random() >= options.releaseProbability) return false;
  const releasedAt = bookedAt + exponential(random, options.meanReleaseAfterHours) * HOUR_MS;
  const rebookedAt = releasedAt + exponential(random, options.meanReleaseDurationHours) * HOUR_MS;
  return at >= releasedAt && at < rebookedAt;
}
