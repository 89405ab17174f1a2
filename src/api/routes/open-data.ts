// The open-data files, served live under /vitemadose/ for the existing web and mobile clients.
import { Router } from 'express';
import { openDataFiles } from '../../aggregator/open-data/files.js';
import type { ReadModel } from '../../aggregator/read/read-model.js';
import { ApiError } from '../errors.js';
import { writePrepared } from '../respond.js';

export function openDataRoutes(readModel: ReadModel): Router {
  const router = Router();
  const files = new Map(openDataFiles().map((file) => [file.path, file]));

  router.get('/vitemadose/*path', (request, response) => {
    const segments = (request.params as { path: string[] }).path;
    const file = files.get(segments.join('/'));
    if (!file) throw new ApiError(404, 'not_found', `no open-data file ${segments.join('/')}`);
    writePrepared(request, response, readModel.answer(`od:${file.path}`, file.build));
  });

  return router;
}
