// The routes under /api/v1/centers/{id} find their centre the same way: a made-up id is refused before any
// parsing or cache entry, and a centre reserved to professionals is as unknown as one never seen.
import type { ReadModel } from '../../aggregator/read/read-model.js';
import { isReserved } from '../../aggregator/read/views.js';
import type { StoredCentre } from '../../aggregator/store/store.js';
import { ApiError } from '../errors.js';

const CENTRE_ID = /^[A-Za-z0-9_.-]{1,200}$/;

/** The id of the path, refused (404) when no centre could have it. */
export function centreIdOf(id: string): string {
  if (!CENTRE_ID.test(id)) throw new ApiError(404, 'unknown_center', 'no centre with this id');
  return id;
}

/**
 * The public centre with this id, or a 404. Centres are never deleted from the store, so one found here is in
 * whatever snapshot an answer is then built from.
 */
export function publicCentre(readModel: ReadModel, id: string): StoredCentre {
  const centre = readModel.current().byId.get(id);
  if (!centre || isReserved(centre)) throw new ApiError(404, 'unknown_center', `no centre with id "${id}"`);
  return centre;
}
