// GET /api/v1/departments and /api/v1/departments/{code}/centers: the public's soonest slots by department,
// with the place filters of a search (commune, postal code, point and radius, platform) and distances.
import { Router } from 'express';
import type { PreparedAnswer, ReadModel } from '../../aggregator/read-model.js';
import { departmentCentres, departmentsOverview } from '../../aggregator/views.js';
import { findDepartment } from '../../departments.js';
import { ApiError } from '../errors.js';
import { parseNoParameters, parseSearchQuery } from '../query.js';
import { sendPrepared } from '../respond.js';

/** The search filter of a department query. */
export type DepartmentFilter = ReturnType<typeof parseSearchQuery>['filter'];

/** The prepared list of departments; shared by the route and the fast lane. */
export function departmentsAnswer(readModel: ReadModel): PreparedAnswer {
  return readModel.answer('departments', (snapshot, now) => {
    const overview = departmentsOverview(snapshot, now);
    return { body: JSON.stringify({ departments: overview.departments }), soonestSlotAt: overview.soonestSlotAt };
  });
}

/** The prepared answer of a known department under a filter; shared by the route and the fast lane. */
export function departmentAnswer(readModel: ReadModel, code: string, filter: DepartmentFilter): PreparedAnswer {
  return readModel.answer(`department:${code}:${JSON.stringify(filter)}`, (snapshot, now) => {
    const result = departmentCentres(snapshot, code, filter, now)!;
    return { body: JSON.stringify({ department: result.department, centers: result.centers }), soonestSlotAt: result.soonestSlotAt };
  });
}

/** The filter of a department query without parameters: the fast lane's only one. */
export const NO_FILTER: DepartmentFilter = parseSearchQuery({}, { withDepartment: false, withPaging: false }).filter;

export function departmentRoutes(readModel: ReadModel): Router {
  const router = Router();

  router.get('/api/v1/departments', (request, response) => {
    parseNoParameters(request.query as Record<string, unknown>);
    sendPrepared(request, response, departmentsAnswer(readModel));
  });

  router.get('/api/v1/departments/:code/centers', (request, response) => {
    const code = request.params.code;
    // Checked before the cache, so that made-up codes never take a cache entry.
    if (!findDepartment(code)) throw new ApiError(404, 'unknown_department', `no department with code "${code}"`);
    const { filter } = parseSearchQuery(request.query as Record<string, unknown>, { withDepartment: false, withPaging: false });
    sendPrepared(request, response, departmentAnswer(readModel, code, filter));
  });

  return router;
}
