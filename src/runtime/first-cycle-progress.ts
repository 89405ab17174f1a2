// The first cycle after a start takes a while (discovering every centre of a platform, then scanning each):
// until it ends, the writer says every few seconds where each platform stands, so a silent terminal never
// looks like a hung one.
import type { PlatformId } from '../domain.js';
import type { Logger } from '../logger.js';
import type { RunningWriter } from '../system.js';

export type PlatformProgress =
  | { readonly platform: PlatformId; readonly phase: 'discovering'; readonly requests: number }
  | { readonly platform: PlatformId; readonly phase: 'scanning'; readonly scanned: number; readonly total: number }
  | { readonly platform: PlatformId; readonly phase: 'done' };

export function describeProgress(progress: readonly PlatformProgress[], elapsedMs: number): string {
  const parts = progress.map((entry) => {
    if (entry.phase === 'discovering') return `${entry.platform} discovering centres (${entry.requests} requests)`;
    if (entry.phase === 'scanning')
      return `${entry.platform} scanning ${Math.min(entry.scanned, entry.total)}/${entry.total} centres`;
    return `${entry.platform} done`;
  });
  return `first cycle, ${Math.round(elapsedMs / 1000)} s: ${parts.join('; ')}`;
}

export const PROGRESS_EVERY_MS = 5_000;

/**
 * Starts the scheduler and reports until its first cycles end (or the returned stop is called), then says how
 * long they took. Reads what the writer already keeps: its clients' request counts, and the cycles and scans
 * it has stored since the start.
 */
export function startReportingFirstCycle(writer: RunningWriter, log: Logger, everyMs = PROGRESS_EVERY_MS): () => void {
  // Before the start: the first discovery's cycle row is stamped with the instant it began.
  const startedAt = Date.now();
  const firstCycle = writer.scheduler.start();
  const platforms = writer.scheduler.platforms();
  const db = writer.store.connection;
  const discovered = db.prepare(
    "SELECT count(*) AS n FROM cycles WHERE platform = ? AND kind = 'discovery' AND started_at >= ?",
  );
  const scanCycles = db.prepare(
    "SELECT count(*) AS n FROM cycles WHERE platform = ? AND kind = 'scan' AND started_at >= ?",
  );
  const scanned = db.prepare('SELECT count(*) AS n FROM scans WHERE platform = ? AND checked_at >= ?');
  const totals = new Map<PlatformId, number>();
  const count = (statement: typeof scanned, platform: PlatformId) =>
    (statement.get(platform, startedAt) as { n: number }).n;

  const progressOf = (platform: PlatformId): PlatformProgress => {
    if (count(scanCycles, platform) > 0) return { platform, phase: 'done' };
    if (count(discovered, platform) === 0)
      return { platform, phase: 'discovering', requests: writer.scraping.clients.get(platform)?.stats.requests ?? 0 };
    // Known once discovery has ended: the centres the scan goes through.
    if (!totals.has(platform)) totals.set(platform, writer.store.centresToScan(platform).length);
    return { platform, phase: 'scanning', scanned: count(scanned, platform), total: totals.get(platform)! };
  };

  const timer = setInterval(
    () => log.info(describeProgress(platforms.map(progressOf), Date.now() - startedAt)),
    everyMs,
  );
  timer.unref();
  let stopped = false;
  const stop = () => {
    stopped = true;
    clearInterval(timer);
  };
  void firstCycle.then(() => {
    if (stopped) return;
    stop();
    log.info(
      { ms: Date.now() - startedAt, platforms },
      `first cycle done in ${Math.round((Date.now() - startedAt) / 1000)} s`,
    );
  });
  return stop;
}
