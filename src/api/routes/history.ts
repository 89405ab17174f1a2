// GET /api/v1/centers/{id}/history (a centre's slot history by hour) and GET /api/v1/stats/daily (slots
// appeared, taken, expired and the median time a slot stays free, per Paris day, national or one
// department), each as JSON or CSV (`?format=csv`, a `.csv` suffix or `Accept: text/csv`).
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { ReadModel } from '../../aggregator/read/read-model.js';
import { centreHistory, centreHistoryCsv, dailyFigures, dailyFiguresCsv, type HistoryFormat } from '../../aggregator/read/slot-history-view.js';
import { isReserved } from '../../aggregator/read/views.js';
import { NATIONAL_SCOPE } from '../../aggregator/store/history-store.js';
import { findDepartment } from '../../departments.js';
import { addDaysToDate, parisMidnight } from '../../time.js';
import { ApiError } from '../errors.js';
import { singleValues } from '../query.js';
import { writePrepared } from '../respond.js';

const CSV_TYPE = 'text/csv; charset=utf-8';
const CENTRE_ID = /^[A-Za-z0-9_.-]{1,200}$/;
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)').refine((text) => parisMidnight(text) !== null, 'is not a calendar date');

/** The query of the centre history: a Paris date range (both inclusive) and the format. */
export const centreHistoryQuerySchema = z
  .object({ from: date.optional(), to: date.optional(), format: z.enum(['json', 'csv']).optional() })
  .strict();

/** The query of the daily figures: the same, and a department (national figures when absent). */
export const dailyQuerySchema = centreHistoryQuerySchema.extend({
  department: z.string().regex(/^(\d{2,3}|2[AB]|om)$/, 'must be a department code (01, 2A, 971, om...)').optional(),
}).strict();

interface Range {
  readonly from?: number;
  readonly to?: number;
}

function parse<S extends z.ZodType>(schema: S, query: Record<string, unknown>): z.output<S> {
  const result = schema.safeParse(singleValues(query));
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') throw new ApiError(400, 'unknown_parameter', `${issue.keys[0]}: unknown parameter`);
  throw new ApiError(400, 'invalid_parameter', `${issue.path.join('.')}: ${issue.message}`);
}

function rangeOf(values: { from?: string | undefined; to?: string | undefined }): Range {
  if (values.from !== undefined && values.to !== undefined && values.from > values.to) {
    throw new ApiError(400, 'invalid_parameter', 'from: must not be after to');
  }
  return {
    ...(values.from !== undefined ? { from: parisMidnight(values.from)!.getTime() } : {}),
    ...(values.to !== undefined ? { to: parisMidnight(addDaysToDate(values.to, 1))!.getTime() } : {}),
  };
}

/** `.csv` suffix, then `format`, then CSV only when the caller prefers it to JSON. */
function formatOf(request: Request, suffix: boolean, format: HistoryFormat | undefined): HistoryFormat {
  if (suffix) {
    if (format === 'json') throw new ApiError(400, 'invalid_parameter', 'format: a .csv path answers CSV');
    return 'csv';
  }
  return format ?? (request.accepts(['application/json', 'text/csv']) === 'text/csv' ? 'csv' : 'json');
}

export function historyRoutes(readModel: ReadModel): Router {
  const router = Router();

  const centre = (suffix: boolean) => (request: Request, response: Response) => {
    const id = request.params.id as string;
    if (!CENTRE_ID.test(id)) throw new ApiError(404, 'unknown_center', 'no centre with this id');
    const values = parse(centreHistoryQuerySchema, request.query as Record<string, unknown>);
    const range = rangeOf(values);
    const format = formatOf(request, suffix, values.format);
    const found = readModel.current().byId.get(id);
    if (!found || isReserved(found)) throw new ApiError(404, 'unknown_center', `no centre with id "${id}"`);
    const key = `center-history:${id}:${format}:${range.from ?? ''}:${range.to ?? ''}`;
    const answer = readModel.answer(key, () => {
      const history = centreHistory(
        { id, name: found.name, department: found.department },
        readModel.slotHistory().centreHours(id, range.from, range.to),
      );
      return format === 'csv' ? { body: centreHistoryCsv(history), contentType: CSV_TYPE } : { body: JSON.stringify(history) };
    });
    writePrepared(request, response, answer, suffix || values.format ? undefined : 'Accept');
  };
  router.get('/api/v1/centers/:id/history.csv', centre(true));
  router.get('/api/v1/centers/:id/history', centre(false));

  const daily = (suffix: boolean) => (request: Request, response: Response) => {
    const values = parse(dailyQuerySchema, request.query as Record<string, unknown>);
    const scope = values.department ?? NATIONAL_SCOPE;
    const department = values.department === undefined ? null : findDepartment(values.department);
    if (department === undefined) throw new ApiError(400, 'unknown_department', `department: no department with code "${values.department}"`);
    const range = rangeOf(values);
    const format = formatOf(request, suffix, values.format);
    const key = `stats-daily:${scope}:${format}:${range.from ?? ''}:${range.to ?? ''}`;
    const answer = readModel.answer(key, () => {
      const figures = dailyFigures({ code: scope, name: department?.name ?? 'France' }, readModel.slotHistory().days(scope, range.from, range.to));
      return format === 'csv' ? { body: dailyFiguresCsv(figures), contentType: CSV_TYPE } : { body: JSON.stringify(figures) };
    });
    writePrepared(request, response, answer, suffix || values.format ? undefined : 'Accept');
  };
  router.get('/api/v1/stats/daily.csv', daily(true));
  router.get('/api/v1/stats/daily', daily(false));

  return router;
}
