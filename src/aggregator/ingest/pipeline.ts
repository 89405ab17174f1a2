// One discovery or one scan cycle of one platform, from adapter to store. The scheduler and the `scrape`
// command both run these; neither knows anything about a particular platform.
import pLimit from 'p-limit';
import type { Centre, PlatformId } from '../../domain.js';
import type { PlatformAdapter, ScrapeContext } from '../../scrapers/adapter.js';
import { runScan, scanWindow } from './scan.js';
import type { Store } from '../store/store.js';

const DISCOVERY_BATCH = 200;

export interface DiscoverySummary {
  readonly platform: PlatformId;
  readonly centres: number;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly error: string | null;
}

export async function discoverPlatform(adapter: PlatformAdapter, store: Store, ctx: ScrapeContext, signal?: AbortSignal): Promise<DiscoverySummary> {
  const startedAt = ctx.clock.now().getTime();
  const wallStart = performance.now();
  let batch: Centre[] = [];
  let centres = 0;
  let error: string | null = null;
  try {
    for await (const centre of adapter.discover(ctx)) {
      if (signal?.aborted) {
        error = 'interrupted by shutdown';
        break;
      }
      batch.push(centre);
      centres += 1;
      if (batch.length >= DISCOVERY_BATCH) {
        store.upsertCentres(batch, startedAt);
        batch = [];
      }
    }
  } catch (failure) {
    // What was found before the failure is kept; the next discovery completes the list.
    error = failure instanceof Error ? failure.message : String(failure);
    ctx.log.error({ platform: adapter.platform, err: error }, 'discovery failed');
  }
  if (batch.length > 0) store.upsertCentres(batch, startedAt);
  const durationMs = Math.round(performance.now() - wallStart);
  store.recordCycle({ platform: adapter.platform, kind: 'discovery', startedAt, finishedAt: startedAt + durationMs, centres, slots: 0, issues: error ? 1 : 0, error });
  return { platform: adapter.platform, centres, startedAt, durationMs, error };
}

export interface ScanSummary {
  readonly platform: PlatformId;
  readonly centres: number;
  readonly withSlots: number;
  readonly withoutSlot: number;
  readonly issues: number;
  readonly issuesByReason: Readonly<Record<string, number>>;
  readonly slots: number;
  readonly durationMs: number;
}

export interface ScanOptions {
  readonly horizonDays: number;
  readonly concurrency: number;
  /** Called after each centre, for progress display. */
  readonly onCentreDone?: (done: number, total: number) => void;
  /**
   * Shutdown: no centre starts after it, and a centre whose scan it interrupted is not recorded, so the centre
   * keeps its previous scan (each centre's write is one transaction, so there is nothing half-written).
   */
  readonly signal?: AbortSignal;
}

export async function scanPlatform(adapter: PlatformAdapter, centres: readonly Centre[], store: Store, ctx: ScrapeContext, options: ScanOptions): Promise<ScanSummary> {
  const wallStart = performance.now();
  const startedAt = ctx.clock.now().getTime();
  const limit = pLimit(options.concurrency);
  let done = 0;
  let withSlots = 0;
  let withoutSlot = 0;
  let slots = 0;
  const issuesByReason: Record<string, number> = {};

  await Promise.all(
    centres.map((centre) =>
      limit(async () => {
        if (options.signal?.aborted) return;
        const began = performance.now();
        const window = scanWindow(ctx.clock.now(), options.horizonDays);
        const outcome = await runScan(adapter, centre, window, ctx);
        if (options.signal?.aborted) return;
        store.recordScan(centre, outcome, ctx.clock.now().getTime(), Math.round(performance.now() - began));
        if (outcome.kind === 'issue') {
          issuesByReason[outcome.issue.reason] = (issuesByReason[outcome.issue.reason] ?? 0) + 1;
          ctx.log.debug({ centre: centre.id, issue: outcome.issue }, 'scan issue');
        } else if (outcome.slots.length > 0) {
          withSlots += 1;
          slots += outcome.slots.length;
        } else {
          withoutSlot += 1;
        }
        done += 1;
        options.onCentreDone?.(done, centres.length);
      }),
    ),
  );

  const issues = Object.values(issuesByReason).reduce((sum, count) => sum + count, 0);
  const durationMs = Math.round(performance.now() - wallStart);
  const error = options.signal?.aborted ? `interrupted by shutdown after ${done} of ${centres.length} centres` : null;
  store.recordCycle({ platform: adapter.platform, kind: 'scan', startedAt, finishedAt: startedAt + durationMs, centres: done, slots, issues, error });
  return { platform: adapter.platform, centres: centres.length, withSlots, withoutSlot, issues, issuesByReason, slots, durationMs };
}
