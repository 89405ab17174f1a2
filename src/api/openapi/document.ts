// The OpenAPI 3.1 document served at /api/openapi.json: every route, parameter, answer and error. Schemas and
// query parameters are generated from the zod schemas the API validates and answers with (components.ts);
// this file only says which route takes and answers what. A test validates real answers of every route
// against it and fails on a route it does not describe; another lints it with redocly's recommended rules.
import { PLATFORMS } from '../../domain.js';
import {
  CENTER_HISTORY_PARAMETERS,
  DAILY_PARAMETERS,
  HISTORY_PARAMETERS,
  PLACE_PARAMETERS,
  SLOT_PARAMETERS,
  type ParameterName,
} from '../query.js';
import { alertPaths } from './alerts.js';
import { answerSchemas, queryParameter, ref, type Schema } from './components.js';

type Operation = Record<string, unknown>;

const path = (name: string, schema: Schema, description: string): Schema => ({
  name,
  in: 'path',
  required: true,
  schema,
  description,
});
const param = (name: string): Schema => ({ $ref: `#/components/parameters/${name}` });
const answer = (name: string): Schema => ({ $ref: `#/components/responses/${name}` });

const QUERY_NAMES: readonly ParameterName[] = [
  ...SLOT_PARAMETERS,
  ...PLACE_PARAMETERS,
  'department',
  'limit',
  'cursor',
  'granularity',
  'format',
];

const PARAMETERS: Record<string, Schema> = {
  ...Object.fromEntries(QUERY_NAMES.map((name) => [name, queryParameter(name)])),
  historyDepartment: queryParameter('department', 'A department code; national figures when absent.'),
  code: path(
    'code',
    { type: 'string', examples: ['75', '2A', '971', 'om'] },
    'A department code of departements.json.',
  ),
  id: path('id', { type: 'string' }, 'A centre id (the open-data internal_id), e.g. doctolib245141pid166627.'),
  adminPlatform: path('platform', { enum: [...PLATFORMS] }, 'A platform.'),
};

const CACHED_HEADERS = {
  ETag: { description: 'Strong validator; send it back in If-None-Match for a 304.', schema: { type: 'string' } },
  'Cache-Control': { description: 'public, max-age=30, stale-while-revalidate=60', schema: { type: 'string' } },
};

const RESPONSES: Record<string, Schema> = {
  NotModified: { description: 'The If-None-Match ETag is current: no body.', headers: CACHED_HEADERS },
  BadRequest: {
    description: 'A parameter is unknown, repeated, too long or invalid.',
    content: { 'application/json': { schema: ref('Error') } },
  },
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

/** Public routes need no credentials: said per operation, as the admin ones say theirs. */
const PUBLIC: Schema[] = [];

/** A public, cached GET: 200, 304, 400 (unknown or bad parameters) and 429 always; 404 when it has a path parameter. */
function get(
  operationId: string,
  summary: string,
  tags: string[],
  parameters: string[],
  body: Schema,
  options: { notFound?: boolean; csv?: boolean } = {},
): Operation {
  return {
    get: {
      operationId,
      summary,
      tags,
      security: PUBLIC,
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

const SEARCH = [...SLOT_PARAMETERS, ...PLACE_PARAMETERS];
const HISTORY = HISTORY_PARAMETERS.map((name) => (name === 'department' ? 'historyDepartment' : name));
const DAILY_NAMES = DAILY_PARAMETERS.map((name) => (name === 'department' ? 'historyDepartment' : name));
const CENTER_HISTORY =
  "A center's slot history by hour: free slots, slots appeared, taken " +
  '(gone before their start) and expired, how long they stayed free';
const DAILY =
  'Daily figures: slots appeared, taken and expired, median time a taken slot stayed free; national or one department';

function openData(operationId: string, summary: string, body: Schema, withCode = false): Operation {
  const operation: Operation = {
    operationId,
    summary,
    tags: ['open data'],
    security: PUBLIC,
    description:
      'Field for field the Vitemadose open-data file of the same name (see ' +
      'README.md); query strings are ignored, as a static host would.',
    ...(withCode ? { parameters: [param('code')] } : {}),
    responses: {
      '200': ok(body, summary),
      '304': answer('NotModified'),
      ...(withCode ? { '404': answer('NotFound') } : {}),
      '429': answer('TooManyRequests'),
    },
  };
  return { get: operation };
}

/** `notFound`: the operation names a platform, which may not be one this deployment schedules. */
function admin(
  operationId: string,
  summary: string,
  status: '200' | '202',
  body: Schema,
  parameters: Schema[],
  options: { notFound?: boolean; conflict?: boolean } = {},
): Operation {
  return {
    operationId,
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

function csvOnly(
  operationId: string,
  summary: string,
  parameters: string[],
  options: { notFound?: boolean } = {},
): Operation {
  return {
    get: {
      operationId,
      summary,
      tags: ['statistics'],
      security: PUBLIC,
      parameters: parameters.map(param),
      responses: {
        '200': {
          description: summary,
          headers: CACHED_HEADERS,
          content: { 'text/csv': { schema: { type: 'string' } } },
        },
        '304': answer('NotModified'),
        '400': answer('BadRequest'),
        ...(options.notFound ? { '404': answer('NotFound') } : {}),
        '429': answer('TooManyRequests'),
      },
    },
  };
}

const TAGS = [
  { name: 'search', description: 'The soonest slots and centres, by place, vaccine, dose, time and platform.' },
  { name: 'statistics', description: 'Figures now and their hourly and daily history, as JSON or CSV.' },
  { name: 'open data', description: 'The Vitemadose open-data files, served live.' },
  { name: 'alerts', description: 'An event stream or signed webhooks when slots appear where there were none.' },
  { name: 'admin', description: 'Only when ADMIN_TOKEN is configured.' },
  { name: 'meta', description: "The page, liveness, this document and the platforms' health." },
];

export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vaccination slots API',
      version: '1.0.0',
      description:
        'The soonest vaccination slots in France, their statistics and the ' +
        'Vitemadose open-data files. Times are true instants rendered in ' +
        'Europe/Paris. Every public GET is CORS-open and carries an ETag and ' +
        'Cache-Control for CDNs. Errors are `{ "error": { "code", "message" } }`.',
    },
    // Relative: the server that serves this document (by default http://127.0.0.1:8080 under `npm start`).
    servers: [{ url: '/', description: 'The server that serves this document' }],
    tags: TAGS,
    paths: {
      '/': {
        get: {
          operationId: 'getPage',
          summary: 'A small web page: pick a department, vaccine and dose, see centres soonest first',
          tags: ['meta'],
          security: PUBLIC,
          responses: {
            '200': { description: 'The page', content: { 'text/html': { schema: { type: 'string' } } } },
            '429': answer('TooManyRequests'),
          },
        },
      },
      '/healthz': {
        get: {
          operationId: 'getHealth',
          summary: 'Liveness',
          tags: ['meta'],
          security: PUBLIC,
          responses: {
            '200': { description: 'Alive', content: { 'application/json': { schema: ref('Health') } } },
            '429': answer('TooManyRequests'),
          },
        },
      },
      '/api/openapi.json': get('getOpenApiDocument', 'This document', ['meta'], [], { type: 'object' }),
      '/api/v1/departments': get(
        'listDepartments',
        'Every department: centers, centers with slots, soonest slot',
        ['search'],
        [],
        ref('Departments'),
      ),
      '/api/v1/departments/{code}/centers': get(
        'listDepartmentCenters',
        "A department's centers, soonest slot first",
        ['search'],
        ['code', ...SEARCH],
        ref('DepartmentCenters'),
        { notFound: true },
      ),
      '/api/v1/slots': get(
        'searchSlots',
        'The soonest slots matching every filter given, soonest first, a page at a time',
        ['search'],
        [...SEARCH, 'department', 'limit', 'cursor'],
        ref('SlotPage'),
      ),
      '/api/v1/centers/{id}': get(
        'getCenter',
        'One center: upcoming slots by day, sources, freshness',
        ['search'],
        ['id', ...SLOT_PARAMETERS],
        ref('CenterDetail'),
        { notFound: true },
      ),
      '/api/v1/stats': get(
        'getStats',
        'National and per-department figures now (CSV with Accept: text/csv)',
        ['statistics'],
        [],
        ref('Stats'),
        { csv: true },
      ),
      '/api/v1/stats.csv': csvOnly('getStatsCsv', 'National and per-department figures now, as CSV', []),
      '/api/v1/stats/history': get(
        'getStatsHistory',
        'Hourly or daily series of the figures (CSV with Accept: text/csv)',
        ['statistics'],
        HISTORY,
        ref('StatsHistory'),
        { csv: true },
      ),
      '/api/v1/stats/history.csv': csvOnly(
        'getStatsHistoryCsv',
        'Hourly or daily series of the figures, as CSV',
        HISTORY,
      ),
      '/api/v1/centers/{id}/history': get(
        'getCenterHistory',
        CENTER_HISTORY,
        ['statistics'],
        ['id', ...CENTER_HISTORY_PARAMETERS],
        ref('CenterHistory'),
        {
          notFound: true,
          csv: true,
        },
      ),
      '/api/v1/centers/{id}/history.csv': csvOnly(
        'getCenterHistoryCsv',
        `${CENTER_HISTORY} (CSV)`,
        ['id', ...CENTER_HISTORY_PARAMETERS],
        { notFound: true },
      ),
      '/api/v1/stats/daily': get('getDailyFigures', DAILY, ['statistics'], DAILY_NAMES, ref('DailyFigures'), {
        csv: true,
      }),
      '/api/v1/stats/daily.csv': csvOnly('getDailyFiguresCsv', `${DAILY} (CSV)`, DAILY_NAMES),
      '/api/v1/platforms': get(
        'listPlatformStatuses',
        'Each platform: circuit breaker, last cycles and errors, centers, slots and data age',
        ['meta'],
        [],
        ref('PlatformStatuses'),
      ),
      '/vitemadose/departements.json': openData('getOdDepartements', 'departements.json', ref('OdDepartements')),
      '/vitemadose/info_centres.json': openData('getOdInfoCentres', 'info_centres.json', ref('OdCentres')),
      '/vitemadose/{code}.json': openData('getOdDepartment', '{code}.json', ref('OdCentres'), true),
      '/vitemadose/{code}/creneaux-quotidiens.json': openData(
        'getOdCreneauxQuotidiens',
        '{code}/creneaux-quotidiens.json',
        ref('OdCreneauxQuotidiens'),
        true,
      ),
      '/vitemadose/centres_open_data.json': openData(
        'getOdCentresOpenData',
        'centres_open_data.json',
        ref('OdCentresList'),
      ),
      '/vitemadose/stats.json': openData('getOdStats', 'stats.json', ref('OdStats')),
      '/vitemadose/stats_by_date.json': openData('getOdStatsByDate', 'stats_by_date.json', ref('OdStatsByDate')),
      '/vitemadose/stats_by_date_dep.json': openData(
        'getOdStatsByDateDep',
        'stats_by_date_dep.json',
        ref('OdStatsByDateDep'),
      ),
      '/vitemadose/stats_center_types.json': openData(
        'getOdStatsCenterTypes',
        'stats_center_types.json',
        ref('OdStatsCenterTypes'),
      ),
      '/vitemadose/stats_by_vaccine.json': openData(
        'getOdStatsByVaccine',
        'stats_by_vaccine.json',
        ref('OdStatsByVaccine'),
      ),
      '/api/v1/admin/platforms': {
        get: admin('listAdminPlatforms', 'Scheduled platforms: paused, running', '200', ref('AdminPlatforms'), []),
      },
      '/api/v1/admin/scan': {
        post: admin(
          'startScan',
          'Run a cycle now (one platform, or every platform not paused)',
          '202',
          ref('AdminScan'),
          [queryParameter('platform', 'Only this platform.'), queryParameter('discovery')],
          { notFound: true, conflict: true },
        ),
      },
      '/api/v1/admin/platforms/{platform}/pause': {
        post: admin(
          'pausePlatform',
          'Pause a platform: no cycle runs until resumed',
          '200',
          ref('AdminPause'),
          [param('adminPlatform')],
          {
            notFound: true,
          },
        ),
      },
      '/api/v1/admin/platforms/{platform}/resume': {
        post: admin('resumePlatform', 'Resume a paused platform', '200', ref('AdminPause'), [param('adminPlatform')], {
          notFound: true,
        }),
      },
      ...alertPaths(),
    },
    components: {
      schemas: answerSchemas(),
      parameters: PARAMETERS,
      responses: RESPONSES,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'The ADMIN_TOKEN of the configuration.' },
      },
    },
  };
}
