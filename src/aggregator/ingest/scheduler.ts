// Runs each platform's discovery and scan cycles on their cron schedules, first cycle at start. Two cycles of
// one platform never overlap: a tick that finds the previous cycle still running is skipped, not queued.
// Stopping aborts the cycles in flight between centres: no centre starts after the stop, and one interrupted
// midway keeps its previous scan.
import cron, { type ScheduledTask } from 'node-cron';
import type { PlatformConfig } from '../../config.js';
import type { PlatformId } from '../../domain.js';
import type { Logger } from '../../logger.js';
import type { PlatformAdapter, ScrapeContext } from '../../scrapers/adapter.js';
import type { DiscoverySettings } from './discovery-verdict.js';
import { discoverPlatform, scanPlatform, type ScanSummary } from './pipeline.js';
import { Rechecker, type RecheckSettings, type RecheckSummary } from './recheck.js';
import { DEFAULT_CHANGE_LOG_RETENTION, type ChangeLogRetention } from '../store/change-log.js';
import type { Store } from '../store/store.js';
import { DEFAULT_SLOT_HISTORY_RETENTION, type SlotHistoryRetention } from '../store/slot-history.js';

const SCAN_RETENTION_MS = 7 * 24 * 3_600_000;

export interface SchedulerOptions {
  readonly store: Store;
  readonly adapters: ReadonlyMap<PlatformId, PlatformAdapter>;
  readonly platforms: Readonly<Record<PlatformId, PlatformConfig>>;
  readonly context: ScrapeContext;
  /** Each platform's own context (its own HTTP client, rate limit and breaker); `context` otherwise. */
  readonly contexts?: ReadonlyMap<PlatformId, ScrapeContext>;
  readonly horizonDays: number;
  /** When a discovery is believed and a centre retired (discovery-verdict.ts); the defaults otherwise. */
  readonly discovery?: DiscoverySettings;
  readonly log: Logger;
  /** How long and how many changes the change log keeps (pruned after each scan cycle). */
  readonly changeLogRetention?: ChangeLogRetention;
  /** How long the slot history keeps centre hours and daily figures (rolled up after each scan cycle). */
  readonly historyRetention?: SlotHistoryRetention;
  /** Called when a cycle has changed the data, so read models can be rebuilt. */
  readonly onDataChanged?: () => void;
  /** Rescanning the centres of each department's soonest slots between cycles (recheck.ts); none when absent. */
  readonly recheck?: RecheckSettings | null;
}

export class Scheduler {
  private readonly tasks: ScheduledTask[] = [];
  private readonly running = new Map<PlatformId, Promise<void>>();
  /** Platforms whose discovery ran in this process: a platform's first cycle always discovers. */
  private readonly discovered = new Set<PlatformId>();
  private readonly abort = new AbortController();
  /** Paused platforms: their ticks are skipped until resumed (admin routes). */
  private readonly paused = new Set<PlatformId>();
  private stopped = false;
  private readonly rechecker: Rechecker | null;
  private recheckTimer: NodeJS.Timeout | null = null;
  private recheckInFlight: Promise<RecheckSummary> | null = null;

  constructor(private readonly options: SchedulerOptions) {
    const settings = options.recheck;
    this.rechecker = settings
      ? new Rechecker({
          store: options.store,
          adapters: options.adapters,
          contextOf: (platform) => options.contexts?.get(platform) ?? options.context,
          clock: options.context.clock,
          horizonDays: options.horizonDays,
          settings,
          skip: (platform) => this.paused.has(platform),
          signal: this.abort.signal,
        })
      : null;
  }

  /** Schedules every platform and starts a first full cycle (discovery then scan) for each right away. */
  start(): Promise<void> {
    for (const platform of this.options.adapters.keys()) {
      const config = this.options.platforms[platform];
      this.tasks.push(cron.schedule(config.discoveryCron, () => void this.runCycle(platform, true)));
      this.tasks.push(cron.schedule(config.scanCron, () => void this.runCycle(platform, false)));
    }
    if (this.options.recheck) this.recheckTimer = setInterval(() => void this.recheck(), this.options.recheck.periodMs);
    return Promise.all([...this.options.adapters.keys()].map((platform) => this.runCycle(platform, true))).then(
      () => undefined,
    );
  }

  /** Runs a cycle now unless one is running for the platform; resolves when the platform is idle again. */
  runCycle(platform: PlatformId, withDiscovery: boolean): Promise<void> {
    const current = this.running.get(platform);
    if (current) {
      this.options.log.warn({ platform }, 'previous cycle still running; tick skipped');
      return current;
    }
    if (this.stopped || this.paused.has(platform)) return Promise.resolve();
    const cycle = this.cycle(platform, withDiscovery || !this.discovered.has(platform)).finally(() =>
      this.running.delete(platform),
    );
    this.running.set(platform, cycle);
    return cycle;
  }

  isRunning(platform: PlatformId): boolean {
    return this.running.has(platform);
  }

  /** A paused platform runs no cycle, scheduled or asked for, until resumed; a cycle in flight finishes. */
  pause(platform: PlatformId): void {
    this.paused.add(platform);
  }

  resume(platform: PlatformId): void {
    this.paused.delete(platform);
  }

  isPaused(platform: PlatformId): boolean {
    return this.paused.has(platform);
  }

  platforms(): PlatformId[] {
    return [...this.options.adapters.keys()];
  }

  /**
   * One recheck of the soonest slots' centres now (the timer's tick; benchmarks call it on their own clock).
   * A tick that finds the previous one running joins it instead of starting another.
   */
  recheck(): Promise<RecheckSummary> {
    const none: RecheckSummary = { scanned: 0, recent: 0, busy: 0 };
    if (!this.rechecker || this.stopped) return Promise.resolve(none);
    if (this.recheckInFlight) return this.recheckInFlight;
    const tick = this.rechecker
      .tick()
      .then((summary) => {
        if (summary.scanned > 0) {
          this.options.log.debug(summary, 'recheck done');
          this.options.onDataChanged?.();
        }
        return summary;
      })
      .catch((error: unknown) => {
        this.options.log.error({ err: error instanceof Error ? error.message : String(error) }, 'recheck failed');
        return none;
      })
      .finally(() => {
        this.recheckInFlight = null;
      });
    this.recheckInFlight = tick;
    return tick;
  }

  /** Stops scheduling, interrupts the cycles in flight between centres and waits for them to wind down. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    if (this.recheckTimer) clearInterval(this.recheckTimer);
    for (const task of this.tasks) await task.stop();
    await Promise.all([...this.running.values(), this.recheckInFlight]);
  }

  /** Aborted when the scheduler stops. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  private async cycle(platform: PlatformId, withDiscovery: boolean): Promise<void> {
    const { store, log } = this.options;
    const context = this.options.contexts?.get(platform) ?? this.options.context;
    const adapter = this.options.adapters.get(platform)!;
    const signal = this.abort.signal;
    try {
      if (withDiscovery) {
        // Which centres are scanned and listed is the verdict's business (discovery-verdict.ts): a failed
        // or held discovery leaves the believed ones as they were.
        const discovery = await discoverPlatform(adapter, store, context, signal, this.options.discovery);
        const { centres, durationMs: ms, verdict, error, reason, retired, activated } = discovery;
        if (verdict === 'accepted') log.info({ platform, centres, ms, verdict, retired, activated }, 'discovery done');
        else
          log.warn(
            { platform, centres, ms, verdict, error, reason },
            'discovery not believed: scanning the centres believed before',
          );
        this.discovered.add(platform);
        this.options.onDataChanged?.();
      }
      if (this.stopped) return;
      const centres = store.centresToScan(platform);
      const summary: ScanSummary = await scanPlatform(adapter, centres, store, context, {
        horizonDays: this.options.horizonDays,
        concurrency: this.options.platforms[platform].concurrency,
        signal,
      });
      log.info(summary, 'scan cycle done');
      store.pruneScansBefore(context.clock.now().getTime() - SCAN_RETENTION_MS);
      // Before the log is pruned: what the history has not rolled up yet would be lost with it.
      store.rollUpHistory(
        this.options.historyRetention ?? DEFAULT_SLOT_HISTORY_RETENTION,
        context.clock.now().getTime(),
      );
      store.pruneChangeLog(
        this.options.changeLogRetention ?? DEFAULT_CHANGE_LOG_RETENTION,
        context.clock.now().getTime(),
      );
      this.options.onDataChanged?.();
    } catch (error) {
      // A cycle that breaks (a bug, the disk) is logged and retried at the next tick; the process lives on.
      log.error({ platform, err: error instanceof Error ? error.message : String(error) }, 'cycle failed');
    }
  }
}
