// The world's duplicates and near misses, for the "one place, one entry" of the read side (issue 13):
// - the same place listed again (on another platform or twice on one), written another way: the name in
//   capitals or abbreviated, the street abbreviated, the coordinates a few metres off, the phone the same;
// - a neighbour in the same building: the same address and spot, another business (name, phone, kind);
// - the same name in another town of the department.
// Every draw comes from the seed and the original centre's key, so the extras are as deterministic as the rest.
import type { Commune } from '../departments.js';
import { PLATFORMS, type CentreKind, type GeoPoint, type PlatformId } from '../domain.js';
import { withoutAccents } from '../text.js';
import { pointNear } from './geography.js';
import { pick, randomFor } from './random.js';
import type { WorldCentre } from './world.js';

/** Chances, per centre of the world, of each kind of extra listing. */
export const SAME_PLACE_AGAIN_SHARE = 0.04;
export const SAME_BUILDING_SHARE = 0.04;
export const SAME_NAME_ELSEWHERE_SHARE = 0.03;
/** How far a second platform's coordinates of one place stray: geocoding noise, well within 50 m. */
const SAME_PLACE_JITTER_KM = 0.025;

/** Whether a centre key is one of the extras made here (they come after every platform's own listings). */
export function isExtraCentreKey(key: string): boolean {
  return /-(again|building|elsewhere)$/.test(key);
}

/** A centre of the world listed once more. */
export interface ExtraListing {
  readonly centre: WorldCentre;
  readonly platform: PlatformId;
}

/** Another commune of the department for a centre, when there is one (Paris has no other). */
export type OtherTown = (
  centre: WorldCentre,
  random: () => number,
) => { commune: Commune; postalCode: string; location: GeoPoint } | null;

export function extraListings(seed: number, centres: readonly WorldCentre[], otherTown: OtherTown): ExtraListing[] {
  const extras: ExtraListing[] = [];
  for (const centre of centres) {
    const random = randomFor(seed, 'extra-listings', centre.key);
    const [again, building, elsewhere] = [random(), random(), random()];
    if (again < SAME_PLACE_AGAIN_SHARE)
      extras.push({ centre: samePlaceAgain(centre, random), platform: pick(random, PLATFORMS) });
    if (building < SAME_BUILDING_SHARE)
      extras.push({ centre: sameBuilding(centre, random), platform: pick(random, PLATFORMS) });
    if (elsewhere < SAME_NAME_ELSEWHERE_SHARE) {
      const town = otherTown(centre, random);
      if (town) extras.push({ centre: sameNameElsewhere(centre, town, random), platform: pick(random, PLATFORMS) });
    }
  }
  return extras;
}

const NAME_SPELLINGS: ReadonlyArray<(name: string) => string> = [
  (name) => withoutAccents(name).toUpperCase(),
  (name) => name.replace(' - ', ' ').replace('Centre de vaccination', 'Ctre vacc.'),
  (name) => name.replace(/-/g, ' ').replace('Pharmacie', 'PHARMACIE').replace('Cabinet médical', 'Cab. médical'),
];

const STREET_SPELLINGS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bAvenue\b/, 'av.'],
  [/\bBoulevard\b/, 'Bd'],
  [/\bRue\b/, 'R.'],
  [/\bPlace\b/, 'Pl.'],
  [/\bAllée\b/, 'All.'],
  [/\bGénéral\b/, 'Gal'],
];

function samePlaceAgain(centre: WorldCentre, random: () => number): WorldCentre {
  const street = STREET_SPELLINGS.reduce(
    (text, [word, short]) => (random() < 0.7 ? text.replace(word, short) : text),
    centre.street,
  );
  return {
    ...centre,
    key: `${centre.key}-again`,
    samePlaceAs: centre.key,
    name: pick(random, NAME_SPELLINGS)(centre.name),
    street: random() < 0.5 ? street : withoutAccents(street).toUpperCase(),
    location: pointNear(centre.location, SAME_PLACE_JITTER_KM, random),
  };
}

const OTHER_SURNAMES = [
  'Lemoine',
  'Perrin',
  'Chevalier',
  'Gauthier',
  'Masson',
  'Marchand',
  'Duval',
  'Denis',
  'Dumont',
  'Brun',
];

function sameBuilding(centre: WorldCentre, random: () => number): WorldCentre {
  // A business of another kind and surnames no original centre has, so its name shares nothing distinctive.
  const kind: CentreKind =
    centre.kind === 'drugstore' ? (random() < 0.5 ? 'vaccination-center' : 'general-practitioner') : 'drugstore';
  const surname = pick(random, OTHER_SURNAMES);
  const name =
    kind === 'vaccination-center'
      ? `Centre de vaccination ${centre.commune.name} - Maison de santé ${surname}`
      : kind === 'drugstore'
        ? `Pharmacie ${surname}`
        : `Cabinet médical du Dr ${String.fromCharCode(65 + Math.floor(random() * 26))}. ${surname}`;
  return { ...centre, key: `${centre.key}-building`, kind, name, phone: otherPhone(centre.phone, random) };
}

function sameNameElsewhere(
  centre: WorldCentre,
  town: { commune: Commune; postalCode: string; location: GeoPoint },
  random: () => number,
): WorldCentre {
  return {
    ...centre,
    key: `${centre.key}-elsewhere`,
    commune: town.commune,
    postalCode: town.postalCode,
    location: town.location,
    street: `${1 + Math.floor(random() * 120)} Rue de la Gare`,
    phone: otherPhone(centre.phone, random),
  };
}

function otherPhone(phone: string, random: () => number): string {
  for (;;) {
    const candidate = `0${1 + Math.floor(random() * 5)}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
    if (candidate !== phone) return candidate;
  }
}
