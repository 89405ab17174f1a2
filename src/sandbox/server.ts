// Starts the sandbox: one loopback HTTP server per platform, each speaking that platform's real API, plus a
// control server for what no real platform has (the ground truth).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import type { Clock } from '../clock.js';
import type { PlatformId } from '../domain.js';
import { parisDate, parisMidnight, addDaysToDate } from '../time.js';
import { SANDBOX_PLATFORMS } from './platforms/index.js';
import { groundTruth } from './truth.js';
import type { World } from './world.js';

export interface SandboxOptions {
  readonly world: World;
  readonly clock: Clock;
  readonly platforms: readonly PlatformId[];
  readonly host?: string;
}

export interface RunningSandbox {
  /** Base URL of each platform's server, e.g. `http://127.0.0.1:41234`. */
  readonly baseUrls: Readonly<Partial<Record<PlatformId, string>>>;
  /** Base URL of the control server (`/__sandbox/truth`). */
  readonly controlUrl: string;
  /** Requests each platform has received since start: what a scraper costs the platforms. */
  requestCounts(): Partial<Record<PlatformId, number>>;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const host = options.host ?? '127.0.0.1';
  const servers: Server[] = [];
  const baseUrls: Partial<Record<PlatformId, string>> = {};
  const requestCounts: Partial<Record<PlatformId, number>> = {};
  for (const platform of options.platforms) {
    const module = SANDBOX_PLATFORMS[platform];
    if (!module) throw new Error(`the sandbox has no platform "${platform}"`);
    const app = express();
    app.disable('x-powered-by');
    app.use((_request, _response, next) => {
      requestCounts[platform] = (requestCounts[platform] ?? 0) + 1;
      next();
    });
    app.use(module.router({ world: options.world, clock: options.clock }));
    const server = await listen(app, host);
    servers.push(server);
    baseUrls[platform] = `http://${host}:${(server.address() as AddressInfo).port}`;
  }

  const control = express();
  control.get('/__sandbox/truth', (request, response) => {
    const at = options.clock.now();
    const days = Number(request.query.days ?? 11);
    const to = parisMidnight(addDaysToDate(parisDate(at), days))!;
    const truth = groundTruth(options.world, options.platforms, at, { from: at, to });
    response.json({
      at: at.toISOString(),
      centres: [...truth.values()].map((centre) => ({ ...centre, slots: centre.slots.map((slot) => slot.toISOString()) })),
    });
  });
  const controlServer = await listen(control, host);
  servers.push(controlServer);

  return {
    baseUrls,
    controlUrl: `http://${host}:${(controlServer.address() as AddressInfo).port}`,
    requestCounts: () => ({ ...requestCounts }),
    close: () => Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())))).then(() => undefined),
  };
}

function listen(app: express.Express, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, host, () => resolve(server));
    server.once('error', reject);
  });
}
