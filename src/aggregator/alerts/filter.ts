// What a subscription listens to: one department, optionally narrowed by vaccine, dose, or a radius around a
// point. Parsed once at the edge (query string or JSON body) into this shape; matching is pure.
import { z } from 'zod';
import { DEPARTMENTS } from '../../departments.js';
import { DOSES, VACCINES, type Dose, type Vaccine } from '../../domain.js';
import { distanceKm } from '../../geo.js';

export interface AlertFilter {
  readonly department: string;
  readonly vaccine?: Vaccine;
  readonly dose?: Dose;
  readonly near?: { readonly latitude: number; readonly longitude: number; readonly radiusKm: number };
}

const DEPARTMENT_CODES = new Set(DEPARTMENTS.map((department) => department.code));

/** Each field of a filter, as the query string and the subscription body give it (the OpenAPI parameters too). */
export const ALERT_FILTER_FIELDS = {
  department: z
    .string()
    .refine((code) => DEPARTMENT_CODES.has(code), 'is not a department code')
    .meta({ description: 'The department listened to.', examples: ['69', '2A', '971'] }),
  vaccine: z.enum(VACCINES).describe('Only slots of this vaccine.'),
  dose: z
    .enum(DOSES.map(String) as [string, ...string[]])
    .describe('Only slots bookable for this dose (1, 2, 3, 1_kid).'),
  lat: z.coerce.number().min(-90).max(90).describe('Latitude of the point (WGS 84); with `lon` and `radius_km`.'),
  lon: z.coerce.number().min(-180).max(180).describe('Longitude of the point (WGS 84); with `lat` and `radius_km`.'),
  radius_km: z.coerce.number().positive().max(200).describe('Only centres within this distance of (lat, lon).'),
};

/** The flat form of the query string and of the subscription body. */
export const alertFilterInput = z
  .object({
    department: ALERT_FILTER_FIELDS.department,
    vaccine: ALERT_FILTER_FIELDS.vaccine.optional(),
    dose: ALERT_FILTER_FIELDS.dose.optional(),
    lat: ALERT_FILTER_FIELDS.lat.optional(),
    lon: ALERT_FILTER_FIELDS.lon.optional(),
    radius_km: ALERT_FILTER_FIELDS.radius_km.optional(),
  })
  .strict()
  .refine(
    (input) =>
      [input.lat, input.lon, input.radius_km].every((value) => value === undefined) ||
      [input.lat, input.lon, input.radius_km].every((value) => value !== undefined),
    {
      message: 'lat, lon and radius_km go together',
    },
  );

export type AlertFilterInput = z.infer<typeof alertFilterInput>;

export function toFilter(input: AlertFilterInput): AlertFilter {
  return {
    department: input.department,
    ...(input.vaccine ? { vaccine: input.vaccine } : {}),
    ...(input.dose ? { dose: (input.dose === '1_kid' ? '1_kid' : Number(input.dose)) as Dose } : {}),
    ...(input.radius_km !== undefined
      ? { near: { latitude: input.lat!, longitude: input.lon!, radiusKm: input.radius_km } }
      : {}),
  };
}

/** Back to the flat form (stored as JSON, echoed in answers and events). */
export function filterInputOf(filter: AlertFilter): AlertFilterInput {
  return {
    department: filter.department,
    ...(filter.vaccine ? { vaccine: filter.vaccine } : {}),
    ...(filter.dose !== undefined ? { dose: String(filter.dose) } : {}),
    ...(filter.near ? { lat: filter.near.latitude, lon: filter.near.longitude, radius_km: filter.near.radiusKm } : {}),
  };
}

/** Equal filters have equal keys: subscriptions that listen to the same thing share one evaluation. */
export function filterKey(filter: AlertFilter): string {
  const near = filter.near ? `${filter.near.latitude},${filter.near.longitude},${filter.near.radiusKm}` : '';
  return `${filter.department}|${filter.vaccine ?? ''}|${filter.dose ?? ''}|${near}`;
}

/** One kind of free slot at one centre of a department: what availability is computed from. */
export interface OfferRow {
  readonly centreId: string;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly vaccine: string;
  /** Comma-separated doses, as the slots table keeps them (`1,2`). */
  readonly dosesKey: string;
}

export function matches(filter: AlertFilter, row: OfferRow): boolean {
  if (filter.vaccine && row.vaccine !== filter.vaccine) return false;
  if (filter.dose !== undefined && !row.dosesKey.split(',').includes(String(filter.dose))) return false;
  if (filter.near) {
    if (row.latitude === null || row.longitude === null) return false;
    if (distanceKm(filter.near, { latitude: row.latitude, longitude: row.longitude }) > filter.near.radiusKm)
      return false;
  }
  return true;
}

/** The centres of the department that offer a matching slot (empty: nothing for this filter). */
export function matchingCentres(filter: AlertFilter, rows: readonly OfferRow[]): string[] {
  const centres = new Set<string>();
  for (const row of rows) if (matches(filter, row)) centres.add(row.centreId);
  return [...centres];
}
