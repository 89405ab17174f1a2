// Whether two listings are one physical place. Pure, and deliberately strict: a false merge hides a centre
// (its slots shown under another's name), a miss only shows a place twice.
//
// The rule:
// - never across departments, postal codes or towns;
// - the two must stand together: within SAME_PLACE_KM when both have coordinates, otherwise at the same
//   normalised street address;
// - and there must be evidence it is the same business, not a neighbour in the same building (a pharmacy
//   and a vaccination centre share an address): the same phone, or similar names. A similar name alone, far
//   apart or in another town, is never enough.
import type { GeoPoint } from '../../../domain.js';
import { distanceKm } from '../../../geo.js';
import { nameTokens, normalisePhone, normaliseStreet, tokenSimilarity } from './normalise.js';

/** Coordinates of one place from two platforms differ by geocoding noise: a few tens of metres. */
export const SAME_PLACE_KM = 0.05;
/** Share of distinctive name words two listings must have in common (Jaccard). */
export const NAME_SIMILARITY = 0.6;
/** At the very same street address, a lower share will do ("Pharmacie Martin" and "Pharmacie Martin-Dubois"). */
export const NAME_SIMILARITY_SAME_ADDRESS = 0.5;

/** What matching reads of a listing. */
export interface PlaceFacts {
  readonly name: string;
  readonly address: string;
  readonly postalCode: string | null;
  readonly city: string | null;
  readonly department: string | null;
  readonly location: GeoPoint | null;
  readonly phone: string | null;
}

/** A listing's facts in compared form, computed once per listing, not once per pair. */
export interface PlaceKey {
  readonly department: string | null;
  readonly postalCode: string | null;
  /** Compared as a prefix: one platform writes "Paris", another "Paris 15e arrondissement". */
  readonly town: string | null;
  readonly street: string;
  readonly location: GeoPoint | null;
  readonly phone: string | null;
  readonly name: ReadonlySet<string>;
}

export function placeKey(facts: PlaceFacts): PlaceKey {
  return {
    department: facts.department,
    postalCode: facts.postalCode,
    town: facts.city ? normaliseStreet(facts.city) : null,
    street: normaliseStreet(facts.address),
    location: facts.location,
    phone: normalisePhone(facts.phone),
    name: nameTokens(facts.name, facts.city),
  };
}

/** Why two listings are one place, or null when they are not. */
export type SamePlaceReason = 'phone' | 'name' | 'name-and-address';

export function samePlaceReason(a: PlaceKey, b: PlaceKey): SamePlaceReason | null {
  if (a.department === null || a.department !== b.department) return null;
  if (a.postalCode !== null && b.postalCode !== null && a.postalCode !== b.postalCode) return null;
  if (a.town !== null && b.town !== null && !a.town.startsWith(b.town) && !b.town.startsWith(a.town)) return null;
  const sameStreet = a.street.length > 0 && a.street === b.street;
  const together = a.location && b.location ? distanceKm(a.location, b.location) <= SAME_PLACE_KM : sameStreet;
  if (!together) return null;
  if (a.phone !== null && a.phone === b.phone) return 'phone';
  const similarity = tokenSimilarity(a.name, b.name);
  if (similarity >= NAME_SIMILARITY) return 'name';
  if (sameStreet && similarity >= NAME_SIMILARITY_SAME_ADDRESS) return 'name-and-address';
  return null;
}

export function isSamePlace(a: PlaceFacts, b: PlaceFacts): boolean {
  return samePlaceReason(placeKey(a), placeKey(b)) !== null;
}
