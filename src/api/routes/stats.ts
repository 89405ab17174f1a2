// GET /api/v1/stats and /api/v1/stats/history, each as JSON or CSV (`Accept: text/csv` or a `.csv` suffix),
// with a header row and the stable columns of FIGURE_COLUMNS.
import { Router, type Request, type Response } from 'express';
import { CSV_TYPE, toCsv } from '../../aggregator/read/csv.js';
import { NATIONAL_SCOPE } from '../../aggregator/store/history-store.js';
import type { AnswerContent, ReadModel, Snapshot } from '../../aggregator/read/read-model.js';
import { DAILY_FLOW_COLUMNS, historySeries } from '../../aggregator/read/stats-history.js';
import { FIGURE_COLUMNS, statsContent, statsNow } from '../../aggregator/read/stats.js';
import { findDepartment } from '../../departments.js';
import { parseHistoryQuery, parseNoParameters, type HistoryQuery } from '../query.js';
import { prefersCsv } from '../negotiate.js';
import { writePrepared } from '../respond.js';
import type { DayRow } from '../../aggregator/store/slot-history.js';

export function statsRoutes(readModel: ReadModel): Router {
  const router = Router();

  const stats = (format: 'json' | 'csv') => (request: Request, response: Response) => {
    parseNoParameters(request.query as Record<string, unknown>);
    const answer = readModel.answer(`stats:${format}`, (snapshot, now) =>
      statsContent(statsNow(snapshot, now), format),
    );
    writePrepared(request, response, answer, format === 'csv' ? undefined : 'Accept');
  };
  router.get('/api/v1/stats.csv', stats('csv'));
  router.get('/api/v1/stats', (request, response) => stats(prefersCsv(request) ? 'csv' : 'json')(request, response));

  const history = (format: 'json' | 'csv') => (request: Request, response: Response) => {
    const query = parseHistoryQuery(request.query as Record<string, unknown>);
    const answer = readModel.answer(`history:${format}:${JSON.stringify(query)}`, (snapshot) => {
      // Daily points carry the day's slot flows from the slot history (rolled up by the writer).
      const days =
        query.granularity === 'day'
          ? new Map(
              readModel
                .slotHistory()
                .days(query.scope, query.from, query.to)
                .map((row) => [row.dayStart, row]),
            )
          : undefined;
      return historyAnswer(snapshot, query, format, days);
    });
    writePrepared(request, response, answer, format === 'csv' ? undefined : 'Accept');
  };
  router.get('/api/v1/stats/history.csv', history('csv'));
  router.get('/api/v1/stats/history', (request, response) =>
    history(prefersCsv(request) ? 'csv' : 'json')(request, response),
  );

  return router;
}

function historyAnswer(
  snapshot: Snapshot,
  query: HistoryQuery,
  format: 'json' | 'csv',
  days: ReadonlyMap<number, DayRow> | undefined,
): AnswerContent {
  const points = historySeries(snapshot.history.buckets(query.granularity), query.scope, query.from, query.to, days);
  const columns = days ? [...FIGURE_COLUMNS, ...DAILY_FLOW_COLUMNS] : FIGURE_COLUMNS;
  if (format === 'csv') {
    const rows = points.map((point) => [
      point.at,
      point.samples,
      ...columns.map((column) => point.figures[column] ?? ''),
    ]);
    return { body: toCsv(['at', 'samples', ...columns], rows), contentType: CSV_TYPE };
  }
  const name = query.scope === NATIONAL_SCOPE ? 'France' : (findDepartment(query.scope)?.name ?? query.scope);
  return {
    body: JSON.stringify({
      granularity: query.granularity,
      scope: { code: query.scope, name },
      columns,
      points,
    }),
  };
}
