// GET /api/v1/departments and /api/v1/departments/{code}/centers: the public's soonest slots by department,
// with the place filters of a search (commune, postal code, point and radius, platform) and distances.
import { Router } from 'express';
import type { ReadModel } from '../../aggregator/read/read-model.js';
import { departmentCentresContent } from '../../aggregator/read/hot-answers.js';
import { departmentsOverview } from '../../aggregator/read/views.js';
import { findDepartment } from '../../departments.js';
import { ApiError } from '../errors.js';
import { parseNoParameters, parseSearchQuery } from '../query.js';
import { writePrepared } from '../respond.js';

export function departmentRoutes(readModel: ReadModel): Router {
  const router = Router();

  router.get('/api/v1/departments', (request, response) => {
    parseNoParameters(request.query as Record<string, unknown>);
    const answer = readModel.answer('departments', (snapshot, now) => {
      const overview = departmentsOverview(snapshot, now);
      return { body: JSON.stringify({ departments: overview.departments }), soonestSlotAt: overview.soonestSlotAt };
    });
    writePrepared(request, response, answer);
  });

  router.get('/api/v1/departments/:code/centers', (request, response) => {
    const code = request.params.code;
    // Checked before the cache, so that made-up codes never take a cache entry.
    if (!findDepartment(code)) throw new ApiError(404, 'unknown_department', `no department with code "${code}"`);
    const { filter } = parseSearchQuery(request.query as Record<string, unknown>, {
      withDepartment: false,
      withPaging: false,
    });
    // Without a filter this is a hot answer (read/hot-answers.ts), prepared before anyone asks.
    const answer = readModel.answer(`department:${code}:${JSON.stringify(filter)}`, (snapshot, now) =>
      departmentCentresContent(snapshot, code, filter, now),
    );
    writePrepared(request, response, answer);
  });

  return router;
}
