// OpenAPI entries of the slot-history routes (src/api/routes/history.ts), kept beside the rest of the
// document and merged into it by document.ts: paths and answer schemas.
import { CENTRE_HISTORY_COLUMNS, DAILY_COLUMNS } from '../../aggregator/read/slot-history-view.js';
import { object, ref, type Schema } from './schemas.js';

const int: Schema = { type: 'integer', minimum: 0 };
const minutes: Schema = { type: ['number', 'null'], minimum: 0 };
const errorBody = (description: string): Schema => ({ description, content: { 'application/json': { schema: ref('Error') } } });
const cached = {
  ETag: { description: 'Strong validator; send it back in If-None-Match for a 304.', schema: { type: 'string' } },
  'Cache-Control': { description: 'public, max-age=30, stale-while-revalidate=60', schema: { type: 'string' } },
};

const query = (name: string, schema: Schema, description: string): Schema => ({ name, in: 'query', required: false, schema, description });
const FROM = query('from', { type: 'string', format: 'date' }, 'From this Paris day, inclusive.');
const TO = query('to', { type: 'string', format: 'date' }, 'Up to this Paris day, inclusive. Not before `from`.');
const FORMAT = query('format', { enum: ['json', 'csv'] }, 'The answer format (also: a `.csv` path, or `Accept: text/csv`).');
const DEPARTMENT = query('department', { type: 'string', examples: ['75', '2A', '971'] }, 'A department code; national figures when absent.');
const ID = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'A centre id (the open-data internal_id).' };

function operation(summary: string, parameters: Schema[], body: Schema | null, withNotFound: boolean): Schema {
  const content: Schema = body ? { 'application/json': { schema: body }, 'text/csv': { schema: { type: 'string' } } } : { 'text/csv': { schema: { type: 'string' } } };
  return {
    get: {
      summary,
      tags: ['statistics'],
      parameters,
      responses: {
        '200': { description: summary, headers: cached, content },
        '304': { description: 'The If-None-Match ETag is current: no body.', headers: cached },
        '400': errorBody('A parameter is unknown, repeated or invalid.'),
        ...(withNotFound ? { '404': errorBody('No such centre.') } : {}),
        '429': {
          description: 'This client sent too many requests; try again after Retry-After seconds.',
          headers: { 'Retry-After': { schema: { type: 'integer', minimum: 1 } } },
          content: { 'application/json': { schema: ref('Error') } },
        },
      },
    },
  };
}

const CENTRE_SUMMARY = "A centre's slot history by hour: free slots, slots appeared, taken (gone before their start) and expired, how long they stayed free";
const DAILY_SUMMARY = 'Daily figures: slots appeared, taken and expired, median time a taken slot stayed free; national or one department';

export const HISTORY_PATHS: Record<string, Schema> = {
  '/api/v1/centers/{id}/history': operation(CENTRE_SUMMARY, [ID, FROM, TO, FORMAT], ref('CentreHistory'), true),
  '/api/v1/centers/{id}/history.csv': operation(`${CENTRE_SUMMARY} (CSV)`, [ID, FROM, TO, FORMAT], null, true),
  '/api/v1/stats/daily': operation(DAILY_SUMMARY, [DEPARTMENT, FROM, TO, FORMAT], ref('DailyFigures'), false),
  '/api/v1/stats/daily.csv': operation(`${DAILY_SUMMARY} (CSV)`, [DEPARTMENT, FROM, TO, FORMAT], null, false),
};

export const HISTORY_SCHEMAS: Record<string, Schema> = {
  CentreHistory: object({
    centre: object({ id: { type: 'string' }, name: { type: 'string' }, department: { type: ['string', 'null'] } }),
    columns: { type: 'array', items: { enum: [...CENTRE_HISTORY_COLUMNS] } },
    hours: {
      type: 'array',
      description: 'Only the hours in which the slots changed; free_slots holds until the next point.',
      items: object({ at: { type: 'string', format: 'date-time' }, free_slots: int, appeared: int, taken: int, expired: int, mean_free_minutes: minutes }),
    },
    totals: object({ appeared: int, taken: int, expired: int, mean_free_minutes: minutes }),
  }),
  DailyFigures: object({
    scope: object({ code: { type: 'string' }, name: { type: 'string' } }),
    columns: { type: 'array', items: { enum: [...DAILY_COLUMNS] } },
    days: { type: 'array', items: object({ date: { type: 'string', format: 'date' }, appeared: int, taken: int, expired: int, median_free_minutes: minutes }) },
    totals: object({ appeared: int, taken: int, expired: int, median_free_minutes: minutes }),
  }),
};
