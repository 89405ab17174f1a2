// Starts the sandbox: one loopback HTTP server per platform, each speaking that platform's real API, plus a
// control server for what no real platform has (the ground truth, fault injection).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { PlatformId } from '../domain.js';
import { parisDate, parisMidnight, addDaysToDate } from '../time.js';
import { closures as newClosures, withClosures, type Closures } from './closures.js';
import { fastJson } from './fast-json.js';
import { FaultInjector, faultSettingsSchema } from './faults.js';
import { SANDBOX_PLATFORMS } from './platforms/index.js';
import { groundTruth } from './truth.js';
import type { World } from './world.js';

export interface SandboxOptions {
  readonly world: World;
  readonly clock: Clock;
  readonly platforms: readonly PlatformId[];
  readonly host?: string;
  /**
   * Milliseconds added before every platform answer, like a real platform's own response time. A timer, not
   * work: the sandbox's event loop stays free, so the answer time does not grow with the world or the load.
   */
  readonly latencyMs?: number;
  /** Faults to inject in front of every platform (a fresh injector, injecting nothing, by default). */
  readonly faults?: FaultInjector;
}

export interface RunningSandbox {
  /** Base URL of each platform's server, e.g. `http://127.0.0.1:41234`. */
  readonly baseUrls: Readonly<Partial<Record<PlatformId, string>>>;
  /** Base URL of the control server (`/__sandbox/truth`). */
  readonly controlUrl: string;
  /** Set faults per platform from code; the control server's `/__sandbox/faults` does the same over HTTP. */
  readonly faults: FaultInjector;
  /** Departments shown fully booked; `/__sandbox/closed/{department}` (PUT closes, DELETE reopens) too. */
  readonly closures: Closures;
  /** Requests each platform has received since start: what a scraper costs the platforms. */
  requestCounts(): Partial<Record<PlatformId, number>>;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const host = options.host ?? '127.0.0.1';
  const servers: Server[] = [];
  const baseUrls: Partial<Record<PlatformId, string>> = {};
  const faults = options.faults ?? new FaultInjector();
  const requestCounts: Partial<Record<PlatformId, number>> = {};
  const closures = newClosures();
  const world = withClosures(options.world, closures.closed);
  for (const platform of options.platforms) {
    const module = SANDBOX_PLATFORMS[platform];
    if (!module) throw new Error(`the sandbox has no platform "${platform}"`);
    const app = express();
    app.disable('x-powered-by');
    // No scraper revalidates, and a SHA-1 of every answer body was a measurable share of the sandbox's CPU.
    app.set('etag', false);
    app.response.json = fastJson(app.response.json);
    app.use((_request, _response, next) => {
      requestCounts[platform] = (requestCounts[platform] ?? 0) + 1;
      next();
    });
    const latencyMs = options.latencyMs ?? 0;
    if (latencyMs > 0) app.use((_request, _response, next) => void setTimeout(next, latencyMs));
    app.use(faults.middleware(platform));
    app.use(module.router({ world, clock: options.clock }));
    const server = await listen(app, host);
    servers.push(server);
    baseUrls[platform] = `http://${host}:${(server.address() as AddressInfo).port}`;
  }

  const control = express();
  // The world is a pure function of time: the truth of any instant, past or future (`at`), not only of now.
  control.get('/__sandbox/truth', (request, response) => {
    const query = truthQuerySchema.safeParse(request.query);
    if (!query.success) {
      response.status(400).json({
        error: {
          code: 'invalid_query',
          message: query.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
        },
      });
      return;
    }
    const at = query.data.at ?? options.clock.now();
    const days = query.data.days;
    const to = parisMidnight(addDaysToDate(parisDate(at), days))!;
    const truth = groundTruth(world, options.platforms, at, { from: at, to });
    response.json({
      at: at.toISOString(),
      centres: [...truth.values()].map((centre) => ({
        ...centre,
        slots: centre.slots.map((slot) => slot.toISOString()),
      })),
    });
  });
  // What the scrapers have cost each platform so far, for the benchmarks' efficiency figures.
  control.get('/__sandbox/requests', (_request, response) => {
    response.json({
      platforms: requestCounts,
      latencyMs: options.latencyMs ?? 0,
      centres: options.world.centres.length,
    });
  });
  control.put('/__sandbox/closed/:department', (request, response) => {
    closures.close(request.params.department);
    response.json({ closed: [...closures.closed] });
  });
  control.delete('/__sandbox/closed/:department', (request, response) => {
    closures.open(request.params.department);
    response.json({ closed: [...closures.closed] });
  });
  control.get('/__sandbox/faults', (_request, response) => {
    response.json({ platforms: faults.report(), totals: faults.totals() });
  });
  control.put('/__sandbox/faults/:platform', express.json(), (request, response) => {
    const platform = request.params.platform as PlatformId;
    if (!options.platforms.includes(platform)) {
      response
        .status(404)
        .json({ error: { code: 'unknown_platform', message: `the sandbox does not serve "${platform}"` } });
      return;
    }
    const settings = faultSettingsSchema.safeParse(request.body);
    if (!settings.success) {
      response.status(400).json({
        error: {
          code: 'invalid_faults',
          message: settings.error.issues
            .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
            .join('; '),
        },
      });
      return;
    }
    faults.set(platform, settings.data);
    response.json({ platform, settings: settings.data });
  });
  control.delete('/__sandbox/faults{/:platform}', (request, response) => {
    faults.clear(request.params.platform as PlatformId | undefined);
    response.status(204).end();
  });
  const controlServer = await listen(control, host);
  servers.push(controlServer);

  return {
    baseUrls,
    controlUrl: `http://${host}:${(controlServer.address() as AddressInfo).port}`,
    faults,
    closures,
    requestCounts: () => ({ ...requestCounts }),
    close: () => {
      faults.releaseHeld();
      return Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              // Kept-alive and hung connections would hold the close forever.
              server.closeAllConnections();
            }),
        ),
      ).then(() => undefined);
    },
  };
}

const truthQuerySchema = z.object({
  at: z
    .string()
    .refine((value) => !Number.isNaN(Date.parse(value)), 'is not a date-time, e.g. 2026-03-02T08:00:00Z')
    .transform((value) => new Date(value))
    .optional(),
  days: z.coerce.number().int().positive().max(60).default(11),
});

function listen(app: express.Express, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, host, () => resolve(server));
    server.once('error', reject);
  });
}
