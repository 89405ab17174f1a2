// How the sandbox's Keldoc sees a listing: its cabinet, clinic, specialty and page path, its motive
// categories with motive and agenda ids, all derived from the listing's ordinal so they never change.
import { DEPARTMENTS } from '../../departments.js';
import type { Dose } from '../../domain.js';
import { DECOY_MOTIVES, hashChance, motiveName } from '../motive-names.js';
import { hashString } from '../random.js';
import type { Listing, World, WorldMotive } from '../world.js';
import { slugify } from '../../text.js';

export const KELDOC_SLUGS = ['maladies-infectieuses', 'vaccination-covid-19', 'vaccination-covid19'] as const;
const SPECIALTY_IDS = [144, 496, 153] as const;
/** A specialty that is not vaccination: decoy cabinets carry only this one. */
export const OTHER_SPECIALTY_ID = 9302;

export type MotiveSource =
  | { readonly kind: 'world'; readonly motive: WorldMotive }
  | { readonly kind: 'decoy'; readonly key: string };

export interface KeldocMotive {
  readonly id: number;
  readonly name: string;
  readonly agendaIds: readonly number[];
  readonly source: MotiveSource;
}

export interface KeldocCategory {
  readonly id: number;
  readonly name: string;
  readonly motives: readonly KeldocMotive[];
}

export interface KeldocListing {
  readonly listing: Listing;
  readonly cabinetId: number;
  readonly clinicId: number;
  readonly specialtyId: number;
  readonly type: string;
  readonly location: string;
  readonly slug: string;
  /** Public page path: 3 or 4 segments, or 2 for pages only their redirect explains. */
  readonly path: string;
  readonly searchSlugs: readonly string[];
  readonly categories: readonly KeldocCategory[];
}

export function cabinetIdOf(ordinal: number): number {
  return 10_000 + ordinal * 3;
}

export function clinicIdOf(ordinal: number): number {
  // Some clinics are their own single cabinet: their internal id has no `pid` part.
  return ordinal % 6 === 0 ? cabinetIdOf(ordinal) : 2_000 + ordinal;
}

export function ordinalOfCabinet(cabinetId: number): number | null {
  const ordinal = (cabinetId - 10_000) / 3;
  return Number.isInteger(ordinal) && ordinal > 0 ? ordinal : null;
}

const MOTIVE_BASE = 80_000;
export function motiveIdOf(ordinal: number, index: number): number {
  return MOTIVE_BASE + ordinal * 10 + index;
}
export function locateMotive(motiveId: number): { ordinal: number; index: number } | null {
  if (!Number.isInteger(motiveId) || motiveId < MOTIVE_BASE + 10) return null;
  return { ordinal: Math.floor((motiveId - MOTIVE_BASE) / 10), index: (motiveId - MOTIVE_BASE) % 10 };
}

const REMAPPED: Readonly<Record<string, string>> = {
  '67': 'rhin-bas',
  '68': 'rhin-haut',
  '05': 'alpes-hautes',
  '43': 'loire-haute',
  '52': 'marne-haute',
  '65': 'pyrenees-haute',
  '70': 'saune-haute',
  '74': 'savoie-haute',
  '79': 'sevres-deux',
  '87': 'vienne-haute',
  '90': 'belfort-territoire-de',
};

/** Keldoc's `raw_location` of each department (`ain-01`, `rhin-bas-67`). */
export const DEPARTMENT_BY_SLUG: ReadonlyMap<string, string> = new Map(
  DEPARTMENTS.map((department) => [
    `${REMAPPED[department.code] ?? slugify(department.name)}-${department.code.toLowerCase()}`,
    department.code,
  ]),
);

const GENERIC_NAMES: Readonly<Record<string, string>> = {
  1: '1ère injection',
  3: 'Rappel (3ème dose)',
  '1_kid': '1ère injection enfant 5-11 ans',
};

function genericName(motive: WorldMotive): string {
  return motive.vaccine === 'Janssen' ? 'Injection unique' : GENERIC_NAMES[String(motive.dose as Dose)]!;
}

function buildCategories(listing: Listing): KeldocCategory[] {
  const { ordinal } = listing;
  const agendas = [50_000 + ordinal * 2, 50_001 + ordinal * 2];
  let index = 0;
  const motiveOf = (name: string, source: MotiveSource, key: string): KeldocMotive => {
    const own = hashChance(50, listing.key, key, 'agendas') ? agendas : [agendas[hashString(listing.key + key) % 2]!];
    return { id: motiveIdOf(ordinal, index++), name, agendaIds: own, source };
  };
  const categories: KeldocCategory[] = [];
  if (hashChance(30, listing.key, 'brand-categories')) {
    // The brand is only in the category name: "Vaccination Moderna" > "Rappel (3ème dose)".
    for (const vaccine of [...new Set(listing.motives.map((motive) => motive.vaccine))]) {
      const motives = listing.motives
        .filter((motive) => motive.vaccine === vaccine)
        .map((motive) => motiveOf(genericName(motive), { kind: 'world', motive }, motive.key));
      categories.push({ id: 7_000 + categories.length, name: `Vaccination ${vaccine}`, motives });
    }
  } else {
    const motives = listing.motives.map((motive) =>
      motiveOf(motiveName(listing, motive), { kind: 'world', motive }, motive.key),
    );
    categories.push({ id: 7_000, name: 'Vaccination COVID-19', motives });
  }
  for (const decoy of DECOY_MOTIVES) {
    categories.push({
      id: 7_100 + categories.length,
      name: decoy.key === 'decoy-antigen' ? 'Dépistage' : 'Consultations',
      motives: [motiveOf(decoy.name, { kind: 'decoy', key: decoy.key }, decoy.key)],
    });
  }
  return categories;
}

function typeOf(listing: Listing): string {
  return listing.centre.kind === 'drugstore'
    ? 'pharmacie'
    : listing.centre.kind === 'general-practitioner'
      ? 'medecin'
      : 'centre-de-sante';
}

export function buildKeldocListings(world: World): KeldocListing[] {
  const taken = new Set<string>();
  return world.listingsOf('keldoc').map((listing) => {
    const { centre, ordinal } = listing;
    const type = typeOf(listing);
    const location = `${slugify(centre.commune.name)}-${centre.postalCode}`;
    let slug = slugify(centre.name);
    if (taken.has(`${type}/${location}/${slug}`) || taken.has(`${type}/${slug}`)) slug = `${slug}-${ordinal}`;
    taken.add(`${type}/${location}/${slug}`);
    taken.add(`${type}/${slug}`);
    const path =
      ordinal % 7 === 3
        ? `/${type}/${slug}`
        : ordinal % 3 === 1
          ? `/${type}/${location}/${slug}/centre-${ordinal}`
          : `/${type}/${location}/${slug}`;
    const primary = hashString(`${listing.key}|slug`) % KELDOC_SLUGS.length;
    const searchSlugs = hashChance(30, listing.key, 'second-slug')
      ? [KELDOC_SLUGS[primary]!, KELDOC_SLUGS[(primary + 1) % 3]!]
      : [KELDOC_SLUGS[primary]!];
    return {
      listing,
      cabinetId: cabinetIdOf(ordinal),
      clinicId: clinicIdOf(ordinal),
      specialtyId: SPECIALTY_IDS[hashString(`${listing.key}|specialty`) % SPECIALTY_IDS.length]!,
      type,
      location,
      slug,
      path,
      searchSlugs,
      categories: buildCategories(listing),
    };
  });
}
