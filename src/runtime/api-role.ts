// One of `start`'s API processes (node:cluster workers, all reading the same SQLite file). It loads the read
// side and the API, never the scrapers, the scheduler or the sandbox's servers.
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { platformStatuses } from '../aggregator/read/platform-status.js';
import { Store } from '../aggregator/store/store.js';
import { startApiAlerts } from '../aggregator/alerts/runtime.js';
import { apiOptions, createApiServer } from '../api/app.js';
import { configuredClock } from '../sandbox/settings.js';
import type { StartedRole } from './child.js';
import { listen } from './listening.js';
import { createReadModel, enabledPlatforms } from './read-side.js';

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
