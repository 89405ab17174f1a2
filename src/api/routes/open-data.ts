// The open-data files, served live under /vitemadose/ for the existing web and mobile clients.
import { Router } from 'express';
import { openDataFiles, type OpenDataFile } from '../../aggregator/open-data-files.js';
import type { PreparedAnswer, ReadModel } from '../../aggregator/read-model.js';
import { ApiError } from '../errors.js';
import { sendPrepared } from '../respond.js';

/** A file's prepared answer; shared by the route and the fast lane. */
export function openDataAnswer(readModel: ReadModel, file: OpenDataFile): PreparedAnswer {
  return readModel.answer(`od:${file.path}`, file.build);
}

export function openDataRoutes(readModel: ReadModel): Router {
  const router = Router();
  const files = new Map(openDataFiles().map((file) => [file.path, file]));

  router.get('/vitemadose/*path', (request, response) => {
    const segments = (request.params as { path: string[] }).path;
    const file = files.get(segments.join('/'));
    if (!file) throw new ApiError(404, 'not_found', `no open-data file ${segments.join('/')}`);
    sendPrepared(request, response, openDataAnswer(readModel, file));
  });

  return router;
}
