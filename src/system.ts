// Assembles the system from a configuration: the sandbox (in sandbox mode), one adapter per enabled
// platform pointed at its base URLs, the store, the scheduler and the API. The CLI and the end-to-end tests
// build it the same way.
import type { Clock } from './clock.js';
import { ConfigError, type Config } from './config.js';
import type { PlatformId } from './domain.js';
import type { Logger } from './logger.js';
import type { ReadModel } from './aggregator/read/read-model.js';
import { Scheduler } from './aggregator/ingest/scheduler.js';
import { StatsRecorder } from './aggregator/read/stats-history.js';
import { Store } from './aggregator/store/store.js';
import { startApiAlerts, startWebhooks, type WriterAlerts } from './aggregator/alerts/runtime.js';
import type { AdminControl } from './api/routes/admin.js';
import type { PlatformAdapter, ScrapeContext } from './scrapers/adapter.js';
import { CircuitBreaker, DEFAULT_BREAKER } from './scrapers/breaker.js';
import {
  createHttpClient,
  HttpFailure,
  PROJECT_USER_AGENT,
  type HttpClient,
  type ResilientHttpClient,
} from './scrapers/http.js';
import { unreachableHosts, type ProbeTarget } from './scrapers/reachability.js';
import { PLATFORM_MODULES } from './scrapers/registry.js';
import { DEFAULT_RETRY } from './scrapers/retry.js';
import type { Timer } from './scrapers/timer.js';
import type { FaultInjector } from './sandbox/faults.js';
import type { RunningSandbox } from './sandbox/server.js';
import { configuredClock, configuredWorld } from './sandbox/settings.js';
import type { World } from './sandbox/world.js';
import { listen } from './runtime/listening.js';
import { createReadModel, enabledPlatforms, READ_POLL_MS } from './runtime/read-side.js';
import { startConfiguredSandbox } from './runtime/sandbox-role.js';

// The sandbox's servers and the API are loaded when asked (`await import`): the writer process of `start` runs
// neither, and their modules cost it tens of MiB (src/runtime/memory-report.ts measures each process).
export { createReadModel, enabledPlatforms, listen, READ_POLL_MS, startConfiguredSandbox };

export interface SystemOptions {
  readonly config: Config;
  readonly log: Logger;
  readonly clock?: Clock;
  /** A prepared world for sandbox mode (tests); built from the configuration otherwise. */
  readonly world?: World;
  /** The HTTP clients' waits (retry back-off, rate limit): real by default, virtual in soak tests. */
  readonly timer?: Timer;
  /** Jitter of the retries, for reproducible soak runs. */
  readonly random?: () => number;
  /** The sandbox's fault injector (tests set faults on it before or while the system runs). */
  readonly faults?: FaultInjector;
  /**
   * The writer in its own process: nobody reads answers from its read model (the API processes have theirs),
   * so it keeps only the statistics, sampled by the recorder.
   */
  readonly statsOnlyReadModel?: boolean;
}

export interface Scraping {
  readonly adapters: ReadonlyMap<PlatformId, PlatformAdapter>;
  /** One context for every platform, its client routing each request to the platform's own client. */
  readonly context: ScrapeContext;
  /** Each platform's context: its own HTTP client, with its rate limit and circuit breaker. */
  readonly contexts: ReadonlyMap<PlatformId, ScrapeContext>;
  readonly clients: ReadonlyMap<PlatformId, ResilientHttpClient>;
  readonly breakers: ReadonlyMap<PlatformId, CircuitBreaker>;
  readonly sandbox: RunningSandbox | null;
  readonly world: World | null;
  /** Aborts every request and wait in flight (shutdown). */
  abort(): void;
}

/** The adapters of the enabled platforms and the context they run in, with the sandbox behind them if asked. */
export async function startScraping(options: SystemOptions): Promise<Scraping> {
  const { config, log } = options;
  const clock = options.clock ?? configuredClock(config);
  const platforms = enabledPlatforms(config);
  let sandbox: RunningSandbox | null = null;
  let world: World | null = null;
  if (config.mode === 'live') await refuseUnreachableHosts(config, platforms);
  if (config.mode === 'sandbox' && !config.sandbox.baseUrls) {
    world = options.world ?? configuredWorld(config, clock);
    const { startSandbox } = await import('./sandbox/server.js');
    sandbox = await startSandbox({
      world,
      clock,
      platforms,
      latencyMs: config.sandbox.latencyMs,
      ...(options.faults ? { faults: options.faults } : {}),
    });
  }
  // A sandbox in its own process (`start`, or `npm run cli -- sandbox`) stands where this one would.
  const sandboxUrls = sandbox?.baseUrls ?? (config.mode === 'sandbox' ? config.sandbox.baseUrls : null);
  if (sandboxUrls) {
    const missing = platforms.filter((platform) => !sandboxUrls[platform]);
    if (missing.length > 0) throw new ConfigError(`SANDBOX_BASE_URLS: no URL for ${missing.join(', ')}`);
  }

  const shutdown = new AbortController();
  const adapters = new Map<PlatformId, PlatformAdapter>();
  const clients = new Map<PlatformId, ResilientHttpClient>();
  const breakers = new Map<PlatformId, CircuitBreaker>();
  const contexts = new Map<PlatformId, ScrapeContext>();
  const byOrigin = new Map<string, HttpClient>();
  for (const platform of platforms) {
    const module = PLATFORM_MODULES[platform]!;
    const own = config.platforms[platform];
    const baseUrls = platformBaseUrls(config, platform, sandboxUrls);
    adapters.set(platform, module.create({ baseUrls, ...(own.partnerKey ? { partnerKey: own.partnerKey } : {}) }));
    const breaker = new CircuitBreaker(platform, () => clock.now().getTime(), {
      ...DEFAULT_BREAKER,
      consecutiveFailures: config.resilience.breakerFailures,
      openMs: config.resilience.breakerOpenMs,
    });
    breaker.onTransition((transition) =>
      log[transition.to === 'open' ? 'warn' : 'info'](
        { platform, from: transition.from, to: transition.to, reason: transition.reason },
        `circuit breaker ${transition.to}`,
      ),
    );
    const client = createHttpClient({
      allowedOrigins: Object.values(baseUrls),
      timeoutMs: config.httpTimeoutMs,
      userAgent: PROJECT_USER_AGENT,
      maxBodyBytes: 20 * 1024 * 1024,
      retry: { ...DEFAULT_RETRY, maxAttempts: config.resilience.maxAttempts },
      rateLimit: { requestsPerSecond: own.requestsPerSecond, burst: 1 },
      maxInFlight: own.concurrency,
      breaker,
      signal: shutdown.signal,
      ...(options.timer ? { timer: options.timer } : {}),
      ...(options.random ? { random: options.random } : {}),
    });
    for (const url of Object.values(baseUrls))
      if (!byOrigin.has(new URL(url).origin)) byOrigin.set(new URL(url).origin, client);
    clients.set(platform, client);
    breakers.set(platform, breaker);
    contexts.set(platform, { http: client, clock, log, maxSlotsPerCentre: config.maxSlotsPerCentre });
  }
  const router: HttpClient = {
    request(request) {
      let origin: string | null = null;
      try {
        origin = new URL(request.url).origin;
      } catch {
        // refused below
      }
      const client = origin === null ? undefined : byOrigin.get(origin);
      if (!client)
        return Promise.reject(
          new HttpFailure('host-not-allowed', `${request.url}: host is not in the configured platforms`),
        );
      return client.request(request);
    },
  };
  return {
    adapters,
    context: { http: router, clock, log, maxSlotsPerCentre: config.maxSlotsPerCentre },
    contexts,
    clients,
    breakers,
    sandbox,
    world,
    abort: () => shutdown.abort(),
  };
}

/** Where a platform's requests go, per host role: the sandbox, a configured base URL, or the real hosts. */
function platformBaseUrls(
  config: Config,
  platform: PlatformId,
  sandboxUrls: Readonly<Partial<Record<PlatformId, string>>> | null,
): Record<string, string> {
  const module = PLATFORM_MODULES[platform]!;
  const own = config.platforms[platform];
  return Object.fromEntries(
    Object.entries(module.liveBaseUrls).map(([role, live]) => [role, sandboxUrls?.[platform] ?? own.baseUrl ?? live]),
  );
}

/** Live mode: every host of every enabled platform must accept a TCP connection, or the start is refused. */
export async function refuseUnreachableHosts(
  config: Config,
  platforms: readonly PlatformId[] = enabledPlatforms(config),
): Promise<void> {
  const targets: ProbeTarget[] = [];
  for (const platform of platforms) {
    const owner = config.platforms[platform].baseUrl ? `${platform.toUpperCase()}_BASE_URL` : platform;
    for (const url of new Set(Object.values(platformBaseUrls(config, platform, null)))) targets.push({ owner, url });
  }
  const unreachable = await unreachableHosts(targets, config.resilience.probeTimeoutMs);
  if (unreachable.length > 0) {
    throw new ConfigError(
      `unreachable platform hosts in ` +
        `live mode: ${unreachable.map((target) => `${target.owner} (${target.url}): ${target.reason}`).join('; ')}`,
    );
  }
}

/** The writing half of the system: scrapers, store, scheduler, statistics; no public HTTP. */
export interface RunningWriter {
  readonly store: Store;
  /** The writer's own read model: the statistics history samples it. */
  readonly readModel: ReadModel;
  readonly scheduler: Scheduler;
  readonly statsRecorder: StatsRecorder;
  readonly scraping: Scraping;
  /** The webhook dispatcher: posted from the writer alone, so each alert is posted once. */
  readonly alerts: WriterAlerts;
  close(): Promise<void>;
}

export interface RunningSystem extends RunningWriter {
  /** The API's own URL, e.g. `http://127.0.0.1:8080`. */
  readonly apiUrl: string;
}

/** Sandbox (if any), scrapers, store, scheduler (built, not started): what the writer process runs. */
export async function startWriter(options: SystemOptions): Promise<RunningWriter> {
  const { config, log } = options;
  const clock = options.clock ?? configuredClock(config);
  const scraping = await startScraping(options);
  const store = new Store(config.databasePath);
  // Follows the change log on a timer too, so the changes of a cycle under way show within a moment.
  const readModel = createReadModel(store, config, clock, options.statsOnlyReadModel === true);
  // The recorder asks the scheduler (built just below) whether a cycle runs, only once a timer fires.
  const statsRecorder = new StatsRecorder(store, readModel, clock, config.statsHistory, log, () =>
    scheduler.platforms().some((platform) => scheduler.isRunning(platform)),
  );
  const scheduler = new Scheduler({
    store,
    adapters: scraping.adapters,
    platforms: config.platforms,
    context: scraping.context,
    contexts: scraping.contexts,
    horizonDays: config.horizonDays,
    discovery: config.discovery,
    changeLogRetention: { maxAgeMs: config.changes.changeLogMaxAgeMs, maxRows: config.changes.changeLogMaxRows },
    historyRetention: config.history,
    recheck: config.recheck,
    log,
    onDataChanged: () => {
      // A statistics-only model is brought up to date by the recorder's own sample, not after every cycle.
      if (!options.statsOnlyReadModel) readModel.settle();
      statsRecorder.dataChanged();
    },
  });
  recordBreakerStates(scraping, store, clock);
  // After the Store: it has migrated the file the alerts' own connection opens.
  const alerts = startWebhooks(config, clock, log);
  return {
    store,
    readModel,
    scheduler,
    statsRecorder,
    scraping,
    alerts,
    async close() {
      scraping.abort();
      await scheduler.stop();
      statsRecorder.stop();
      await alerts.close();
      await scraping.sandbox?.close();
      store.close();
    },
  };
}

/** Each breaker's state goes to the database, where /api/v1/platforms (in any API process) reads it. */
function recordBreakerStates(scraping: Scraping, store: Store, clock: Clock): void {
  for (const [platform, breaker] of scraping.breakers) {
    let reason: string | null = null;
    const record = () => {
      const status = breaker.status();
      store.recordBreakerState({
        platform,
        state: status.state,
        since: status.since,
        reason,
        openUntil: status.state === 'open' ? status.since + breaker.options.openMs : null,
        openings: status.openings,
        recoveries: status.recoveries,
        updatedAt: clock.now().getTime(),
      });
    };
    breaker.onTransition((transition) => {
      reason = transition.reason;
      record();
    });
    record();
  }
}

/**
 * Everything in one process (tests, benchmarks of one loop): the writer and the API over its read model, the
 * admin routes beside the public ones. `start` runs the same parts in separate processes (src/runtime/).
 */
export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const { config, log } = options;
  const writer = await startWriter(options);
  const { apiOptions, createApiServer } = await import('./api/app.js');
  const { platformStatuses } = await import('./aggregator/read/platform-status.js');
  const enabled = [...writer.scraping.adapters.keys()];
  const apiAlerts = startApiAlerts(config, options.clock ?? configuredClock(config));
  const server = createApiServer({
    ...apiOptions(config, writer.readModel, log),
    alerts: apiAlerts.api,
    platformStatus: (snapshot, now) => platformStatuses(writer.store, snapshot, enabled, now),
    ...(config.adminToken ? { admin: adminControl(config.adminToken, writer.scheduler) } : {}),
  });
  const apiUrl = await listen(server, config.port, config.host);
  return {
    ...writer,
    apiUrl,
    async close() {
      writer.scraping.abort();
      await writer.scheduler.stop();
      writer.statsRecorder.stop();
      writer.readModel.stop();
      await writer.alerts.close();
      apiAlerts.close();
      // Open alert streams would keep close() waiting: every connection goes at once.
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await writer.scraping.sandbox?.close();
      writer.store.close();
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
