// GET /api/v1/centers/{id}/history (a centre's slot history by hour) and GET /api/v1/stats/daily (slots
// appeared, taken, expired and the median time a slot stays free, per Paris day, national or one
// department), each as JSON or CSV (`?format=csv`, a `.csv` suffix or `Accept: text/csv`).
import { Router, type Request, type Response } from 'express';
import type { ReadModel } from '../../aggregator/read/read-model.js';
import {
  centreHistory,
  centreHistoryCsv,
  dailyFigures,
  dailyFiguresCsv,
  type HistoryFormat,
} from '../../aggregator/read/slot-history-view.js';
import { NATIONAL_SCOPE } from '../../aggregator/store/history-store.js';
import { findDepartment } from '../../departments.js';
import { ApiError } from '../errors.js';
import { parseSlotHistoryQuery } from '../query.js';
import { prefersCsv } from '../negotiate.js';
import { writePrepared } from '../respond.js';
import { centreIdOf, publicCentre } from './centre-lookup.js';
import { CSV_TYPE } from '../../aggregator/read/csv.js';

/** `.csv` suffix, then `format`, then CSV only when the caller prefers it to JSON. */
function formatOf(request: Request, suffix: boolean, format: HistoryFormat | undefined): HistoryFormat {
  if (suffix) {
    if (format === 'json') throw new ApiError(400, 'invalid_parameter', 'format: a .csv path answers CSV');
    return 'csv';
  }
  return format ?? (prefersCsv(request) ? 'csv' : 'json');
}

export function historyRoutes(readModel: ReadModel): Router {
  const router = Router();

  const centre = (suffix: boolean) => (request: Request, response: Response) => {
    const id = centreIdOf(request.params.id as string);
    const values = parseSlotHistoryQuery(request.query as Record<string, unknown>, false);
    const format = formatOf(request, suffix, values.format);
    const found = publicCentre(readModel, id);
    const key = `center-history:${id}:${format}:${values.from ?? ''}:${values.to ?? ''}`;
    const answer = readModel.answer(key, () => {
      const history = centreHistory(
        { id, name: found.name, department: found.department },
        readModel.slotHistory().centreHours(id, values.from, values.to),
      );
      return format === 'csv'
        ? { body: centreHistoryCsv(history), contentType: CSV_TYPE }
        : { body: JSON.stringify(history) };
    });
    writePrepared(request, response, answer, suffix || values.format ? undefined : 'Accept');
  };
  router.get('/api/v1/centers/:id/history.csv', centre(true));
  router.get('/api/v1/centers/:id/history', centre(false));

  const daily = (suffix: boolean) => (request: Request, response: Response) => {
    const values = parseSlotHistoryQuery(request.query as Record<string, unknown>, true);
    const scope = values.scope;
    const department = scope === NATIONAL_SCOPE ? null : findDepartment(scope);
    const format = formatOf(request, suffix, values.format);
    const key = `stats-daily:${scope}:${format}:${values.from ?? ''}:${values.to ?? ''}`;
    const answer = readModel.answer(key, () => {
      const figures = dailyFigures(
        { code: scope, name: department?.name ?? 'France' },
        readModel.slotHistory().days(scope, values.from, values.to),
      );
      return format === 'csv'
        ? { body: dailyFiguresCsv(figures), contentType: CSV_TYPE }
        : { body: JSON.stringify(figures) };
    });
    writePrepared(request, response, answer, suffix || values.format ? undefined : 'Accept');
  };
  router.get('/api/v1/stats/daily.csv', daily(true));
  router.get('/api/v1/stats/daily', daily(false));

  return router;
}
