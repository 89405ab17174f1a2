// GET /api/v1/platforms: how each platform is doing, for the people who run the system and for users who
// wonder why a centre looks stale. Built from what the scraper wrote (cycles, scans, breaker state) and the
// read model's snapshot; no scraper is asked anything.
import { PLATFORM_LABELS, PLATFORMS, type PlatformId } from '../../domain.js';
import { toParisIso } from '../../time.js';
import type { Verdict } from '../ingest/discovery-verdict.js';
import { itemIssuesByPlatform } from '../store/item-issues.js';
import type { Snapshot } from './read-model.js';
import type { Store } from '../store/store.js';
import { isStale, offeredCount } from './views.js';

/** Error rates are computed over this many recent scan cycles. */
export const ERROR_RATE_CYCLES = 10;

export interface PlatformStatus {
  readonly platform: PlatformId;
  readonly label: string;
  readonly enabled: boolean;
  readonly breaker: {
    readonly state: 'closed' | 'open' | 'half-open';
    readonly since: string;
    readonly reason: string | null;
    readonly openings: number;
    readonly recoveries: number;
  } | null;
  readonly last_successful_cycle: string | null;
  readonly last_cycle: {
    readonly started_at: string;
    readonly centers: number;
    readonly issues: number;
    readonly slots: number;
    readonly error: string | null;
  } | null;
  readonly last_error: { readonly at: string; readonly message: string } | null;
  /**
   * The latest discovery and its verdict (discovery-verdict.ts): `failed` with its error when the listing
   * failed or was incomplete, `held` with the reason when its size is not believed until it repeats.
   */
  readonly last_discovery: {
    readonly started_at: string;
    readonly centers: number;
    readonly verdict: Verdict;
    readonly error: string | null;
  } | null;
  /** Share of centre scans that ended in an issue over the last cycles; null before any. */
  readonly error_rate: number | null;
  readonly error_rate_cycles: number;
  /** Centres discovered on the platform. */
  readonly centers: number;
  /** Centres with at least one successful scan. */
  readonly centers_with_data: number;
  readonly centers_stale: number;
  readonly centers_with_slots: number;
  /** Slots offered (fresh centres, not begun). */
  readonly slots: number;
  /** Age of each centre's last successful scan, in seconds, over the centres with data. */
  readonly data_age_seconds: { readonly p50: number; readonly p95: number } | null;
  /** Items of the platform's answers that could not be used (src/scrapers/problems.ts), since the start of the data. */
  readonly item_issues: {
    readonly total: number;
    readonly by_kind: Readonly<
      Record<string, { readonly count: number; readonly last_message: string; readonly last_at: string }>
    >;
  };
}

interface StateRow {
  platform: string;
  breaker_state: 'closed' | 'open' | 'half-open';
  breaker_since: number;
  breaker_reason: string | null;
  open_until: number | null;
  openings: number;
  recoveries: number;
}
interface CycleRow {
  started_at: number;
  centres: number;
  slots: number;
  issues: number;
  error: string | null;
}

/** Every enabled platform, and any other one the database knows of (disabled since). */
export function platformStatuses(
  store: Store,
  snapshot: Snapshot,
  enabled: readonly PlatformId[],
  now: number,
): PlatformStatus[] {
  const db = store.connection;
  const states = new Map(
    (db.prepare('SELECT * FROM platform_state').all() as StateRow[]).map((row) => [row.platform, row]),
  );
  const known = new Set<string>([...enabled, ...states.keys(), ...snapshot.centres.map((centre) => centre.platform)]);
  const recentCycles = db.prepare(
    `SELECT started_at, centres, slots, issues, error FROM cycles WHERE platform = ? AND kind = 'scan' ` +
      `ORDER BY id DESC LIMIT ${ERROR_RATE_CYCLES}`,
  );
  const lastSuccess = db.prepare(
    `SELECT max(started_at) AS at FROM cycles WHERE platform = ? AND kind = 'scan' ` +
      `AND error IS NULL AND (issues < centres OR centres = 0)`,
  );
  const lastIssue = db.prepare(
    `SELECT checked_at AS at, reason, message FROM scans WHERE platform = ? AND outcome = 'issue' ` +
      `ORDER BY checked_at DESC LIMIT 1`,
  );
  const lastDiscovery = db.prepare(
    `SELECT started_at, centres, verdict, error FROM cycles WHERE platform = ? AND kind = 'discovery' ` +
      `ORDER BY id DESC LIMIT 1`,
  );
  const itemIssues = itemIssuesByPlatform(db);
  const lastCycleError = db.prepare(
    `SELECT finished_at AS at, error FROM cycles WHERE platform = ? AND error IS NOT NULL ORDER BY id DESC LIMIT 1`,
  );

  return PLATFORMS.filter((platform) => known.has(platform)).map((platform) => {
    const state = states.get(platform);
    const cycles = recentCycles.all(platform) as CycleRow[];
    const scanned = cycles.reduce((sum, cycle) => sum + cycle.centres, 0);
    const failed = cycles.reduce((sum, cycle) => sum + cycle.issues, 0);
    const success = (lastSuccess.get(platform) as { at: number | null }).at;
    const issue = lastIssue.get(platform) as { at: number; reason: string; message: string } | undefined;
    const discovery = lastDiscovery.get(platform) as
      | { started_at: number; centres: number; verdict: Verdict | null; error: string | null }
      | undefined;
    const cycleError = lastCycleError.get(platform) as { at: number; error: string } | undefined;
    const lastError = [
      issue && { at: issue.at, message: `${issue.reason}: ${issue.message}` },
      cycleError && { at: cycleError.at, message: cycleError.error },
    ]
      .filter((entry): entry is { at: number; message: string } => Boolean(entry))
      .sort((a, b) => b.at - a.at)[0];

    const centres = snapshot.centres.filter((centre) => centre.platform === platform);
    const withData = centres.filter((centre) => centre.lastSuccessAt !== null);
    let stale = 0;
    let withSlots = 0;
    let slots = 0;
    for (const centre of withData) {
      if (isStale(snapshot, centre, now)) stale += 1;
      const offered = offeredCount(snapshot, centre, now);
      if (offered > 0) withSlots += 1;
      slots += offered;
    }
    const ages = withData
      .map((centre) => Math.max(0, Math.round((now - centre.lastSuccessAt!) / 1000)))
      .sort((a, b) => a - b);
    const last = cycles[0];
    return {
      platform,
      label: PLATFORM_LABELS[platform],
      enabled: enabled.includes(platform),
      breaker: state
        ? {
            // An open breaker whose cool-down is over lets its next call through as a probe.
            state:
              state.breaker_state === 'open' && state.open_until !== null && state.open_until <= now
                ? 'half-open'
                : state.breaker_state,
            since: toParisIso(new Date(state.breaker_since)),
            reason: state.breaker_reason,
            openings: state.openings,
            recoveries: state.recoveries,
          }
        : null,
      last_successful_cycle: success === null ? null : toParisIso(new Date(success)),
      last_cycle: last
        ? {
            started_at: toParisIso(new Date(last.started_at)),
            centers: last.centres,
            issues: last.issues,
            slots: last.slots,
            error: last.error,
          }
        : null,
      last_error: lastError ? { at: toParisIso(new Date(lastError.at)), message: lastError.message } : null,
      last_discovery: discovery
        ? {
            started_at: toParisIso(new Date(discovery.started_at)),
            centers: discovery.centres,
            // Cycles recorded before verdicts existed: a discovery without error was believed.
            verdict: discovery.verdict ?? (discovery.error === null ? 'accepted' : 'failed'),
            error: discovery.error,
          }
        : null,
      error_rate: scanned === 0 ? null : Math.round((failed / scanned) * 1000) / 1000,
      error_rate_cycles: cycles.length,
      centers: centres.length,
      centers_with_data: withData.length,
      centers_stale: stale,
      centers_with_slots: withSlots,
      slots,
      data_age_seconds: ages.length === 0 ? null : { p50: percentile(ages, 0.5), p95: percentile(ages, 0.95) },
      item_issues: itemIssuesOf(itemIssues.get(platform)),
    };
  });
}

function itemIssuesOf(
  kinds: ReadonlyMap<string, { count: number; lastMessage: string; lastAt: number }> | undefined,
): PlatformStatus['item_issues'] {
  const byKind: Record<string, { count: number; last_message: string; last_at: string }> = {};
  let total = 0;
  for (const [kind, entry] of kinds ?? []) {
    byKind[kind] = { count: entry.count, last_message: entry.lastMessage, last_at: toParisIso(new Date(entry.lastAt)) };
    total += entry.count;
  }
  return { total, by_kind: byKind };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}
