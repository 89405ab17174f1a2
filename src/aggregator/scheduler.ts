// Runs each platform's discovery and scan cycles on their cron schedules, first cycle at start. Two cycles of
// one platform never overlap: a tick that finds the previous cycle still running is skipped, not queued.
import cron, { type ScheduledTask } from 'node-cron';
import type { PlatformConfig } from '../config.js';
import type { PlatformId } from '../domain.js';
import type { Logger } from '../logger.js';
import type { PlatformAdapter, ScrapeContext } from '../scrapers/adapter.js';
import { discoverPlatform, scanPlatform, type ScanSummary } from './pipeline.js';
import type { Store } from './store.js';

const SCAN_RETENTION_MS = 7 * 24 * 3_600_000;

export interface SchedulerOptions {
  readonly store: Store;
  readonly adapters: ReadonlyMap<PlatformId, PlatformAdapter>;
  readonly platforms: Readonly<Record<PlatformId, PlatformConfig>>;
  readonly context: ScrapeContext;
  readonly horizonDays: number;
  readonly log: Logger;
  /** Called when a cycle has changed the data, so read models can be rebuilt. */
  readonly onDataChanged?: () => void;
}

export class Scheduler {
  private readonly tasks: ScheduledTask[] = [];
  private readonly running = new Map<PlatformId, Promise<void>>();
  /** When the last completed discovery of each platform started: centres seen since then are scanned. */
  private readonly lastDiscovery = new Map<PlatformId, number>();
  /** Paused platforms: their ticks are skipped until resumed (admin routes). */
  private readonly paused = new Set<PlatformId>();
  private stopped = false;

  constructor(private readonly options: SchedulerOptions) {}

  /** Schedules every platform and starts a first full cycle (discovery then scan) for each right away. */
  start(): Promise<void> {
    for (const platform of this.options.adapters.keys()) {
      const config = this.options.platforms[platform];
      this.tasks.push(cron.schedule(config.discoveryCron, () => void this.runCycle(platform, true)));
      this.tasks.push(cron.schedule(config.scanCron, () => void this.runCycle(platform, false)));
    }
    return Promise.all([...this.options.adapters.keys()].map((platform) => this.runCycle(platform, true))).then(() => undefined);
  }

  /** Runs a cycle now unless one is running for the platform; resolves when the platform is idle again. */
  runCycle(platform: PlatformId, withDiscovery: boolean): Promise<void> {
    const current = this.running.get(platform);
    if (current) {
      this.options.log.warn({ platform }, 'previous cycle still running; tick skipped');
      return current;
    }
    if (this.stopped || this.paused.has(platform)) return Promise.resolve();
    const cycle = this.cycle(platform, withDiscovery || !this.lastDiscovery.has(platform)).finally(() => this.running.delete(platform));
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

  /** Stops scheduling and waits for the cycles in flight to finish their current work. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const task of this.tasks) await task.stop();
    await Promise.all(this.running.values());
  }

  private async cycle(platform: PlatformId, withDiscovery: boolean): Promise<void> {
    const { store, context, log } = this.options;
    const adapter = this.options.adapters.get(platform)!;
    try {
      if (withDiscovery) {
        const discovery = await discoverPlatform(adapter, store, context);
        log.info({ platform, centres: discovery.centres, ms: discovery.durationMs, error: discovery.error }, 'discovery done');
        if (!discovery.error || !this.lastDiscovery.has(platform)) this.lastDiscovery.set(platform, discovery.startedAt);
        this.options.onDataChanged?.();
      }
      if (this.stopped) return;
      const centres = store.centresToScan(platform, this.lastDiscovery.get(platform) ?? 0);
      const summary: ScanSummary = await scanPlatform(adapter, centres, store, context, {
        horizonDays: this.options.horizonDays,
        concurrency: this.options.platforms[platform].concurrency,
      });
      log.info(summary, 'scan cycle done');
      store.pruneScansBefore(context.clock.now().getTime() - SCAN_RETENTION_MS);
      this.options.onDataChanged?.();
    } catch (error) {
      // A cycle that breaks (a bug, the disk) is logged and retried at the next tick; the process lives on.
      log.error({ platform, err: error instanceof Error ? error.message : String(error) }, 'cycle failed');
    }
  }
}
