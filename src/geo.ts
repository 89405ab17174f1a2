// Distances on the Earth, shared by the read side ("near me", radius searches) and the sandbox's geography.
import type { GeoPoint } from './domain.js';

/** The mean Earth radius (IUGG). */
export const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance (haversine): the true distance the radius is about, not a box of degrees. */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const toRadians = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * toRadians;
  const dLon = (b.longitude - a.longitude) * toRadians;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * toRadians) * Math.cos(b.latitude * toRadians) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
