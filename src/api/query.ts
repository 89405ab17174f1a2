// Query strings are outside input: each parameter is validated here, and anything else than one plain,
// reasonably short value per known name is refused with a message that says which parameter and why.
import { z } from 'zod';
import type { Granularity } from '../aggregator/store/history-store.js';
import { NATIONAL_SCOPE } from '../aggregator/store/history-store.js';
import { decodeCursor, MAX_PAGE_SIZE, type SlotCursor } from '../aggregator/read/search.js';
import type { SearchFilter, SlotFilter } from '../aggregator/read/views.js';
import { communesOfPostalCode, findCommune, findDepartment } from '../departments.js';
import { DOSES, PLATFORMS, VACCINES, type Dose, type PlatformId, type Vaccine } from '../domain.js';
import { addDaysToDate, parisMidnight, parseCallerDateTime } from '../time.js';
import { ApiError } from './errors.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/**
 * The years a date parameter may name. Slots live days ahead and the history a few years back: anything
 * outside is a mistake, and refusing it keeps every date sum (a `to` date plus one day) inside what the date
 * library can represent.
 */
export const DATE_YEARS = { first: 2000, last: 2099 } as const;
const DECIMAL = /^-?\d{1,3}(\.\d{1,12})?$/;
const MAX_VALUE_LENGTH = 200;
const MAX_PARAMETERS = 20;
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_RADIUS_KM = 500;

const DATE_OR_TIME = /^\d{4}-\d{2}-\d{2}(T.*)?$/;
const DATE_OR_TIME_MESSAGE = 'must be a date (YYYY-MM-DD) or a date-time (YYYY-MM-DDTHH:MM[:SS][offset])';

/**
 * Every query parameter of the API, validated and described in one place: the OpenAPI document's parameters
 * are generated from these (their output side, as a caller reads them), descriptions included.
 */
export const QUERY_PARAMETERS = {
  vaccine: z
    .enum(VACCINES.filter((vaccine) => vaccine !== 'unknown') as [Vaccine, ...Vaccine[]])
    .describe('Only slots of this vaccine.'),
  dose: z
    .enum(DOSES.map(String) as [string, ...string[]])
    .describe("Only slots bookable for this dose (1, 2, 3 = booster, 1_kid = a child's first dose)."),
  from: z
    .string()
    .regex(DATE_OR_TIME, DATE_OR_TIME_MESSAGE)
    .describe('Slots from this date (00:00 Paris) or date-time (an offset-less time is Paris time), inclusive.'),
  to: z
    .string()
    .regex(DATE_OR_TIME, DATE_OR_TIME_MESSAGE)
    .describe('Slots up to this date (inclusive, to its end, Paris) or date-time (exclusive). Must be after `from`.'),
  include_stale: z
    .enum(['true', 'false'])
    .describe('Also offer the last known slots of stale centres (flagged `stale`).'),
  department: z
    .string()
    .regex(/^(\d{2,3}|2[AB]|om)$/, 'must be a department code (01, 2A, 971, om...)')
    .meta({ description: 'A department code of departements.json.', examples: ['75', '2A', '971', 'om'] }),
  commune: z
    .string()
    .regex(/^(\d{5}|2[AB]\d{3})$/, 'must be an INSEE commune code (5 characters)')
    .describe('An INSEE commune code.'),
  postal_code: z
    .string()
    .regex(/^\d{5}$/, 'must be a 5-digit postal code')
    .describe('A postal code: centres with it, or in a commune it serves.'),
  lat: z
    .string()
    .regex(DECIMAL, 'must be a decimal number')
    .transform(Number)
    .pipe(z.number().min(-90, 'must be between -90 and 90').max(90, 'must be between -90 and 90'))
    .describe('Latitude of the caller (WGS 84); with `lon`. Answers then carry `distance_km`.'),
  lon: z
    .string()
    .regex(DECIMAL, 'must be a decimal number')
    .transform(Number)
    .pipe(z.number().min(-180, 'must be between -180 and 180').max(180, 'must be between -180 and 180'))
    .describe('Longitude of the caller (WGS 84); with `lat`.'),
  radius_km: z
    .string()
    .regex(DECIMAL, 'must be a decimal number')
    .transform(Number)
    .pipe(
      z
        .number()
        .gt(0, `must be more than 0 and at most ${MAX_RADIUS_KM}`)
        .max(MAX_RADIUS_KM, `must be more than 0 and at most ${MAX_RADIUS_KM}`),
    )
    .describe('Only centres within this great-circle distance of (lat, lon); needs both.'),
  platform: z
    .enum(PLATFORMS as unknown as [PlatformId, ...PlatformId[]])
    .describe('Only centres listed on this platform.'),
  limit: z
    .string()
    .regex(/^\d{1,4}$/, 'must be a whole number')
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(1, `must be between 1 and ${MAX_PAGE_SIZE}`)
        .max(MAX_PAGE_SIZE, `must be between 1 and ${MAX_PAGE_SIZE}`),
    )
    .meta({ description: 'Slots per page.', default: DEFAULT_PAGE_SIZE }),
  cursor: z.string().describe('The `next_cursor` of the previous page.'),
  granularity: z
    .enum(['hour', 'day'])
    .meta({ description: 'Hourly points (recent days) or daily points (longer).', default: 'hour' }),
  discovery: z.enum(['true', 'false']).describe('Discover centres again before scanning.'),
  format: z.enum(['json', 'csv']).describe('The answer format (also: a `.csv` path, or `Accept: text/csv`).'),
} as const;

const PARAMETERS = QUERY_PARAMETERS;

export type ParameterName = keyof typeof PARAMETERS;
type Parsed<N extends ParameterName> = { [K in N]?: z.output<(typeof PARAMETERS)[K]> };

/** Every value must be a single, short string: `?dose=1&dose=2` or `?dose[a]=1` is a client mistake, not a list. */
export function singleValues(query: Record<string, unknown>): Record<string, string> {
  const entries = Object.entries(query);
  if (entries.length > MAX_PARAMETERS)
    throw new ApiError(400, 'too_many_parameters', `at most ${MAX_PARAMETERS} parameters`);
  const values: Record<string, string> = {};
  for (const [name, value] of entries) {
    const shownName = name.length > 40 ? `${name.slice(0, 40)}…` : name;
    if (typeof value !== 'string') throw new ApiError(400, 'invalid_parameter', `${shownName}: give one value`);
    if (value.length > MAX_VALUE_LENGTH || name.length > 40)
      throw new ApiError(400, 'parameter_too_long', `${shownName}: at most ${MAX_VALUE_LENGTH} characters`);
    values[name] = value;
  }
  return values;
}

/** Validates the query against the named parameters; any other name is refused. */
/**
 * Building a zod object schema costs far more than using one (hundreds of microseconds against a few): each
 * route's parameter list is compiled once, not on every request of a rush.
 */
const compiledSchemas = new Map<string, z.ZodType>();

function schemaOf(names: readonly ParameterName[]): z.ZodType {
  const key = names.join(',');
  let schema = compiledSchemas.get(key);
  if (!schema) {
    schema = z.object(Object.fromEntries(names.map((name) => [name, PARAMETERS[name].optional()]))).strict();
    compiledSchemas.set(key, schema);
  }
  return schema;
}

export function parseParameters<N extends ParameterName>(
  query: Record<string, unknown>,
  names: readonly N[],
): Parsed<N> {
  const result = schemaOf(names).safeParse(singleValues(query));
  if (result.success) return result.data as Parsed<N>;
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const name = issue.keys[0]!;
    throw new ApiError(400, 'unknown_parameter', `${name}: unknown parameter (known: ${names.join(', ')})`);
  }
  throw new ApiError(400, 'invalid_parameter', `${issue.path.join('.')}: ${issue.message}`);
}

/** Every accepted date or date-time starts with its four-digit year (the schema's pattern). */
function checkYear(text: string, name: string): void {
  const year = Number(text.slice(0, 4));
  if (year < DATE_YEARS.first || year > DATE_YEARS.last) {
    const range = `${DATE_YEARS.first}-01-01 to ${DATE_YEARS.last}-12-31`;
    throw new ApiError(400, 'invalid_parameter', `${name}: ${text.slice(0, 40)} is out of range (${range})`);
  }
}

/** `from` as an instant: a date means 00:00 Paris; a date-time without offset is Paris time. */
function fromBound(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  checkYear(text, name);
  const instant = DATE.test(text) ? parisMidnight(text) : parseCallerDateTime(text);
  if (!instant)
    throw new ApiError(
      400,
      'invalid_parameter',
      `${name}: ${text} is not a ${DATE.test(text) ? 'calendar date' : 'valid date-time'}`,
    );
  return instant.getTime();
}

/** `to` as an exclusive instant: a date is inclusive (up to its end), a date-time is the end itself. */
function toBound(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  checkYear(text, 'to');
  if (DATE.test(text)) {
    if (!parisMidnight(text)) throw new ApiError(400, 'invalid_parameter', `to: ${text} is not a calendar date`);
    return parisMidnight(addDaysToDate(text, 1))!.getTime();
  }
  return fromBound(text, 'to');
}

function slotFilterOf(values: Parsed<'vaccine' | 'dose' | 'from' | 'to' | 'include_stale'>): SlotFilter {
  const from = fromBound(values.from, 'from');
  const to = toBound(values.to);
  if (from !== undefined && to !== undefined && from >= to)
    throw new ApiError(400, 'invalid_parameter', 'from: must not be after to');
  return {
    ...(values.vaccine ? { vaccine: values.vaccine } : {}),
    ...(values.dose ? { dose: (values.dose === '1_kid' ? values.dose : Number(values.dose)) as Dose } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(values.include_stale === 'true' ? { includeStale: true } : {}),
  };
}

export const SLOT_PARAMETERS = ['vaccine', 'dose', 'from', 'to', 'include_stale'] as const;
export const PLACE_PARAMETERS = ['commune', 'postal_code', 'lat', 'lon', 'radius_km', 'platform'] as const;

/** `vaccine`, `dose`, `from`, `to` (Paris dates or date-times; a `to` date is inclusive), `include_stale`. */
export function parseSlotFilter(query: Record<string, unknown>): SlotFilter {
  return slotFilterOf(parseParameters(query, SLOT_PARAMETERS));
}

export interface SearchQuery {
  readonly filter: SearchFilter;
  readonly limit: number;
  readonly after?: SlotCursor;
}

/**
 * The filters of a search. `withDepartment` and `withPaging` say whether the route takes `department`
 * (not when the department is in the path) and `limit`/`cursor`.
 */
export function parseSearchQuery(
  query: Record<string, unknown>,
  options: { withDepartment: boolean; withPaging: boolean },
): SearchQuery {
  const names: ParameterName[] = [...SLOT_PARAMETERS, ...PLACE_PARAMETERS];
  if (options.withDepartment) names.push('department');
  if (options.withPaging) names.push('limit', 'cursor');
  const values = parseParameters(query, names) as Parsed<ParameterName>;
  const filter: SearchFilter = { ...slotFilterOf(values), ...placeOf(values) };
  const after = values.cursor === undefined ? undefined : decodeCursor(values.cursor);
  if (after === null)
    throw new ApiError(400, 'invalid_cursor', 'cursor: not a cursor this API gave out; start again without it');
  return { filter, limit: values.limit ?? DEFAULT_PAGE_SIZE, ...(after ? { after } : {}) };
}

function placeOf(values: Parsed<ParameterName>): SearchFilter {
  if (values.department !== undefined && !findDepartment(values.department)) {
    throw new ApiError(400, 'unknown_department', `department: no department with code "${values.department}"`);
  }
  if (values.commune !== undefined && !findCommune(values.commune)) {
    throw new ApiError(400, 'unknown_commune', `commune: no commune with INSEE code "${values.commune}"`);
  }
  if (values.postal_code !== undefined && communesOfPostalCode(values.postal_code).length === 0) {
    throw new ApiError(400, 'unknown_postal_code', `postal_code: no commune has postal code "${values.postal_code}"`);
  }
  if ((values.lat === undefined) !== (values.lon === undefined))
    throw new ApiError(400, 'invalid_parameter', 'lat, lon: give both or neither');
  if (values.radius_km !== undefined && values.lat === undefined)
    throw new ApiError(400, 'invalid_parameter', 'radius_km: needs lat and lon');
  return {
    ...(values.department !== undefined ? { department: values.department } : {}),
    ...(values.commune !== undefined ? { commune: values.commune } : {}),
    ...(values.postal_code !== undefined ? { postalCode: values.postal_code } : {}),
    ...(values.platform !== undefined ? { platform: values.platform } : {}),
    ...(values.lat !== undefined && values.lon !== undefined
      ? {
          near: {
            latitude: values.lat,
            longitude: values.lon,
            ...(values.radius_km !== undefined ? { radiusKm: values.radius_km } : {}),
          },
        }
      : {}),
  };
}

export interface HistoryQuery {
  readonly granularity: Granularity;
  /** `FR` or a department code. */
  readonly scope: string;
  readonly from?: number;
  readonly to?: number;
}

export const HISTORY_PARAMETERS = ['granularity', 'department', 'from', 'to'] as const;

/** `granularity` (hour, day), `department` (national when absent), `from`, `to`. */
export function parseHistoryQuery(query: Record<string, unknown>): HistoryQuery {
  const values = parseParameters(query, HISTORY_PARAMETERS);
  return { granularity: values.granularity ?? 'hour', ...scopeAndRange(values) };
}

export interface SlotHistoryQuery {
  /** `FR` or a department code (the daily figures only; `FR` for a centre's history). */
  readonly scope: string;
  readonly from?: number;
  readonly to?: number;
  readonly format?: 'json' | 'csv';
}

export const CENTER_HISTORY_PARAMETERS = ['from', 'to', 'format'] as const;
export const DAILY_PARAMETERS = ['department', 'from', 'to', 'format'] as const;

/** A centre's slot history (`from`, `to`, `format`), or the daily figures (and `department`). */
export function parseSlotHistoryQuery(query: Record<string, unknown>, withDepartment: boolean): SlotHistoryQuery {
  const values: Parsed<(typeof DAILY_PARAMETERS)[number]> = parseParameters(
    query,
    withDepartment ? DAILY_PARAMETERS : CENTER_HISTORY_PARAMETERS,
  );
  return { ...scopeAndRange(values), ...(values.format ? { format: values.format } : {}) };
}

function scopeAndRange(values: Parsed<'department' | 'from' | 'to'>): { scope: string; from?: number; to?: number } {
  if (values.department !== undefined && !findDepartment(values.department)) {
    throw new ApiError(400, 'unknown_department', `department: no department with code "${values.department}"`);
  }
  const from = fromBound(values.from, 'from');
  const to = toBound(values.to);
  if (from !== undefined && to !== undefined && from >= to)
    throw new ApiError(400, 'invalid_parameter', 'from: must not be after to');
  return {
    scope: values.department ?? NATIONAL_SCOPE,
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
  };
}

/** For routes that take no parameter at all: a typo should not pass silently. */
export function parseNoParameters(query: Record<string, unknown>): void {
  parseParameters(query, []);
}
