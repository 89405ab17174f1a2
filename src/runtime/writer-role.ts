// `start`'s one writer process: scrapers, scheduler, store writes, and the admin routes on their own port. It
// loads neither the public API nor the sandbox's servers (src/system.ts imports them only when asked).
import type { Server } from 'node:http';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { adminControl, listen, startWriter, type RunningWriter } from '../system.js';
import type { StartedRole } from './child.js';
import { startReportingFirstCycle } from './first-cycle-progress.js';

export async function startWriterRole(config: Config, log: Logger): Promise<StartedRole> {
  const writer = await startWriter({ config, log, statsOnlyReadModel: true });
  const admin = config.adminToken ? await serveAdmin(config, config.adminToken, writer, log) : null;
  const stopReporting = startReportingFirstCycle(writer, log);
  return {
    ready: { type: 'ready', role: 'writer', adminUrl: admin?.url ?? null },
    async stop() {
      stopReporting();
      if (admin) {
        admin.server.close();
        admin.server.closeAllConnections();
      }
      await writer.close();
      log.info('writer stopped: cycles interrupted, database closed');
    },
  };
}

/** The admin routes call the scheduler, which lives here: they are served here, on their own port. */
async function serveAdmin(
  config: Config,
  token: string,
  writer: RunningWriter,
  log: Logger,
): Promise<{ server: Server; url: string }> {
  // Loaded only when an admin token is set: without one the writer serves no HTTP at all.
  const [{ default: http }, { default: express }, { errorHandler, notFound }, { adminRoutes }] = await Promise.all([
    import('node:http'),
    import('express'),
    import('../api/errors.js'),
    import('../api/routes/admin.js'),
  ]);
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'extended');
  app.use(adminRoutes(adminControl(token, writer.scheduler)));
  app.use(notFound);
  app.use(errorHandler(log));
  const server = http.createServer(app);
  return { server, url: await listen(server, config.adminPort, config.adminHost, 'ADMIN_PORT') };
}
