// How Doctolib files the world's Doctolib listings: doctors (profiles) with one place per listing (a few
// vaccination centres run two sites under one profile), centre-local motives pointing at national reference
// ids, agendas per place, and the decoys a careless scraper would count (returning patients only, second
// doses, health professionals only, closed agendas). Every id is derived from listing ordinals.
import { DEPARTMENTS } from '../../departments.js';
import { hashString, randomFor } from '../random.js';
import type { Listing, World, WorldMotive } from '../world.js';
import { slugify } from '../../text.js';

export interface SandboxMotive {
  readonly id: number;
  readonly refId: number;
  readonly name: string;
  readonly categoryId: number | null;
  readonly allowNewPatients: boolean;
  /** The world motive whose slots this motive shows; decoys show the slots of a real one. */
  readonly source: WorldMotive;
}

export interface SandboxAgenda {
  readonly id: number;
  readonly practiceId: number | null;
  readonly disabled: boolean;
  readonly motivesByPractice: ReadonlyMap<number, readonly number[]>;
}

export interface SandboxPlace {
  readonly listing: Listing;
  readonly practiceId: number;
  /** `practice-160007`; a few places are filed as `establishment-…` with the same digits. */
  readonly placeId: string;
}

export interface SandboxDoctor {
  readonly profileId: number;
  readonly slug: string;
  readonly link: string;
  readonly name: string;
  readonly speciality: { readonly slug: string; readonly name: string };
  readonly department: string;
  readonly places: readonly SandboxPlace[];
  readonly categories: ReadonlyArray<{ readonly id: number; readonly name: string }>;
  readonly motives: readonly SandboxMotive[];
  readonly agendas: readonly SandboxAgenda[];
  /** Renders slots as `{start_date}` objects instead of strings. */
  readonly slotsAsObjects: boolean;
  /** Adds a slot from the day before the asked window, as Doctolib now and then does. */
  readonly sendsStaleSlot: boolean;
  readonly showsOpeningHours: boolean;
}

export interface DepartmentListing {
  readonly code: string;
  readonly own: readonly SandboxDoctor[];
  /** Doctors of a neighbouring department Doctolib appends after the department's own ("nearby"). */
  readonly nearby: readonly SandboxDoctor[];
}

export interface DoctolibDirectory {
  readonly doctors: readonly SandboxDoctor[];
  readonly doctorBySlug: ReadonlyMap<string, SandboxDoctor>;
  readonly motiveById: ReadonlyMap<number, { readonly doctor: SandboxDoctor; readonly motive: SandboxMotive }>;
  readonly departmentBySlug: ReadonlyMap<string, DepartmentListing>;
}

/** National reference ids per world motive (spec §5.1); centres pick one when there are two. */
const REFERENCE_IDS: Readonly<Record<string, readonly number[]>> = {
  'pfizer-1': [6970, 8739],
  'moderna-1': [8740, 7005],
  'pfizer-3': [8192],
  'moderna-3': [8193],
  'pfizer-kid': [10515, 10516],
  'janssen-1': [7945],
  'astrazeneca-1': [7107, 8741],
};
/** A second-dose reference id: real on Doctolib, absent from the scraped table. */
const SECOND_DOSE_REF_ID = 6971;

const MOTIVE_NAMES: Readonly<Record<string, string>> = {
  'pfizer-1': '1re injection vaccin COVID-19 (Pfizer-BioNTech)',
  'moderna-1': '1re injection vaccin COVID-19 (Moderna)',
  'pfizer-3': 'Dose de rappel vaccin COVID-19 (Pfizer-BioNTech)',
  'moderna-3': 'Dose de rappel vaccin COVID-19 (Moderna)',
  'pfizer-kid': '1re injection vaccin COVID-19 enfants 5-11 ans (Pfizer-BioNTech)',
  'janssen-1': 'Injection unique vaccin COVID-19 (Janssen)',
  'astrazeneca-1': '1re injection vaccin COVID-19 (AstraZeneca)',
};

const SPECIALITIES = {
  'vaccination-center': { slug: 'centre-de-sante', name: 'Centre de santé' },
  drugstore: { slug: 'pharmacie', name: 'Pharmacie' },
  'general-practitioner': { slug: 'medecin-generaliste', name: 'Médecin généraliste' },
} as const;

const directories = new WeakMap<World, DoctolibDirectory>();
// Listings do not know their world, and a listing's profile depends on its neighbours (two sites, one
// profile): the places of every world served so far are remembered here for `centreIdOf`.
const servedPlaces = new WeakMap<Listing, { readonly doctor: SandboxDoctor; readonly place: SandboxPlace }>();

export function doctolibDirectory(world: World): DoctolibDirectory {
  let directory = directories.get(world);
  if (!directory) {
    directory = buildDirectory(world);
    directories.set(world, directory);
    for (const doctor of directory.doctors)
      for (const place of doctor.places) servedPlaces.set(place.listing, { doctor, place });
  }
  return directory;
}

export function placeOfServedListing(
  listing: Listing,
): { readonly doctor: SandboxDoctor; readonly place: SandboxPlace } | undefined {
  return servedPlaces.get(listing);
}

/**
 * Listing slug of a department (spec §2.1): one `-` per non-word character, four names remapped. Written
 * apart from the adapter's on purpose: the sandbox states the rule, the adapter has to meet it.
 */
export function departmentListingSlug(name: string): string {
  const slug = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '-');
  return ['indre', 'gironde', 'mayenne', 'vienne'].includes(slug) ? `departement-${slug}` : slug;
}

function buildDirectory(world: World): DoctolibDirectory {
  const groups = groupIntoDoctors(world.listingsOf('doctolib'));
  const usedSlugs = new Map<string, number>();
  const doctors = groups.map((places) => buildDoctor(world.options.seed, places, usedSlugs));

  const byDepartment = new Map<string, SandboxDoctor[]>();
  for (const doctor of doctors)
    byDepartment.set(doctor.department, [...(byDepartment.get(doctor.department) ?? []), doctor]);
  const departmentBySlug = new Map<string, DepartmentListing>();
  DEPARTMENTS.forEach((department, index) => {
    const neighbour = DEPARTMENTS.slice(index + 1)
      .concat(DEPARTMENTS.slice(0, index))
      .find((other) => byDepartment.has(other.code));
    const nearbyCount = 1 + (hashString(`nearby|${department.code}`) % 2);
    departmentBySlug.set(departmentListingSlug(department.name), {
      code: department.code,
      own: byDepartment.get(department.code) ?? [],
      nearby: neighbour ? byDepartment.get(neighbour.code)!.slice(0, nearbyCount) : [],
    });
  });

  return {
    doctors,
    doctorBySlug: new Map(doctors.map((doctor) => [doctor.slug, doctor])),
    motiveById: new Map(
      doctors.flatMap((doctor) => doctor.motives.map((motive) => [motive.id, { doctor, motive }] as const)),
    ),
    departmentBySlug,
  };
}

/** Two bookable vaccination centres of a department are sometimes two sites of one profile. */
function groupIntoDoctors(listings: readonly Listing[]): Listing[][] {
  const groups: Listing[][] = [];
  for (const listing of listings) {
    const last = groups[groups.length - 1];
    const head = last?.[0];
    const joins =
      last !== undefined &&
      head !== undefined &&
      last.length === 1 &&
      head.centre.department === listing.centre.department &&
      head.centre.kind === 'vaccination-center' &&
      listing.centre.kind === 'vaccination-center' &&
      !head.phoneOnly &&
      !listing.phoneOnly &&
      randomFor('doctolib-group', listing.key)() < 0.6;
    if (joins) last.push(listing);
    else groups.push([listing]);
  }
  return groups;
}

function buildDoctor(seed: number, listings: readonly Listing[], usedSlugs: Map<string, number>): SandboxDoctor {
  const head = listings[0]!;
  const random = randomFor(seed, 'doctolib-doctor', head.key);
  const profileId = 245_000 + head.ordinal * 11;
  const baseSlug = slugify(head.centre.name);
  const taken = usedSlugs.get(baseSlug) ?? 0;
  usedSlugs.set(baseSlug, taken + 1);
  const slug = taken === 0 ? baseSlug : `${baseSlug}-${taken + 1}`;
  const speciality = SPECIALITIES[head.centre.kind];

  const places: SandboxPlace[] = listings.map((listing) => {
    const practiceId = 160_000 + listing.ordinal * 7;
    const prefix = randomFor(seed, 'doctolib-place', listing.key)() < 0.1 ? 'establishment' : 'practice';
    return { listing, practiceId, placeId: `${prefix}-${practiceId}` };
  });

  const categoryBase = 60_000 + head.ordinal * 4;
  const categories =
    random() < 0.5
      ? [
          { id: categoryBase, name: 'Non professionnels de santé' },
          { id: categoryBase + 1, name: 'Professionnels de santé' },
        ]
      : [];
  const publicCategory = categories[0]?.id ?? null;

  const motiveBase = 3_000_000 + head.ordinal * 40;
  const offered = [...new Set(listings.flatMap((listing) => listing.motives))];
  const motives: SandboxMotive[] = offered.map((source, index) => {
    const refIds = REFERENCE_IDS[source.key]!;
    return {
      id: motiveBase + index,
      refId: refIds[Math.floor(random() * refIds.length)]!,
      name: MOTIVE_NAMES[source.key]!,
      categoryId: publicCategory !== null && random() < 0.8 ? publicCategory : null,
      allowNewPatients: true,
      source,
    };
  });
  const decoySource = motives[0]!;
  const decoys: SandboxMotive[] = [];
  if (random() < 0.4)
    decoys.push({
      ...decoySource,
      id: motiveBase + 20,
      name: `${decoySource.name} - patients du centre`,
      allowNewPatients: false,
    });
  if (random() < 0.4)
    decoys.push({
      ...decoySource,
      id: motiveBase + 21,
      refId: SECOND_DOSE_REF_ID,
      name: `2de injection vaccin COVID-19 (${decoySource.source.vaccine})`,
    });
  if (categories[1])
    decoys.push({
      ...decoySource,
      id: motiveBase + 22,
      categoryId: categories[1].id,
      name: `${decoySource.name} - professionnels de santé`,
    });
  const allMotives = [...motives, ...decoys];

  const motiveIdsAt = (listing: Listing) =>
    allMotives.filter((motive) => listing.motives.includes(motive.source)).map((motive) => motive.id);
  const agendas: SandboxAgenda[] = places.flatMap((place) => placeAgendas(seed, place, motiveIdsAt(place.listing)));
  if (places.length > 1) {
    // One practitioner working at both sites: an agenda without practice, keyed by both practices.
    agendas.push({
      id: 400_000 + head.ordinal * 10 + 9,
      practiceId: null,
      disabled: false,
      motivesByPractice: new Map(places.map((place) => [place.practiceId, motiveIdsAt(place.listing)])),
    });
  }

  return {
    profileId,
    slug,
    link: `/${speciality.slug}/${slugify(head.centre.commune.name)}/${slug}`,
    name: head.centre.name,
    speciality,
    department: head.centre.department,
    places,
    categories,
    motives: allMotives,
    agendas,
    slotsAsObjects: random() < 0.5,
    sendsStaleSlot: random() < 0.3,
    showsOpeningHours: random() < 0.85,
  };
}

/** One or two agendas sharing the place's motives, sometimes a closed one, all closed when phone-only. */
function placeAgendas(seed: number, place: SandboxPlace, motiveIds: readonly number[]): SandboxAgenda[] {
  const random = randomFor(seed, 'doctolib-agendas', place.listing.key);
  const base = 400_000 + place.listing.ordinal * 10;
  const disabled = place.listing.phoneOnly;
  const withPractice = (id: number, ids: readonly number[], closed: boolean): SandboxAgenda => ({
    id,
    practiceId: random() < 0.7 ? place.practiceId : null,
    disabled: closed,
    motivesByPractice: new Map([[place.practiceId, ids]]),
  });
  const agendas = [withPractice(base, motiveIds, disabled)];
  if (random() < 0.4)
    agendas.push(
      withPractice(
        base + 1,
        motiveIds.filter(() => random() < 0.6),
        disabled,
      ),
    );
  if (random() < 0.3) agendas.push(withPractice(base + 2, motiveIds, true));
  return agendas;
}
