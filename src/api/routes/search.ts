// GET /api/v1/slots (the soonest slots anywhere, by place, vaccine, dose and time, a page at a time) and
// GET /api/v1/centers/{id} (one centre with its slots by day, its sources and their freshness).
import { Router } from 'express';
import { centreDetail } from '../../aggregator/read/centre-detail.js';
import type { ReadModel } from '../../aggregator/read/read-model.js';
import { soonestSlots } from '../../aggregator/read/search.js';
import { parseSearchQuery, parseSlotFilter } from '../query.js';
import { writePrepared } from '../respond.js';
import { centreIdOf, publicCentre } from './centre-lookup.js';

export function searchRoutes(readModel: ReadModel): Router {
  const router = Router();

  router.get('/api/v1/slots', (request, response) => {
    const query = parseSearchQuery(request.query as Record<string, unknown>, {
      withDepartment: true,
      withPaging: true,
    });
    const key = `slots:${JSON.stringify(query)}`;
    const answer = readModel.answer(key, (snapshot, now) => {
      const page = soonestSlots(snapshot, query.filter, query, now);
      return {
        body: JSON.stringify({ slots: page.slots, next_cursor: page.next_cursor }),
        soonestSlotAt: page.soonestSlotAt,
      };
    });
    writePrepared(request, response, answer);
  });

  router.get('/api/v1/centers/:id', (request, response) => {
    const id = centreIdOf(request.params.id);
    const filter = parseSlotFilter(request.query as Record<string, unknown>);
    // Checked before the cache, so that made-up ids never take a cache entry.
    publicCentre(readModel, id);
    const answer = readModel.answer(`center:${id}:${JSON.stringify(filter)}`, (snapshot, now) => {
      const found = centreDetail(snapshot, id, filter, now)!;
      return { body: JSON.stringify(found.detail), soonestSlotAt: found.soonestSlotAt };
    });
    writePrepared(request, response, answer);
  });

  return router;
}
