// Ghost slots: in a rush, the soonest slots shown are the ones people click first, so they go first. Between
// full cycles, the centres holding each department's soonest slots are rescanned on a short period, through
// each platform's own HTTP client (its rate limit and circuit breaker apply) and a few at a time per platform,
// so the full cycle keeps most of each platform's pace.
import pLimit from 'p-limit';
import type { Clock } from '../../clock.js';
import type { Centre, PlatformId } from '../../domain.js';
import type { PlatformAdapter, ScrapeContext } from '../../scrapers/adapter.js';
import { runScan, scanWindow } from './scan.js';
import { writeQueueOf } from './write-queue.js';
import type { Store } from '../store/store.js';
import { getOrInsert } from '../../maps.js';

/** Rounds of one tick at most: each rechecks the holders that the previous round's removals brought up. */
const MAX_ROUNDS = 3;

export interface RecheckSettings {
  /** How often the soonest slots are rechecked (clock time). */
  readonly periodMs: number;
  /** Slots per department whose centres are rechecked: the ones the department's answer shows first. */
  readonly top: number;
  /** Rechecks in flight per platform, beside the full cycle's own. */
  readonly concurrency: number;
}

export interface RecheckOptions {
  readonly store: Store;
  readonly adapters: ReadonlyMap<PlatformId, PlatformAdapter>;
  readonly contextOf: (platform: PlatformId) => ScrapeContext;
  readonly clock: Clock;
  readonly horizonDays: number;
  readonly settings: RecheckSettings;
  /** Platforms not to recheck now (paused by an admin). */
  readonly skip?: (platform: PlatformId) => boolean;
  readonly signal?: AbortSignal;
}

export interface RecheckSummary {
  /** Centres rescanned. */
  readonly scanned: number;
  /** Holders of soonest slots left alone: scanned recently, by the full cycle or a previous recheck. */
  readonly recent: number;
  /** Holders left alone because their platform's previous recheck was still running, or it is paused. */
  readonly busy: number;
}

export class Rechecker {
  /** A platform's recheck still running: its next one waits for the tick after it ends, never piles up. */
  private readonly running = new Set<PlatformId>();

  constructor(private readonly options: RecheckOptions) {}

  async tick(): Promise<RecheckSummary> {
    const { store, settings } = this.options;
    const now = this.options.clock.now().getTime();
    // Half a period: a recheck of the previous tick, which ended a moment after it began, is not "recent",
    // while a centre the full cycle has just scanned is as fresh as a recheck would make it.
    const recentSince = now - settings.periodMs / 2;
    const done = new Set<string>();
    let scanned = 0;
    let recent = 0;
    let busy = 0;
    // Booked slots that a round removes let later slots move up into the top: their holders are rechecked in
    // the next round of the same tick, so that what is shown after a tick was all just checked.
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const byPlatform = new Map<PlatformId, Centre[]>();
      for (const { centre, lastCheckedAt } of store.soonestHolders(now, settings.top)) {
        if (done.has(centre.id) || !this.options.adapters.has(centre.platform)) continue;
        if (lastCheckedAt !== null && lastCheckedAt > recentSince) {
          if (round === 0) recent += 1;
          continue;
        }
        if (this.running.has(centre.platform) || this.options.skip?.(centre.platform)) {
          if (round === 0) busy += 1;
          continue;
        }
        done.add(centre.id);
        getOrInsert(byPlatform, centre.platform, () => [] as Centre[]).push(centre);
      }
      if (byPlatform.size === 0) break;
      const counts = await Promise.all([...byPlatform].map(([platform, centres]) => this.recheck(platform, centres)));
      scanned += counts.reduce((sum, count) => sum + count, 0);
    }
    return { scanned, recent, busy };
  }

  private async recheck(platform: PlatformId, centres: readonly Centre[]): Promise<number> {
    const { store, signal } = this.options;
    const adapter = this.options.adapters.get(platform)!;
    const ctx = this.options.contextOf(platform);
    const limit = pLimit(this.options.settings.concurrency);
    const queue = writeQueueOf(store);
    this.running.add(platform);
    let scanned = 0;
    try {
      await Promise.all(
        centres.map((centre) =>
          limit(async () => {
            if (signal?.aborted) return;
            const began = performance.now();
            const outcome = await runScan(adapter, centre, scanWindow(ctx.clock.now(), this.options.horizonDays), ctx);
            // Interrupted by a shutdown: the centre keeps its previous scan, as in a full cycle.
            if (signal?.aborted) return;
            // Through the writer's queue, behind any scan of the same centre the full cycle has queued: written
            // directly, an older scan committed a moment later would overwrite this one.
            queue.add({
              centre,
              outcome,
              checkedAt: ctx.clock.now().getTime(),
              durationMs: Math.round(performance.now() - began),
              onFailure: (error) => ctx.log.error({ centre: centre.id, err: error }, 'recheck not written'),
            });
            scanned += 1;
          }),
        ),
      );
    } finally {
      queue.flush();
      this.running.delete(platform);
    }
    return scanned;
  }
}
