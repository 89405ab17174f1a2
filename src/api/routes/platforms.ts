// GET /api/v1/platforms: per platform, whether it is enabled, its circuit breaker, its last cycles and errors,
// its centres and slots and how old their data is.
import { Router } from 'express';
import type { PlatformStatus } from '../../aggregator/read/platform-status.js';
import type { ReadModel, Snapshot } from '../../aggregator/read/read-model.js';
import { parseParameters } from '../query.js';
import { writePrepared } from '../respond.js';

export type PlatformStatusSource = (snapshot: Snapshot, now: number) => PlatformStatus[];

/** Status moves with time (data age), not only with data: a prepared answer is kept this long at most. */
const STATUS_VALIDITY_MS = 10_000;

export function platformRoutes(readModel: ReadModel, source: PlatformStatusSource): Router {
  const router = Router();
  router.get('/api/v1/platforms', (request, response) => {
    parseParameters(request.query as Record<string, unknown>, []);
    const answer = readModel.answer('platforms', (snapshot, now) => ({
      body: JSON.stringify({ platforms: source(snapshot, now) }),
      soonestSlotAt: now + STATUS_VALIDITY_MS,
    }));
    writePrepared(request, response, answer);
  });
  return router;
}
