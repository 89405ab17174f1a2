// The synthetic world every sandbox platform renders: centres in every department, each listed on one
// platform (a few on two), offering vaccination motives whose slots are booked and released over time.
//
// Nothing here is stored state. Whether a slot is free at instant t is a pure function of the seed, the
// slot and t, so the world can be asked about any moment in any order, by any process, and the ground
// truth a test reads is exactly what the platforms serve at the same clock.
import { COMMUNES, DEPARTMENTS, departmentOfPostalCode, type Commune } from '../departments.js';
import { PLATFORMS, type CentreKind, type Dose, type GeoPoint, type PlatformId, type Vaccine } from '../domain.js';
import { extraListings } from './duplicates.js';
import { drawFreeSlots } from './free-slots.js';
import { mainTownOf, pointNear } from './geography.js';
import { pick, randomFor } from './random.js';

export interface WorldOptions {
  readonly seed: number;
  /** Centres per department (Paris gets twice as many). */
  readonly centresPerDepartment: number;
  /** Candidate appointment times per motive and opening day. */
  readonly slotsPerDay: number;
  /**
   * How long before its start a slot is booked, on average. Not a rush: the longer it is, the more of the far
   * slots are taken and the more of the near ones stay free (`rushPerMinute` is the rush).
   */
  readonly meanBookingLeadHours: number;
  /**
   * A booking rush: the share of the free slots of the next RUSH_WINDOW_HOURS booked per minute (0: none), so
   * the soonest slots shown go at this pace. Each slot's rush booking comes at an exponential time after it
   * enters the window (or after `rushSince`), so a higher value books every slot earlier, never later.
   */
  readonly rushPerMinute: number;
  /** When the rush began (ms since the epoch): the sandbox's start, so a rush is watched from its beginning. */
  readonly rushSince?: number;
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
  rushPerMinute: 0,
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
  /** The key of the centre this is another listing of (written another way): the same physical place. */
  readonly samePlaceAs?: string;
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
const STANDARD_HOURS: WeeklyHours = {
  1: WEEKDAY_HOURS,
  2: WEEKDAY_HOURS,
  3: WEEKDAY_HOURS,
  4: WEEKDAY_HOURS,
  5: WEEKDAY_HOURS,
  6: [[9 * 60, 12 * 60]],
  7: [],
};
export { RUSH_WINDOW_HOURS } from './free-slots.js';

export function createWorld(overrides: Partial<WorldOptions> = {}): World {
  const options: WorldOptions = { ...DEFAULT_WORLD_OPTIONS, ...overrides };
  const { centres, listings } = buildListings(options);
  const byPlatform = new Map<PlatformId, Listing[]>(PLATFORMS.map((platform) => [platform, []]));
  for (const listing of listings) byPlatform.get(listing.platform)!.push(listing);

  return {
    options,
    centres,
    listings,
    listingsOf: (platform) => byPlatform.get(platform) ?? [],
    freeSlots: (listing, at, from, to) => drawFreeSlots(options, listing, at, from, to),
  };
}

/**
 * Each platform lists its own centres, department by department, so a centre's every draw comes from a
 * stable key (platform, department, index) and adding a platform leaves the others' worlds as they were.
 * Doctolib, the largest platform, has the first centre of every department; every platform (Doctolib too)
 * takes a fixed share of a department's remaining centres: with the nine platforms of 2021 the world keeps
 * `centresPerDepartment` per department on average, and a tenth platform adds its own without moving any.
 */
const PLATFORM_SHARE = 1 / 9;
/** Chance that a centre is also listed on one given platform registered after its own. */
const CROSS_LISTING_SHARE = 0.02;

function buildListings(options: WorldOptions): { centres: WorldCentre[]; listings: Listing[] } {
  const departments = DEPARTMENTS.filter(
    (department) => !options.departments || options.departments.includes(department.code),
  );
  const own = new Map<PlatformId, Listing[]>();
  for (const platform of PLATFORMS) {
    const listings: Listing[] = [];
    for (const department of departments) {
      const count = centresOn(options, platform, department.code);
      for (let index = 0; index < count; index += 1) {
        const centre = buildCentre(options, `${platform}-${department.code}-${index + 1}`, department.code);
        if (centre) listings.push(listingOf(options, centre, platform, listings.length + 1));
      }
    }
    own.set(platform, listings);
  }
  // A centre may also be listed on platforms registered after its own: appended after their own
  // listings, so no platform's own world depends on a platform added later.
  const all: Listing[] = [];
  PLATFORMS.forEach((platform, rank) => {
    const listings = [...own.get(platform)!];
    for (const earlier of PLATFORMS.slice(0, rank)) {
      for (const listing of own.get(earlier)!) {
        if (randomFor(options.seed, 'also-on', listing.centre.key, platform)() < CROSS_LISTING_SHARE) {
          listings.push(listingOf(options, listing.centre, platform, listings.length + 1));
        }
      }
    }
    all.push(...listings);
  });
  const originals = PLATFORMS.flatMap((platform) => own.get(platform)!.map((listing) => listing.centre));
  // Duplicates and near misses (sandbox/duplicates.ts), after everything else so no other draw moves.
  const extras = extraListings(options.seed, originals, otherTown);
  const counts = new Map<PlatformId, number>(
    PLATFORMS.map((platform) => [platform, all.filter((listing) => listing.platform === platform).length]),
  );
  for (const { centre, platform } of extras) {
    const ordinal = counts.get(platform)! + 1;
    counts.set(platform, ordinal);
    all.push(listingOf(options, centre, platform, ordinal));
  }
  const centres = [
    ...originals,
    ...extras.map((extra) => extra.centre).filter((centre) => centre.samePlaceAs === undefined),
  ];
  return { centres, listings: all };
}

/** A place in another commune of the centre's department, standing around the department's main town. */
function otherTown(
  centre: WorldCentre,
  random: () => number,
): { commune: Commune; postalCode: string; location: GeoPoint } | null {
  const others = placesOf(centre.department).filter((place) => place.commune.insee !== centre.commune.insee);
  if (others.length === 0) return null;
  const place = pick(random, others);
  return {
    commune: place.commune,
    postalCode: pick(random, place.postalCodes),
    location: pointNear(place.town, SPREAD_KM, random),
  };
}

function centresOn(options: WorldOptions, platform: PlatformId, department: string): number {
  const perDepartment = department === '75' ? options.centresPerDepartment * 2 : options.centresPerDepartment;
  const random = randomFor(options.seed, 'centres-on', platform, department);
  // The expected share, rounded up or down at random: the world's size stays close to its expectation.
  const shared = Math.floor((perDepartment - 1) * PLATFORM_SHARE + random());
  return platform === 'doctolib' ? 1 + shared : shared;
}

function listingOf(options: WorldOptions, centre: WorldCentre, platform: PlatformId, ordinal: number): Listing {
  const key = `${platform}-${centre.key}`;
  const random = randomFor(options.seed, 'listing', key);
  return {
    key,
    platform,
    ordinal,
    centre,
    motives: chooseMotives(random),
    phoneOnly: random() < 0.03,
    opensLater: random() < 0.04,
  };
}

const STREETS = [
  'Rue de la République',
  'Avenue Jean Jaurès',
  'Place de la Mairie',
  'Rue Victor Hugo',
  'Boulevard Pasteur',
  'Rue du Général de Gaulle',
  'Allée des Tilleuls',
];
// Enough names that two centres of one town rarely share one: the centre page pairs listings of one place by name.
const SURNAMES = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefebvre',
  'Michel',
  'Garcia',
  'David',
  'Bertrand',
  'Roux',
  'Vincent',
  'Fournier',
  'Morel',
  'Girard',
  'André',
  'Lefèvre',
  'Mercier',
  'Dupont',
  'Lambert',
  'Bonnet',
  'François',
  'Martinez',
  'Legrand',
  'Garnier',
  'Faure',
  'Rousseau',
  'Blanc',
  'Guerin',
  'Muller',
  'Henry',
  'Roussel',
  'Nicolas',
];
const VENUES = [
  'Salle des fêtes',
  'Gymnase',
  'Espace',
  'Maison de santé',
  'Centre hospitalier',
  'Salle polyvalente',
  'Halle',
  'Clinique',
];
/** How far from its department's main town a centre stands: Paris is small, a department is not. */
const SPREAD_KM = 8;
const PARIS_SPREAD_KM = 3;

/**
 * A centre in a real commune of its department, drawn by population (a town of 100,000 has a hundred
 * times the centres of a village of 1,000), with a postal code of that commune that the postal tables
 * place in the same department, standing a few kilometres from the department's main town.
 */
function buildCentre(options: WorldOptions, key: string, department: string): WorldCentre | null {
  const random = randomFor(options.seed, 'centre', key);
  const places = placesOf(department);
  if (places.length === 0) return null;
  const place = pickPlace(random, places);
  const { commune } = place;
  const kindRoll = random();
  const kind: CentreKind =
    kindRoll < 0.55 ? 'vaccination-center' : kindRoll < 0.85 ? 'drugstore' : 'general-practitioner';
  const surname = pick(random, SURNAMES);
  const name =
    kind === 'vaccination-center'
      ? `Centre de vaccination ${commune.name} - ${pick(random, VENUES)} ${surname}`
      : kind === 'drugstore'
        ? `Pharmacie ${surname}-${pick(random, SURNAMES)}`
        : `Cabinet médical du Dr ${String.fromCharCode(65 + Math.floor(random() * 26))}. ${surname}`;
  return {
    key,
    name,
    kind,
    department,
    commune,
    postalCode: pick(random, place.postalCodes),
    street: `${1 + Math.floor(random() * 120)} ${pick(random, STREETS)}`,
    location: pointNear(place.town, department === '75' ? PARIS_SPREAD_KM : SPREAD_KM, random),
    phone: `0${1 + Math.floor(random() * 5)}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`,
    hours: STANDARD_HOURS,
  };
}

interface Place {
  readonly commune: Commune;
  readonly postalCodes: readonly string[];
  readonly town: GeoPoint;
  /** Running total of populations up to this place, for a draw by population. */
  readonly cumulative: number;
}

const placesCache = new Map<string, Place[]>();

/** The communes of a department a centre can stand in: with a main town to stand near and a consistent postal code. */
function placesOf(department: string): Place[] {
  const cached = placesCache.get(department);
  if (cached) return cached;
  const places: Place[] = [];
  let total = 0;
  for (const commune of COMMUNES) {
    if (commune.department !== department) continue;
    const town = mainTownOf(department, commune.insee);
    const postalCodes = commune.postalCodes.filter((code) => departmentOfPostalCode(code) === department);
    if (!town || postalCodes.length === 0) continue;
    total += Math.max(1, commune.population);
    places.push({ commune, postalCodes, town, cumulative: total });
  }
  placesCache.set(department, places);
  return places;
}

function pickPlace(random: () => number, places: readonly Place[]): Place {
  const target = random() * places[places.length - 1]!.cumulative;
  let low = 0;
  let high = places.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (places[middle]!.cumulative > target) high = middle;
    else low = middle + 1;
  }
  return places[low]!;
}

function chooseMotives(random: () => number): WorldMotive[] {
  const chosen = new Set<WorldMotive>([random() < 0.6 ? MOTIVE_CATALOGUE[0]! : MOTIVE_CATALOGUE[1]!]);
  const extra = Math.floor(random() * 3);
  for (let i = 0; i < extra; i += 1) chosen.add(pick(random, MOTIVE_CATALOGUE));
  return MOTIVE_CATALOGUE.filter((motive) => chosen.has(motive));
}
