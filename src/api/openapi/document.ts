// The OpenAPI 3.1 document served at /api/openapi.json: every route, parameter, answer and error. A test
// validates real answers of every route against it and fails on a route it does not describe.
import { MAX_PAGE_SIZE } from '../../aggregator/read/search.js';
import { PLATFORMS, VACCINES } from '../../domain.js';
import { DEFAULT_PAGE_SIZE, MAX_RADIUS_KM } from '../query.js';
import { alertPaths } from './alerts.js';
import { ref, SCHEMAS, type Schema } from './schemas.js';

type Operation = Record<string, unknown>;

const query = (name: string, schema: Schema, description: string): Schema => ({ name, in: 'query', required: false, schema, description });
const path = (name: string, schema: Schema, description: string): Schema => ({ name, in: 'path', required: true, schema, description });
const param = (name: string): Schema => ({ $ref: `#/components/parameters/${name}` });
const answer = (name: string): Schema => ({ $ref: `#/components/responses/${name}` });

const PARAMETERS: Record<string, Schema> = {
  vaccine: query('vaccine', { enum: VACCINES.filter((vaccine) => vaccine !== 'unknown') }, 'Only slots of this vaccine.'),
  dose: query('dose', { enum: ['1', '2', '3', '1_kid'] }, "Only slots bookable for this dose (1, 2, 3 = booster, 1_kid = a child's first dose)."),
  from: query('from', { type: 'string', maxLength: 200 }, 'Slots from this date (00:00 Paris) or date-time (an offset-less time is Paris time), inclusive.'),
  to: query('to', { type: 'string', maxLength: 200 }, 'Slots up to this date (inclusive, to its end, Paris) or date-time (exclusive). Must be after `from`.'),
  include_stale: query('include_stale', { enum: ['true', 'false'] }, 'Also offer the last known slots of stale centres (flagged `stale`).'),
  department: query('department', { type: 'string', examples: ['75', '2A', '971', 'om'] }, 'A department code of departements.json.'),
  commune: query('commune', { type: 'string', pattern: '^(\\d{5}|2[AB]\\d{3})$' }, 'An INSEE commune code.'),
  postal_code: query('postal_code', { type: 'string', pattern: '^\\d{5}$' }, 'A postal code: centres with it, or in a commune it serves.'),
  lat: query('lat', { type: 'number', minimum: -90, maximum: 90 }, 'Latitude of the caller (WGS 84); with `lon`. Answers then carry `distance_km`.'),
  lon: query('lon', { type: 'number', minimum: -180, maximum: 180 }, 'Longitude of the caller (WGS 84); with `lat`.'),
  radius_km: query('radius_km', { type: 'number', exclusiveMinimum: 0, maximum: MAX_RADIUS_KM }, 'Only centres within this great-circle distance of (lat, lon); needs both.'),
  platform: query('platform', { enum: [...PLATFORMS] }, 'Only centres listed on this platform.'),
  limit: query('limit', { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE }, 'Slots per page.'),
  cursor: query('cursor', { type: 'string' }, 'The `next_cursor` of the previous page.'),
  granularity: query('granularity', { enum: ['hour', 'day'], default: 'hour' }, 'Hourly points (recent days) or daily points (longer).'),
  historyDepartment: query('department', { type: 'string' }, 'A department code; national figures when absent.'),
  code: path('code', { type: 'string', examples: ['75', '2A', '971', 'om'] }, 'A department code of departements.json.'),
  id: path('id', { type: 'string' }, 'A centre id (the open-data internal_id), e.g. doctolib245141pid166627.'),
  adminPlatform: path('platform', { enum: [...PLATFORMS] }, 'A platform.'),
};

const CACHED_HEADERS = {
  ETag: { description: 'Strong validator; send it back in If-None-Match for a 304.', schema: { type: 'string' } },
  'Cache-Control': { description: 'public, max-age=30, stale-while-revalidate=60', schema: { type: 'string' } },
};

const RESPONSES: Record<string, Schema> = {
  NotModified: { description: 'The If-None-Match ETag is current: no body.', headers: CACHED_HEADERS },
  BadRequest: { description: 'A parameter is unknown, repeated, too long or invalid.', content: { 'application/json': { schema: ref('Error') } } },
  NotFound: { description: 'No such resource.', content: { 'application/json': { schema: ref('Error') } } },
  TooManyRequests: {
    description: 'This client sent too many requests; try again after Retry-After seconds.',
    headers: { 'Retry-After': { schema: { type: 'integer', minimum: 1 } } },
    content: { 'application/json': { schema: ref('Error') } },
  },
  Unauthorized: {
    description: 'Missing or wrong bearer token.',
    headers: { 'WWW-Authenticate': { schema: { type: 'string' } } },
    content: { 'application/json': { schema: ref('Error') } },
  },
  Conflict: { description: 'The platform is paused.', content: { 'application/json': { schema: ref('Error') } } },
};

function ok(schema: Schema, description: string, csv = false): Schema {
  return {
    description,
    headers: CACHED_HEADERS,
    content: { 'application/json': { schema }, ...(csv ? { 'text/csv': { schema: { type: 'string' } } } : {}) },
  };
}

/** A public, cached GET: 200, 304, 400 (unknown or bad parameters) and 429 always; 404 when it has a path parameter. */
function get(summary: string, tags: string[], parameters: string[], body: Schema, options: { notFound?: boolean; csv?: boolean } = {}): Operation {
  return {
    get: {
      summary,
      tags,
      parameters: parameters.map(param),
      responses: {
        '200': ok(body, summary, options.csv),
        '304': answer('NotModified'),
        '400': answer('BadRequest'),
        ...(options.notFound ? { '404': answer('NotFound') } : {}),
        '429': answer('TooManyRequests'),
      },
    },
  };
}

const SEARCH = ['vaccine', 'dose', 'from', 'to', 'include_stale', 'commune', 'postal_code', 'lat', 'lon', 'radius_km', 'platform'];

function openData(summary: string, body: Schema, withCode = false): Operation {
  const operation: Operation = {
    summary,
    tags: ['open data'],
    description: 'Field for field the Vitemadose open-data file of the same name (see README.md); query strings are ignored, as a static host would.',
    ...(withCode ? { parameters: [param('code')] } : {}),
    responses: { '200': ok(body, summary), '304': answer('NotModified'), ...(withCode ? { '404': answer('NotFound') } : {}), '429': answer('TooManyRequests') },
  };
  return { get: operation };
}

/** `notFound`: the operation names a platform, which may not be one this deployment schedules. */
function admin(summary: string, status: '200' | '202', body: Schema, parameters: Schema[], options: { notFound?: boolean; conflict?: boolean } = {}): Operation {
  return {
    summary,
    tags: ['admin'],
    security: [{ bearer: [] }],
    parameters,
    responses: {
      [status]: { description: summary, content: { 'application/json': { schema: body } } },
      '400': answer('BadRequest'),
      '401': answer('Unauthorized'),
      ...(options.notFound ? { '404': answer('NotFound') } : {}),
      ...(options.conflict ? { '409': answer('Conflict') } : {}),
      '429': answer('TooManyRequests'),
    },
  };
}

export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vaccination slots API',
      version: '1.0.0',
      description:
        'The soonest vaccination slots in France, their statistics and the Vitemadose open-data files. Times are true instants rendered in Europe/Paris. Every public GET is CORS-open and carries an ETag and Cache-Control for CDNs. Errors are `{ "error": { "code", "message" } }`.',
    },
    tags: [{ name: 'search' }, { name: 'statistics' }, { name: 'open data' }, { name: 'admin', description: 'Only when ADMIN_TOKEN is configured.' }, { name: 'alerts' }, { name: 'meta' }],
    paths: {
      '/': {
        get: {
          summary: 'A small web page: pick a department, vaccine and dose, see centres soonest first',
          tags: ['meta'],
          responses: { '200': { description: 'The page', content: { 'text/html': { schema: { type: 'string' } } } }, '429': answer('TooManyRequests') },
        },
      },
      '/healthz': { get: { summary: 'Liveness', tags: ['meta'], responses: { '200': { description: 'Alive', content: { 'application/json': { schema: ref('Health') } } }, '429': answer('TooManyRequests') } } },
      '/api/openapi.json': get('This document', ['meta'], [], { type: 'object' }),
      '/api/v1/departments': get('Every department: centres, centres with slots, soonest slot', ['search'], [], ref('Departments')),
      '/api/v1/departments/{code}/centers': get('A department\'s centres, soonest slot first', ['search'], ['code', ...SEARCH], ref('DepartmentCentres'), { notFound: true }),
      '/api/v1/slots': get('The soonest slots matching every filter given, soonest first, a page at a time', ['search'], [...SEARCH, 'department', 'limit', 'cursor'], ref('SlotPage')),
      '/api/v1/centers/{id}': get('One centre: upcoming slots by day, sources, freshness', ['search'], ['id', 'vaccine', 'dose', 'from', 'to', 'include_stale'], ref('CentreDetail'), { notFound: true }),
      '/api/v1/stats': get('National and per-department figures now (CSV with Accept: text/csv)', ['statistics'], [], ref('Stats'), { csv: true }),
      '/api/v1/stats.csv': csvOnly('National and per-department figures now, as CSV', []),
      '/api/v1/stats/history': get('Hourly or daily series of the figures (CSV with Accept: text/csv)', ['statistics'], ['granularity', 'historyDepartment', 'from', 'to'], ref('StatsHistory'), { csv: true }),
      '/api/v1/stats/history.csv': csvOnly('Hourly or daily series of the figures, as CSV', ['granularity', 'historyDepartment', 'from', 'to']),
      '/api/v1/platforms': get('Each platform: circuit breaker, last cycles and errors, centres, slots and data age', ['meta'], [], ref('PlatformStatuses')),
      '/vitemadose/departements.json': openData('departements.json', ref('OdDepartements')),
      '/vitemadose/info_centres.json': openData('info_centres.json', ref('OdCentres')),
      '/vitemadose/{code}.json': openData('{code}.json', ref('OdCentres'), true),
      '/vitemadose/{code}/creneaux-quotidiens.json': openData('{code}/creneaux-quotidiens.json', ref('OdCreneauxQuotidiens'), true),
      '/vitemadose/centres_open_data.json': openData('centres_open_data.json', ref('OdCentresList')),
      '/vitemadose/stats.json': openData('stats.json', ref('OdStats')),
      '/vitemadose/stats_by_date.json': openData('stats_by_date.json', ref('OdStatsByDate')),
      '/vitemadose/stats_by_date_dep.json': openData('stats_by_date_dep.json', ref('OdStatsByDateDep')),
      '/vitemadose/stats_center_types.json': openData('stats_center_types.json', ref('OdStatsCenterTypes')),
      '/vitemadose/stats_by_vaccine.json': openData('stats_by_vaccine.json', ref('OdStatsByVaccine')),
      '/api/v1/admin/platforms': { get: admin('Scheduled platforms: paused, running', '200', ref('AdminPlatforms'), []) },
      '/api/v1/admin/scan': {
        post: admin('Run a cycle now (one platform, or every platform not paused)', '202', ref('AdminScan'), [
          query('platform', { enum: [...PLATFORMS] }, 'Only this platform.'),
          query('discovery', { enum: ['true', 'false'] }, 'Discover centres again before scanning.'),
        ], { notFound: true, conflict: true }),
      },
      '/api/v1/admin/platforms/{platform}/pause': { post: admin('Pause a platform: no cycle runs until resumed', '200', ref('AdminPause'), [param('adminPlatform')], { notFound: true }) },
      '/api/v1/admin/platforms/{platform}/resume': { post: admin('Resume a paused platform', '200', ref('AdminPause'), [param('adminPlatform')], { notFound: true }) },
      ...alertPaths(),
    },
    components: {
      schemas: SCHEMAS,
      parameters: PARAMETERS,
      responses: RESPONSES,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The ADMIN_TOKEN of the configuration.' } },
    },
  };
}

function csvOnly(summary: string, parameters: string[]): Operation {
  return {
    get: {
      summary,
      tags: ['statistics'],
      parameters: parameters.map(param),
      responses: {
        '200': { description: summary, headers: CACHED_HEADERS, content: { 'text/csv': { schema: { type: 'string' } } } },
        '304': answer('NotModified'),
        '400': answer('BadRequest'),
        '429': answer('TooManyRequests'),
      },
    },
  };
}
