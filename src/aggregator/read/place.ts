// Where a caller looks: a department, a commune, a postal code, a platform, or a point and a radius. Pure,
// and shared by every search answer so "near me" means the same thing everywhere.
import { communesOfPostalCode } from '../../departments.js';
import type { GeoPoint, PlatformId } from '../../domain.js';
import { distanceKm } from '../../geo.js';

export interface Near {
  readonly latitude: number;
  readonly longitude: number;
  /** Without a radius the point only gives each answer its distance; with one it also filters. */
  readonly radiusKm?: number;
}

export interface PlaceFilter {
  readonly department?: string;
  /** INSEE commune code. */
  readonly commune?: string;
  readonly postalCode?: string;
  readonly platform?: PlatformId;
  readonly near?: Near;
}

interface Placed {
  readonly department: string | null;
  readonly insee: string | null;
  readonly postalCode: string | null;
  readonly platform: PlatformId;
  readonly location: GeoPoint | null;
}

/** The distance shown to callers: two decimals (10 m) is all a centre's coordinates are worth. */
export function roundedKm(km: number): number {
  return Math.round(km * 100) / 100;
}

/**
 * Whether a centre is inside the place. A postal code matches the centre's own postal code or any commune
 * the code serves, since platforms give one or the other. A radius excludes centres without coordinates:
 * "within 10 km" cannot be claimed for them.
 */
export function isInPlace(centre: Placed, place: PlaceFilter): boolean {
  if (place.department !== undefined && centre.department !== place.department) return false;
  if (place.platform !== undefined && centre.platform !== place.platform) return false;
  if (place.commune !== undefined && centre.insee !== place.commune) return false;
  if (place.postalCode !== undefined && centre.postalCode !== place.postalCode) {
    if (centre.insee === null || !communesOfPostalCode(place.postalCode).includes(centre.insee)) return false;
  }
  if (place.near?.radiusKm !== undefined) {
    if (!centre.location || distanceKm(place.near, centre.location) > place.near.radiusKm) return false;
  }
  return true;
}

/** Distance from the caller's point, when a point was given and the centre has coordinates. */
export function distanceFrom(centre: Pick<Placed, 'location'>, place: PlaceFilter): number | undefined {
  return place.near && centre.location ? roundedKm(distanceKm(place.near, centre.location)) : undefined;
}
