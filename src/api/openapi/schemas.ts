// JSON Schemas (2020-12, as OpenAPI 3.1 uses) of every answer body. Objects are closed
// (additionalProperties: false), so a field added to an answer without being documented fails the test
// that validates real responses against this document.
import { CENTRE_KINDS, PLATFORM_LABELS, PLATFORMS, VACCINES } from '../../domain.js';
import { DOSE_KEYS } from '../../aggregator/read/stats.js';
import { DAILY_TAGS } from '../../aggregator/open-data/slots.js';

export type Schema = Record<string, unknown>;

export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const nullable = (schema: Schema): Schema => ({ anyOf: [schema, { type: 'null' }] });
const string: Schema = { type: 'string' };
const nullableString: Schema = { type: ['string', 'null'] };
const int: Schema = { type: 'integer', minimum: 0 };
const number: Schema = { type: 'number' };
const dateTime: Schema = { type: 'string', format: 'date-time' };
const nullableDateTime: Schema = nullable(dateTime);
const date: Schema = { type: 'string', format: 'date' };
const arrayOf = (items: Schema): Schema => ({ type: 'array', items });
const mapOf = (values: Schema): Schema => ({ type: 'object', additionalProperties: values });

/** A closed object; every property required except those named in `optional`. */
export function object(properties: Record<string, Schema>, optional: readonly string[] = [], description?: string): Schema {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    properties,
    required: Object.keys(properties).filter((name) => !optional.includes(name)),
    additionalProperties: false,
  };
}

const location = nullable(object({ latitude: number, longitude: number }));
const slotBrief = object({ start: dateTime, vaccine: ref('Vaccine'), doses: arrayOf(ref('Dose')) });
const groupFigures = object({ centres: int, centres_with_slots: int, slots: int });
const group = (keys: readonly string[]) => object(Object.fromEntries(keys.map((key) => [key, ref('GroupFigures')])));
const counts = (keys: readonly string[]) => object(Object.fromEntries(keys.map((key) => [key, int])));
const openDataCentre = object({
  departement: string,
  nom: string,
  url: string,
  location: nullable(object({ longitude: number, latitude: number, city: nullableString, cp: nullableString })),
  metadata: object({ address: string, business_hours: nullable(mapOf(nullableString)), phone_number: string }, ['phone_number']),
  prochain_rdv: nullableDateTime,
  plateforme: { enum: Object.values(PLATFORM_LABELS) },
  type: { enum: [...CENTRE_KINDS] },
  appointment_count: int,
  internal_id: string,
  vaccine_type: arrayOf(string),
  appointment_by_phone_only: { const: false },
  erreur: { type: 'null' },
  last_scan_with_availabilities: { type: 'null' },
  request_counts: { type: 'null' },
  atlas_gid: { type: ['integer', 'null'] },
});
const groupSeries = object({ disponible: arrayOf(int), total: arrayOf(int), creneaux: arrayOf(int) });
const departmentStats = object({ disponibles: int, indisponibles: int, creneaux: int, total: int });

/** Who and where a centre is: the fields every answer that shows a centre has (views.ts, centreIdentity). */
const centreIdentity = {
  id: string,
  name: string,
  platform: ref('Platform'),
  kind: { enum: [...CENTRE_KINDS] },
  department: nullableString,
  booking_url: string,
  address: string,
  postal_code: nullableString,
  city: nullableString,
  location,
};

export const SCHEMAS: Record<string, Schema> = {
  Error: object({ error: object({ code: { type: 'string', pattern: '^[a-z_]+$' }, message: string }) }, [], 'Every error: a stable code and a human message.'),
  Vaccine: { enum: [...VACCINES] },
  Dose: { enum: [1, 2, 3, '1_kid'], description: 'First, second, booster dose, or a child\'s first dose.' },
  Platform: { enum: [...PLATFORMS] },
  Health: object({ status: { const: 'ok' } }),
  DepartmentOverview: object({ code: string, name: string, centre_count: int, centres_with_slots: int, soonest_slot: nullableDateTime }),
  Departments: object({ departments: arrayOf(ref('DepartmentOverview')) }),
  CentreSummary: object(
    {
      ...centreIdentity,
      phone: nullableString,
      soonest_slot: nullableDateTime,
      slot_count: int,
      next_slots: { ...arrayOf(slotBrief), maxItems: 5 },
      vaccines: arrayOf(ref('Vaccine')),
      days: { ...arrayOf(object({ date: { type: 'string', format: 'date' }, slot_count: int })), description: 'Slot counts per Paris calendar day, for the days with slots.' },
      last_checked_at: nullableDateTime,
      last_success_at: nullableDateTime,
      stale: { type: 'boolean', description: 'No scan succeeded within the freshness limit: its slots are not offered unless include_stale=true.' },
      distance_km: { ...number, minimum: 0, description: 'Present when lat and lon were given and the centre has coordinates.' },
      sources: {
        ...arrayOf(
          object({ platform: ref('Platform'), center_id: string, booking_url: string, soonest_slot: nullableDateTime, slot_count: int, stale: { type: 'boolean' } }),
        ),
        minItems: 1,
        description: 'Every listing of this place (one entry per place, however many platforms list it), its own first.',
      },
    },
    ['distance_km'],
  ),
  DepartmentCentres: object({ department: object({ code: string, name: string }), centers: arrayOf(ref('CentreSummary')) }),
  SlotHit: object(
    {
      start: dateTime,
      vaccine: ref('Vaccine'),
      doses: arrayOf(ref('Dose')),
      center: object({ ...centreIdentity, stale: { type: 'boolean' } }),
      distance_km: { ...number, minimum: 0 },
    },
    ['distance_km'],
  ),
  SlotPage: object({
    slots: arrayOf(ref('SlotHit')),
    next_cursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last page.' },
  }),
  CentreDetail: object({
    center: object({
      ...centreIdentity,
      insee: nullableString,
      phone: nullableString,
      business_hours: nullable(mapOf(nullableString)),
    }),
    freshness: object({
      last_checked_at: nullableDateTime,
      last_success_at: nullableDateTime,
      age_seconds: { type: ['integer', 'null'], minimum: 0 },
      stale: { type: 'boolean' },
      last_issue: nullableString,
    }),
    soonest_slot: nullableDateTime,
    slot_count: int,
    days: arrayOf(object({ date, slot_count: int, slots: arrayOf(slotBrief) })),
    sources: arrayOf(
      object({ id: string, platform: ref('Platform'), booking_url: string, last_success_at: nullableDateTime, stale: { type: 'boolean' }, soonest_slot: nullableDateTime, slot_count: int }),
    ),
  }),
  GroupFigures: groupFigures,
  Figures: object({
    centres: int,
    centres_with_slots: int,
    slots: int,
    stale_centres: int,
    slots_next_days: counts(['1', '2', '7', '28']),
    slots_by_vaccine: counts(VACCINES),
    slots_by_dose: counts(DOSE_KEYS),
    by_platform: group(PLATFORMS),
    by_kind: group(CENTRE_KINDS),
  }),
  Stats: object({
    generated_at: dateTime,
    national: ref('Figures'),
    departments: arrayOf(object({ code: string, name: string, figures: ref('Figures') })),
  }),
  StatsHistory: object({
    granularity: { enum: ['hour', 'day'] },
    scope: object({ code: string, name: string }),
    columns: arrayOf(string),
    points: arrayOf(object({ at: dateTime, samples: { type: 'integer', minimum: 1 }, figures: mapOf(number) })),
  }),
  PlatformStatuses: object({
    platforms: arrayOf(
      object({
        platform: ref('Platform'),
        label: string,
        enabled: { type: 'boolean' },
        breaker: nullable(object({ state: { enum: ['closed', 'open', 'half-open'] }, since: dateTime, reason: nullableString, openings: int, recoveries: int })),
        last_successful_cycle: nullableDateTime,
        last_cycle: nullable(object({ started_at: dateTime, centres: int, issues: int, slots: int, error: nullableString })),
        last_error: nullable(object({ at: dateTime, message: string })),
        last_discovery: nullable(object({ started_at: dateTime, centres: int, verdict: { enum: ['accepted', 'held', 'failed'] }, error: nullableString })),
        error_rate: nullable({ type: 'number', minimum: 0, maximum: 1 }),
        error_rate_cycles: int,
        centres: int,
        centres_with_data: int,
        centres_stale: int,
        centres_with_slots: int,
        slots: int,
        data_age_seconds: nullable(object({ p50: int, p95: int })),
        item_issues: object({ total: int, by_kind: mapOf(object({ count: int, last_message: string, last_at: dateTime })) }),
      }),
    ),
  }),
  AdminPlatforms: object({ platforms: arrayOf(object({ platform: ref('Platform'), paused: { type: 'boolean' }, running: { type: 'boolean' } })) }),
  AdminScan: object({ platforms: arrayOf(object({ platform: ref('Platform'), state: { enum: ['started', 'already-running', 'paused'] } })) }),
  AdminPause: object({ platform: ref('Platform'), paused: { type: 'boolean' } }),
  OdDepartements: arrayOf(object({ code_departement: string, nom_departement: string, code_region: number, nom_region: string })),
  OdCentre: openDataCentre,
  OdCentres: object({
    version: { const: 1 },
    last_updated: dateTime,
    centres_disponibles: arrayOf(ref('OdCentre')),
    centres_indisponibles: arrayOf(ref('OdCentre')),
  }),
  OdCreneauxQuotidiens: object({
    departement: string,
    creneaux_quotidiens: arrayOf(
      object({
        date,
        total: int,
        creneaux_par_lieu: arrayOf(object({ lieu: string, creneaux_par_tag: arrayOf(object({ tag: { enum: [...DAILY_TAGS] }, creneaux: int })) })),
      }),
    ),
  }),
  OdCentresList: arrayOf(object({ departement: string, plateforme: string, nom: string, url: string })),
  OdStats: {
    type: 'object',
    properties: { tout_departement: object({ disponibles: int, total: int, creneaux: int }) },
    required: ['tout_departement'],
    additionalProperties: departmentStats,
  },
  OdStatsByDate: object({ dates: arrayOf(string), total_centres_disponibles: arrayOf(int), total_centres: arrayOf(int), total_appointments: arrayOf(int) }),
  OdStatsByDateDep: object({
    dates: arrayOf(string),
    dep_centres_disponibles: mapOf(arrayOf(int)),
    dep_centres: mapOf(arrayOf(int)),
    dep_appointments: mapOf(arrayOf(int)),
  }),
  OdStatsCenterTypes: object({ dates: arrayOf(string), plateformes: mapOf(groupSeries), center_types: mapOf(groupSeries) }),
  OdStatsByVaccine: mapOf(int),
};
