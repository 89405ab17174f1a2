// The express application: routes over the read model, and nothing that could reach a scraper.
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import type { ReadModel } from '../aggregator/read-model.js';
import type { Logger } from '../logger.js';
import { errorHandler, notFound } from './errors.js';
import { departmentRoutes } from './routes/departments.js';
import { openDataRoutes } from './routes/open-data.js';
import { platformRoutes, type PlatformStatusSource } from './routes/platforms.js';

export interface ApiOptions {
  readonly readModel: ReadModel;
  readonly log: Logger;
  /** Serves /api/v1/platforms when given. */
  readonly platformStatus?: PlatformStatusSource;
}

export function createApp(options: ApiOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'extended');
  app.use((_request, response, next) => {
    // Public read-only data: any site may embed it.
    response.setHeader('Access-Control-Allow-Origin', '*');
    next();
  });
  app.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });
  app.use(express.static(fileURLToPath(new URL('./public/', import.meta.url)), { maxAge: '5m' }));
  app.use(departmentRoutes(options.readModel));
  app.use(openDataRoutes(options.readModel));
  if (options.platformStatus) app.use(platformRoutes(options.readModel, options.platformStatus));
  app.use(notFound);
  app.use(errorHandler(options.log));
  return app;
}
