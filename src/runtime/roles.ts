// The three roles of `start`, each run in its own process by runChild: the sandbox platforms, the one writer
// (scrapers, scheduler, store writes, the admin routes on their own port), and an API process (one of
// several, under node:cluster, all reading the same SQLite file).
import http, { type Server } from 'node:http';
import express from 'express';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { platformStatuses } from '../aggregator/read/platform-status.js';
import { Store } from '../aggregator/store/store.js';
import { startApiAlerts } from '../aggregator/alerts/runtime.js';
import { apiOptions, createApiServer } from '../api/app.js';
import { errorHandler, notFound } from '../api/errors.js';
import { adminRoutes } from '../api/routes/admin.js';
import { configuredClock } from '../sandbox/settings.js';
import {
  adminControl,
  createReadModel,
  enabledPlatforms,
  listen,
  startConfiguredSandbox,
  startWriter,
} from '../system.js';
import type { StartedRole } from './child.js';
import { startReportingFirstCycle } from './first-cycle-progress.js';

export async function startSandboxRole(config: Config): Promise<StartedRole> {
  const { running, world } = await startConfiguredSandbox(config);
  return {
    ready: {
      type: 'ready',
      role: 'sandbox',
      baseUrls: { ...running.baseUrls },
      controlUrl: running.controlUrl,
      centres: world.centres.length,
    },
    stop: () => running.close(),
  };
}

export async function startWriterRole(config: Config, log: Logger): Promise<StartedRole> {
  const writer = await startWriter({ config, log, statsOnlyReadModel: true });
  let admin: Server | null = null;
  let adminUrl: string | null = null;
  if (config.adminToken) {
    // The admin routes call the scheduler, which lives here: they are served here, on their own port.
    const app = express();
    app.disable('x-powered-by');
    app.set('query parser', 'extended');
    app.use(adminRoutes(adminControl(config.adminToken, writer.scheduler)));
    app.use(notFound);
    app.use(errorHandler(log));
    admin = http.createServer(app);
    adminUrl = await listen(admin, config.adminPort, config.adminHost, 'ADMIN_PORT');
  }
  const stopReporting = startReportingFirstCycle(writer, log);
  return {
    ready: { type: 'ready', role: 'writer', adminUrl },
    async stop() {
      stopReporting();
      if (admin) {
        admin.close();
        admin.closeAllConnections();
      }
      await writer.close();
      log.info('writer stopped: cycles interrupted, database closed');
    },
  };
}

export async function startApiRole(config: Config, log: Logger): Promise<StartedRole> {
  // The writer has migrated the file before any API process starts; this connection only reads.
  const store = new Store(config.databasePath);
  const readModel = createReadModel(store, config);
  const enabled = enabledPlatforms(config);
  // Each API process streams to its own clients; the webhooks are the writer's.
  const alerts = startApiAlerts(config, configuredClock(config));
  const server = createApiServer({
    ...apiOptions(config, readModel, log),
    alerts: alerts.api,
    platformStatus: (snapshot, now) => platformStatuses(store, snapshot, enabled, now),
  });
  // Under node:cluster every API process listens on the same address; the supervisor hands out connections.
  const url = await listen(server, config.port, config.host);
  return {
    ready: { type: 'ready', role: 'api', url },
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      alerts.close();
      store.close();
    },
  };
}
