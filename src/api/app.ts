// The express application: routes over the read model, and nothing that could reach a scraper (the admin
// routes get callbacks, not the scheduler).
import cluster from 'node:cluster';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import type { ReadModel } from '../aggregator/read/read-model.js';
import type { ApiServerLimits, Config } from '../config.js';
import type { Logger } from '../logger.js';
import { LISTEN_BACKLOG } from '../runtime/listening.js';
import { acceptorCount, addAcceptors } from './acceptors.js';
import { graceRequestTimeouts } from './busy-grace.js';
import { onClientError } from './client-errors.js';
import { capConnectionsPerClient } from './connection-cap.js';
import { cors } from './cors.js';
import { ApiError, errorHandler, notFound } from './errors.js';
import { fastLane, readModelLookup, type PreparedLookup } from './fast-lane.js';
import { pageRoutes } from './pages.js';
import { clientLimiter, rateLimit, type ClientLimiter, type RateLimitOptions } from './rate-limit.js';
import { adminRoutes, type AdminControl } from './routes/admin.js';
import { alertRoutes, type AlertsApi } from './routes/alerts.js';
import { departmentRoutes } from './routes/departments.js';
import { openApiRoutes } from './routes/openapi.js';
import { openDataRoutes } from './routes/open-data.js';
import { platformRoutes, type PlatformStatusSource } from './routes/platforms.js';
import { historyRoutes } from './routes/history.js';
import { searchRoutes } from './routes/search.js';
import { securityHeaders } from './security-headers.js';
import { statsRoutes } from './routes/stats.js';

export interface ApiOptions {
  readonly readModel: ReadModel;
  readonly log: Logger;
  /** Serves /api/v1/platforms when given. */
  readonly platformStatus?: PlatformStatusSource;
  /** Per-client limit; absent or `perMinute: 0` means none. */
  readonly rateLimit?: RateLimitOptions;
  /**
   * Express's trust-proxy setting (hops or addresses), so that the rate limit sees clients behind a CDN or
   * reverse proxy: request.ip, and the fast lane's key, is the address that many hops back.
   */
  readonly trustProxy?: number | string;
  /** Admin routes exist only when given (that is, when a token is configured). */
  readonly admin?: AdminControl;
  /** The alert stream and webhook subscriptions exist only when given. */
  readonly alerts?: AlertsApi;
}

/** Longer URLs are refused before any parsing: no legitimate query needs more. */
const MAX_URL_LENGTH = 2_048;

/** `limiter` is the per-client limiter of `options.rateLimit`, passed in when the fast lane shares it. */
export function createApp(
  options: ApiOptions,
  limiter: ClientLimiter | null = options.rateLimit ? clientLimiter(options.rateLimit) : null,
): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'extended');
  if (options.trustProxy !== undefined) app.set('trust proxy', options.trustProxy);
  app.use((request, _response, next) => {
    next(
      request.originalUrl.length > MAX_URL_LENGTH
        ? new ApiError(414, 'uri_too_long', `URLs are limited to ${MAX_URL_LENGTH} characters`)
        : undefined,
    );
  });
  app.use(cors);
  app.use(securityHeaders);
  if (limiter) app.use(rateLimit(limiter));
  app.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });
  app.use(openApiRoutes());
  app.use(departmentRoutes(options.readModel));
  app.use(historyRoutes(options.readModel));
  app.use(searchRoutes(options.readModel));
  app.use(statsRoutes(options.readModel));
  // Before the open-data files: it serves the two maps under /vitemadose/.
  app.use(pageRoutes(options.readModel));
  app.use(openDataRoutes(options.readModel));
  if (options.platformStatus) app.use(platformRoutes(options.readModel, options.platformStatus));
  if (options.admin) app.use(adminRoutes(options.admin));
  if (options.alerts) app.use(alertRoutes(options.alerts));
  // After the data routes, so that an API request never costs a look at the disk first.
  app.use(express.static(fileURLToPath(new URL('./public/', import.meta.url)), { maxAge: '5m' }));
  app.use(notFound);
  app.use(errorHandler(options.log));
  return app;
}

export interface ApiServerOptions extends ApiOptions {
  /** The fast lane's prepared answers; null turns the lane off (every request through express). */
  readonly lookup?: PreparedLookup | null;
  readonly limits?: ApiServerLimits;
  /**
   * Extra accepts per event-loop pass under node:cluster (src/api/acceptors.ts): how many duplicates of the
   * listening handle a worker asks the primary for, and the backlog the socket listens with. Default:
   * DEFAULT_ACCEPTORS in a cluster worker, none elsewhere.
   */
  readonly acceptors?: { readonly count: number; readonly backlog: number } | null;
}

/**
 * Enough that a rush of thousands of connections is accepted in seconds by processes busy answering (bounded by
 * the open-file limit, acceptorCount).
 */
export const DEFAULT_ACCEPTORS = 256;

/** The configuration's defaults, for servers created without one (tests, benchmarks). */
export const DEFAULT_SERVER_LIMITS: ApiServerLimits = {
  connectionsPerClient: 64,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 30_000,
};

/**
 * The HTTP server of the API: the fast lane for prepared answers, in front of the express app; slow, idle and
 * too many connections bounded; what node's parser refuses answered in the API's error shape.
 */
export function createApiServer(options: ApiServerOptions): http.Server {
  const limiter = options.rateLimit ? clientLimiter(options.rateLimit) : null;
  const app = createApp(options, limiter);
  const lookup = options.lookup === undefined ? readModelLookup(options.readModel) : options.lookup;
  const limits = options.limits ?? DEFAULT_SERVER_LIMITS;
  const server = http.createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // Node checks the two timeouts above on this period (30 s by default, which a slowloris adds to them).
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, limits.headersTimeoutMs / 4)),
    },
    lookup ? fastLane({ app, lookup, limiter }) : app,
  );
  server.keepAliveTimeout = Math.min(5_000, limits.idleTimeoutMs);
  // A socket with no byte either way for this long is closed, a request in progress included.
  server.timeout = limits.idleTimeoutMs;
  // A connection timed out only because this process was busy reading others gets up to one more headers timeout.
  server.on('clientError', graceRequestTimeouts(server, limits.headersTimeoutMs, onClientError));
  const trust = app.get('trust proxy fn') as (address: string, hop: number) => boolean;
  capConnectionsPerClient(server, { perClient: limits.connectionsPerClient, isProxy: (address) => trust(address, 0) });
  const acceptors =
    options.acceptors === undefined
      ? cluster.isWorker
        ? { count: acceptorCount(DEFAULT_ACCEPTORS), backlog: LISTEN_BACKLOG }
        : null
      : options.acceptors;
  if (acceptors) server.once('listening', () => addAcceptors(server, { ...acceptors, channel: process }));
  return server;
}

/** The options a configuration gives the API (admin control aside, which needs a scheduler). */
export function apiOptions(config: Config, readModel: ReadModel, log: Logger): ApiServerOptions {
  return {
    readModel,
    log,
    rateLimit: config.rateLimit,
    limits: config.apiServer,
    ...(config.fastLane ? {} : { lookup: null }),
    ...(config.trustProxy !== null ? { trustProxy: config.trustProxy } : {}),
  };
}
