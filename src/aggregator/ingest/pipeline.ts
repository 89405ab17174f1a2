// One discovery or one scan cycle of one platform, from adapter to store. The scheduler and the `scrape`
// command both run these; neither knows anything about a particular platform.
import pLimit from 'p-limit';
import type { Centre, PlatformId } from '../../domain.js';
import type { PlatformAdapter, ScrapeContext } from '../../scrapers/adapter.js';
import {
  DEFAULT_DISCOVERY_SETTINGS,
  judgeDiscovery,
  type DiscoverySettings,
  type Verdict,
} from './discovery-verdict.js';
import { ItemIssueTally, recordItemIssues } from '../store/item-issues.js';
import { runScan, scanWindow } from './scan.js';
import type { Store } from '../store/store.js';
import { writeQueueOf } from './write-queue.js';

const DISCOVERY_BATCH = 200;

export interface DiscoverySummary {
  readonly platform: PlatformId;
  readonly centres: number;
  readonly startedAt: number;
  readonly durationMs: number;
  /** Why the discovery failed (an exception, a problem the adapter reported, a shutdown); null when complete. */
  readonly error: string | null;
  readonly verdict: Verdict;
  /** Why a complete discovery was held; null otherwise. */
  readonly reason: string | null;
  readonly retired: number;
  readonly activated: number;
}

/** The context with item issues counted for this cycle (written with the cycle, see recordItemIssues). */
function counting(ctx: ScrapeContext): { ctx: ScrapeContext; tally: ItemIssueTally } {
  const tally = new ItemIssueTally();
  return {
    ctx: {
      ...ctx,
      report: (issue) => {
        tally.add(issue);
        ctx.report?.(issue);
      },
    },
    tally,
  };
}

export async function discoverPlatform(
  adapter: PlatformAdapter,
  store: Store,
  outer: ScrapeContext,
  signal?: AbortSignal,
  settings: DiscoverySettings = DEFAULT_DISCOVERY_SETTINGS,
): Promise<DiscoverySummary> {
  const { ctx, tally } = counting(outer);
  const startedAt = ctx.clock.now().getTime();
  const wallStart = performance.now();
  let batch: Centre[] = [];
  const found = new Set<string>();
  const problems: string[] = [];
  try {
    // A listing call that failed ends the discovery with DiscoveryIncomplete (scrapers/platform-pipeline.ts), after
    // what was found: caught below, so the verdict is "failed" and the centres found are kept.
    for await (const item of adapter.discover(ctx)) {
      if (signal?.aborted) {
        problems.push('interrupted by shutdown');
        break;
      }
      batch.push(item);
      found.add(item.id);
      if (batch.length >= DISCOVERY_BATCH) {
        store.upsertCentres(batch, startedAt, { pending: true });
        batch = [];
      }
    }
  } catch (failure) {
    // What was found before the failure is kept (unlisted if new); the next discovery completes the list.
    problems.push(failure instanceof Error ? failure.message : String(failure));
  }
  if (batch.length > 0) store.upsertCentres(batch, startedAt, { pending: true });
  const error =
    problems.length === 0
      ? null
      : problems.length === 1
        ? problems[0]!
        : `${problems[0]} (and ${problems.length - 1} more problems)`;
  if (error !== null)
    ctx.log.error({ platform: adapter.platform, err: error, problems: problems.length }, 'discovery failed');

  const decision = judgeDiscovery(
    store.discoveryMemory(adapter.platform),
    error === null ? { kind: 'complete', found } : { kind: 'failed', error },
    settings,
  );
  recordItemIssues(store.connection, tally.drain(), startedAt);
  const durationMs = Math.round(performance.now() - wallStart);
  store.applyDiscovery(decision, startedAt);
  store.recordCycle({
    platform: adapter.platform,
    kind: 'discovery',
    startedAt,
    finishedAt: startedAt + durationMs,
    centres: found.size,
    slots: 0,
    issues: problems.length,
    error: decision.reason,
    verdict: decision.verdict,
  });
  return {
    platform: adapter.platform,
    centres: found.size,
    startedAt,
    durationMs,
    error,
    verdict: decision.verdict,
    reason: decision.reason,
    retired: decision.retire.length,
    activated: decision.activate.length,
  };
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

export async function scanPlatform(
  adapter: PlatformAdapter,
  centres: readonly Centre[],
  store: Store,
  outer: ScrapeContext,
  options: ScanOptions,
): Promise<ScanSummary> {
  const { ctx, tally } = counting(outer);
  const wallStart = performance.now();
  const startedAt = ctx.clock.now().getTime();
  const limit = pLimit(options.concurrency);
  const queue = writeQueueOf(store);
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
        queue.add({
          centre,
          outcome,
          checkedAt: ctx.clock.now().getTime(),
          durationMs: Math.round(performance.now() - began),
          onFailure: (error) => ctx.log.error({ centre: centre.id, err: error }, 'scan not written'),
        });
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

  queue.flush();
  recordItemIssues(store.connection, tally.drain(), startedAt);
  const issues = Object.values(issuesByReason).reduce((sum, count) => sum + count, 0);
  const durationMs = Math.round(performance.now() - wallStart);
  const error = options.signal?.aborted ? `interrupted by shutdown after ${done} of ${centres.length} centres` : null;
  store.recordCycle({
    platform: adapter.platform,
    kind: 'scan',
    startedAt,
    finishedAt: startedAt + durationMs,
    centres: done,
    slots,
    issues,
    error,
  });
  return {
    platform: adapter.platform,
    centres: centres.length,
    withSlots,
    withoutSlot,
    issues,
    issuesByReason,
    slots,
    durationMs,
  };
}
