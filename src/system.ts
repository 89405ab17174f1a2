// Assembles the system from a configuration: the sandbox (in sandbox mode), one adapter per enabled
// platform pointed at its base URLs, the store, the scheduler and the API. The CLI and the end-to-end tests
// build it the same way.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { PLATFORMS, type PlatformId } from './domain.js';
import type { Logger } from './logger.js';
import { ReadModel } from './aggregator/read-model.js';
import { Scheduler } from './aggregator/scheduler.js';
import { StatsRecorder } from './aggregator/stats-history.js';
import { Store } from './aggregator/store.js';
import { apiOptions, createApp } from './api/app.js';
import type { AdminControl } from './api/routes/admin.js';
import type { PlatformAdapter, ScrapeContext } from './scrapers/adapter.js';
import { createHttpClient, PROJECT_USER_AGENT } from './scrapers/http.js';
import { PLATFORM_MODULES } from './scrapers/registry.js';
import { startSandbox, type RunningSandbox } from './sandbox/server.js';
import { createWorld, type World } from './sandbox/world.js';

export interface SystemOptions {
  readonly config: Config;
  readonly log: Logger;
  readonly clock?: Clock;
  /** A prepared world for sandbox mode (tests); built from the configuration otherwise. */
  readonly world?: World;
}

export interface Scraping {
  readonly adapters: ReadonlyMap<PlatformId, PlatformAdapter>;
  readonly context: ScrapeContext;
  readonly sandbox: RunningSandbox | null;
  readonly world: World | null;
}

export function enabledPlatforms(config: Config): PlatformId[] {
  return PLATFORMS.filter((platform) => config.platforms[platform].enabled && PLATFORM_MODULES[platform]);
}

/** The adapters of the enabled platforms and the context they run in, with the sandbox behind them if asked. */
export async function startScraping(options: SystemOptions): Promise<Scraping> {
  const { config, log } = options;
  const clock = options.clock ?? systemClock;
  const platforms = enabledPlatforms(config);
  let sandbox: RunningSandbox | null = null;
  let world: World | null = null;
  if (config.mode === 'sandbox') {
    world = options.world ?? createWorld(config.sandbox);
    sandbox = await startSandbox({ world, clock, platforms });
  }

  const adapters = new Map<PlatformId, PlatformAdapter>();
  const origins: string[] = [];
  for (const platform of platforms) {
    const module = PLATFORM_MODULES[platform]!;
    const own = config.platforms[platform];
    const baseUrls = Object.fromEntries(
      Object.entries(module.liveBaseUrls).map(([role, live]) => [role, sandbox?.baseUrls[platform] ?? own.baseUrl ?? live]),
    );
    origins.push(...Object.values(baseUrls));
    adapters.set(platform, module.create({ baseUrls, ...(own.partnerKey ? { partnerKey: own.partnerKey } : {}) }));
  }
  const http = createHttpClient({ allowedOrigins: origins, timeoutMs: config.httpTimeoutMs, userAgent: PROJECT_USER_AGENT, maxBodyBytes: 20 * 1024 * 1024 });
  return { adapters, context: { http, clock, log }, sandbox, world };
}

export interface RunningSystem {
  readonly store: Store;
  readonly readModel: ReadModel;
  readonly scheduler: Scheduler;
  readonly statsRecorder: StatsRecorder;
  readonly scraping: Scraping;
  /** The API's own URL, e.g. `http://127.0.0.1:8080`. */
  readonly apiUrl: string;
  close(): Promise<void>;
}

/** Everything running: sandbox (if any), store, API listening; the scheduler is built but not started. */
export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const { config, log } = options;
  const clock = options.clock ?? systemClock;
  const scraping = await startScraping(options);
  const store = new Store(config.databasePath);
  const readModel = new ReadModel(store, clock, config.freshnessLimitMs);
  // The recorder asks the scheduler (built just below) whether a cycle runs, only once a timer fires.
  const statsRecorder = new StatsRecorder(store, readModel, clock, config.statsHistory, log, () =>
    scheduler.platforms().some((platform) => scheduler.isRunning(platform)),
  );
  const scheduler = new Scheduler({
    store,
    adapters: scraping.adapters,
    platforms: config.platforms,
    context: scraping.context,
    horizonDays: config.horizonDays,
    log,
    onDataChanged: () => {
      readModel.invalidate();
      statsRecorder.dataChanged();
    },
  });
  const app = createApp({ ...apiOptions(config, readModel, log), ...(config.adminToken ? { admin: adminControl(config.adminToken, scheduler) } : {}) });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(config.port, config.host, () => resolve(listening));
    listening.once('error', reject);
  });
  const address = server.address() as AddressInfo;

  return {
    store,
    readModel,
    scheduler,
    statsRecorder,
    scraping,
    apiUrl: `http://${config.host}:${address.port}`,
    async close() {
      await scheduler.stop();
      statsRecorder.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await scraping.sandbox?.close();
      store.close();
    },
  };
}

/** What the admin routes may do to the scheduler, and nothing more. */
export function adminControl(token: string, scheduler: Scheduler): AdminControl {
  return {
    token,
    platforms: () => scheduler.platforms(),
    isRunning: (platform) => scheduler.isRunning(platform),
    isPaused: (platform) => scheduler.isPaused(platform),
    runCycle(platform, withDiscovery) {
      if (scheduler.isPaused(platform)) return 'paused';
      if (scheduler.isRunning(platform)) return 'already-running';
      void scheduler.runCycle(platform, withDiscovery);
      return 'started';
    },
    pause: (platform) => scheduler.pause(platform),
    resume: (platform) => scheduler.resume(platform),
  };
}
