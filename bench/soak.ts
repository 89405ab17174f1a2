// The soak: every platform of the sandbox under a mix of faults for many scan cycles, driven by the sandbox
// clock (each cycle moves it on; the HTTP client's waits are virtual), checking after every cycle that no
// centre lost its good data, then stopping the faults and checking that the API equals the ground truth.
//
//   npm run soak                         # the figures of the closing note
//   SOAK_CYCLES=60 SOAK_FAULT_RATE=0.3 npm run soak
//   SOAK_FAULT_RATE=0 SOAK_OUTAGE_CYCLES=0 SOAK_CYCLES=10 SOAK_HTTP_TIMEOUT_MS=5000 npm run soak   # clean sandbox
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { scanWindow } from '../src/aggregator/ingest/scan.js';
import { ManualClock } from '../src/clock.js';
import { DEPARTMENTS } from '../src/departments.js';
import { loadConfig } from '../src/config.js';
import type { PlatformId } from '../src/domain.js';
import { implementedPlatforms } from '../src/scrapers/registry.js';
import { VirtualTimer } from '../src/scrapers/timer.js';
import { FAULT_KINDS, faultMix, FaultInjector, type FaultKind, type FaultSettings } from '../src/sandbox/faults.js';
import { distinctSlots } from '../src/sandbox/platform.js';
import { SANDBOX_PLATFORMS } from '../src/sandbox/platforms/index.js';
import { randomFor } from '../src/sandbox/random.js';
import { groundTruth } from '../src/sandbox/truth.js';
import { createWorld, type Listing } from '../src/sandbox/world.js';
import { startSystem } from '../src/system.js';
import { toParisIso } from '../src/time.js';

export interface SoakOptions {
  readonly platforms: readonly PlatformId[];
  /** Scan cycles under faults. */
  readonly cycles: number;
  /** Share of requests that meet a fault, an even mix of every kind. */
  readonly faultRate: number;
  readonly seed: number;
  readonly centresPerDepartment: number;
  /** How far the sandbox clock moves between cycles. */
  readonly cycleMinutes: number;
  /** A discovery runs every this many cycles (as the hourly discovery beside 3-minute scans). */
  readonly discoveryEvery: number;
  /** Cycles during which each platform, in turn, is down (every request fails): breakers must open. */
  readonly outageCycles: number;
  readonly httpTimeoutMs: number;
  /** The departments of the world (a small world keeps many cycles quick). */
  readonly departments: readonly string[];
  /** The faults of the mix (all kinds by default). */
  readonly kinds: readonly FaultKind[];
  readonly progress?: (line: string) => void;
}

export const DEFAULT_SOAK: SoakOptions = {
  platforms: soakablePlatforms(),
  cycles: 40,
  faultRate: 0.2,
  seed: 2021,
  centresPerDepartment: 2,
  cycleMinutes: 3,
  discoveryEvery: 10,
  outageCycles: 3,
  httpTimeoutMs: 400,
  // Every third department: the whole country's variety (Paris, Corsica, overseas) at a third of the cost.
  departments: DEPARTMENTS.filter((_, index) => index % 3 === 0).map((department) => department.code),
  kinds: FAULT_KINDS,
};

/**
 * Faults a platform's own documented answers cannot be told apart from, so no scraper could survive them:
 * Bimedoc documents an empty body as "no slot" (spec/platforms/bimedoc.md §3).
 */
export const INDISTINGUISHABLE_FAULTS: Partial<Record<PlatformId, readonly FaultKind[]>> = { bimedoc: ['empty-body'] };

/**
 * Fields whose absence the platform documents as a normal answer, so their drift cannot be told from one:
 * Keldoc's timetable without `availabilities` is its "nothing" answer and a slot without `start_time` is to
 * be skipped (spec/platforms/keldoc.md §3, §4.3); a Doctolib agenda without `practice_id` serves every
 * practice, a place without `practice_ids` has none (doctolib.md §3, §6). Every other field drifts.
 */
export const DRIFT_SPARES: Partial<Record<PlatformId, readonly string[]>> = {
  keldoc: ['availabilities', 'start_time'],
  doctolib: ['practice_id', 'practice_ids'],
};

export interface SoakReport {
  readonly platforms: readonly PlatformId[];
  readonly centres: number;
  readonly cycles: { readonly faulty: number; readonly recovery: number };
  readonly requests: number;
  readonly faults: Readonly<Record<FaultKind, number>>;
  readonly faultsTotal: number;
  readonly retries: number;
  /** Uncaught errors and cycles that broke (as opposed to centres whose scan ended in an issue). */
  readonly crashes: number;
  /** Centres that had good data and, at some check, no longer had it exactly (gone, or not what a scan said). */
  readonly centresThatLostGoodData: number;
  readonly violations: readonly string[];
  readonly scanIssues: Readonly<Record<string, number>>;
  /** Item issues (src/scrapers/problems.ts) counted over the run, per platform and kind. */
  readonly itemIssues: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly breakers: Readonly<
    Partial<
      Record<
        PlatformId,
        { openings: number; recoveries: number; failedProbes: number; rejected: number; state: string }
      >
    >
  >;
  readonly breakerOpenings: number;
  readonly breakerRecoveries: number;
  /** After the faults stopped: centres whose API answer differs from the ground truth. */
  readonly finalMismatches: number;
  readonly finalCentresChecked: number;
  readonly wallMs: number;
}

export function soakablePlatforms(): PlatformId[] {
  return implementedPlatforms().filter((platform) => SANDBOX_PLATFORMS[platform]);
}

export async function runSoak(overrides: Partial<SoakOptions> = {}): Promise<SoakReport> {
  const options: SoakOptions = { ...DEFAULT_SOAK, ...overrides };
  const began = performance.now();
  const progress = options.progress ?? (() => undefined);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slots-soak-'));
  const config = loadConfig(
    {
      DATABASE_PATH: path.join(dir, 'slots.sqlite'),
      PORT: '0',
      LOG_LEVEL: 'warn',
      PLATFORMS: options.platforms.join(','),
      HTTP_TIMEOUT_MS: String(options.httpTimeoutMs),
      FRESHNESS_LIMIT_MINUTES: '30',
      BREAKER_OPEN_SECONDS: '60',
    },
    implementedPlatforms(),
  );
  const clock = new ManualClock(new Date('2026-03-02T07:30:00Z'));
  const world = createWorld({
    seed: options.seed,
    centresPerDepartment: options.centresPerDepartment,
    departments: options.departments,
  });
  const faults = new FaultInjector(options.seed);
  let crashes = 0;
  const log = pino(
    { level: 'error' },
    new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        if (/"msg":"cycle failed"/.test(chunk.toString())) crashes += 1;
        done();
      },
    }),
  );
  const onUncaught = () => (crashes += 1);
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);

  const system = await startSystem({
    config,
    log,
    clock,
    world,
    timer: new VirtualTimer(),
    random: randomFor(options.seed, 'jitter'),
    faults,
  });
  const { store, scheduler, scraping } = system;
  const platforms = [...scraping.adapters.keys()];
  const listingOf = new Map<string, Listing>();
  const platformOf = new Map<string, PlatformId>();
  for (const platform of platforms) {
    for (const listing of world.listingsOf(platform)) {
      const centreId = SANDBOX_PLATFORMS[platform]!.centreIdOf(listing);
      listingOf.set(centreId, listing);
      platformOf.set(centreId, platform);
    }
  }

  // What a correct scan at instant `at` stored for a centre: the truth then, as start instants.
  const truthCache = new Map<string, number[]>();
  const truthAt = (centreId: string, at: number): number[] => {
    const key = `${centreId}@${at}`;
    let starts = truthCache.get(key);
    if (!starts) {
      const window = scanWindow(new Date(at), config.horizonDays);
      // Slots the platform cannot tell apart are one slot there (SandboxPlatform.slotKey).
      const free = world.freeSlots(listingOf.get(centreId)!, new Date(at), window.from, window.to);
      starts = distinctSlots(SANDBOX_PLATFORMS[platformOf.get(centreId)!], free).map((slot) => slot.start.getTime());
      truthCache.set(key, starts);
    }
    return starts;
  };

  const hadGoodData = new Set<string>();
  const lost = new Set<string>();
  const violations: string[] = [];
  const check = (label: string) => {
    const now = clock.now().getTime();
    for (const centre of store.snapshot(now)) {
      if (!listingOf.has(centre.id)) continue;
      if (centre.lastSuccessAt === null) {
        if (hadGoodData.has(centre.id)) flag(centre.id, `${label}: ${centre.id} lost its last successful scan`);
        continue;
      }
      hadGoodData.add(centre.id);
      const expected = truthAt(centre.id, centre.lastSuccessAt).filter((start) => start >= now);
      const stored = centre.slots.map((slot) => slot.startAt);
      if (expected.length !== stored.length || expected.some((start, i) => start !== stored[i])) {
        flag(
          centre.id,
          `${label}: ${centre.id} holds ${stored.length} slots, its scan at ` +
            `${new Date(centre.lastSuccessAt).toISOString()} saw ${expected.length}`,
        );
      }
    }
  };
  const flag = (centreId: string, message: string) => {
    lost.add(centreId);
    if (violations.length < 20) violations.push(message);
  };
  const runCycles = (withDiscovery: boolean) =>
    Promise.all(platforms.map((platform) => scheduler.runCycle(platform, withDiscovery)));

  try {
    await runCycles(true);
    check('baseline');
    const centres = hadGoodData.size;
    progress(`baseline: ${platforms.join(', ')}; ${centres} centres with data`);

    const mix = (platform: PlatformId): FaultSettings => {
      const excluded = INDISTINGUISHABLE_FAULTS[platform] ?? [];
      return {
        rates: faultMix(
          options.faultRate,
          options.kinds.filter((kind) => !excluded.includes(kind)),
        ),
        seed: options.seed,
        slowMs: 20,
        retryAfterSeconds: 2,
        driftSpares: [...(DRIFT_SPARES[platform] ?? [])],
      };
    };
    // Each platform goes down in turn, for a few cycles, somewhere in the middle of the run.
    const outageStart = (index: number) => Math.floor(((index + 1) * options.cycles) / (platforms.length + 1));
    for (let cycle = 1; cycle <= options.cycles; cycle += 1) {
      clock.advance(options.cycleMinutes * 60_000);
      platforms.forEach((platform, index) => {
        const down =
          options.outageCycles > 0 && cycle >= outageStart(index) && cycle < outageStart(index) + options.outageCycles;
        faults.set(platform, down ? { rates: { 'http-503': 0.8, hang: 0.2 }, seed: options.seed } : mix(platform));
      });
      await runCycles(cycle % options.discoveryEvery === 0);
      check(`cycle ${cycle}`);
      if (cycle % 10 === 0)
        progress(
          `cycle ${cycle}/${options.cycles}: ${lost.size} centres lost data, ` +
            `breakers ` +
            `${platforms.map((p) => `${p}:${scraping.breakers.get(p)!.status().state}`).join(' ')}`,
        );
    }

    // Faults stop. Past the breakers' cool-down, a discovery and scans bring every centre back.
    faults.clear();
    let recovery = 0;
    for (; recovery < 3; recovery += 1) {
      clock.advance(Math.max(options.cycleMinutes * 60_000, config.resilience.breakerOpenMs));
      await runCycles(recovery === 0);
      check(`recovery ${recovery + 1}`);
    }

    const now = clock.now();
    const truth = groundTruth(world, platforms, now, scanWindow(now, config.horizonDays));
    system.readModel.settle();
    let finalMismatches = 0;
    const departments = [...new Set([...truth.values()].map((centre) => centre.department))];
    const reported = new Map<string, { soonest: string | null; count: number; stale: boolean }>();
    for (const department of departments) {
      const answer = (await (await fetch(`${system.apiUrl}/api/v1/departments/${department}/centers`)).json()) as {
        centers: Array<{
          sources: Array<{ center_id: string; soonest_slot: string | null; slot_count: number; stale: boolean }>;
        }>;
      };
      // A place listed twice is one entry: each listing is read through its sources.
      for (const place of answer.centers) {
        for (const source of place.sources) {
          reported.set(source.center_id, {
            soonest: source.soonest_slot,
            count: source.slot_count,
            stale: source.stale,
          });
        }
      }
    }
    for (const centre of truth.values()) {
      const got = reported.get(centre.centreId);
      const soonest = centre.slots[0] ? toParisIso(centre.slots[0]) : null;
      if (!got || got.stale || got.soonest !== soonest || got.count !== centre.slots.length) {
        finalMismatches += 1;
        if (violations.length < 20)
          violations.push(
            `final: ${centre.centreId} API ${JSON.stringify(got ?? null)} truth ${soonest}/${centre.slots.length}`,
          );
      }
    }

    const breakers = Object.fromEntries(
      platforms.map((platform) => {
        const status = scraping.breakers.get(platform)!.status();
        return [
          platform,
          {
            openings: status.openings,
            recoveries: status.recoveries,
            failedProbes: status.failedProbes,
            rejected: status.rejected,
            state: status.state,
          },
        ];
      }),
    );
    const issues = store.connection
      .prepare("SELECT reason, count(*) AS n FROM scans WHERE outcome = 'issue' GROUP BY reason")
      .all() as Array<{ reason: string; n: number }>;
    const itemRows = store.connection
      .prepare('SELECT platform, kind, count FROM item_issues ORDER BY platform, kind')
      .all() as Array<{ platform: string; kind: string; count: number }>;
    const itemIssues: Record<string, Record<string, number>> = {};
    for (const row of itemRows) {
      itemIssues[row.platform] ??= {};
      itemIssues[row.platform]![row.kind] = row.count;
    }
    const faultTotals = faults.totals();
    return {
      platforms,
      centres,
      cycles: { faulty: options.cycles, recovery },
      requests: Object.values(scraping.sandbox!.requestCounts()).reduce((sum, count) => sum + (count ?? 0), 0),
      faults: faultTotals,
      faultsTotal: Object.values(faultTotals).reduce((sum, count) => sum + count, 0),
      retries: [...scraping.clients.values()].reduce((sum, client) => sum + client.stats.retries, 0),
      crashes,
      centresThatLostGoodData: lost.size,
      violations,
      scanIssues: Object.fromEntries(issues.map((row) => [row.reason, row.n])),
      itemIssues,
      breakers,
      breakerOpenings: Object.values(breakers).reduce((sum, breaker) => sum + breaker.openings, 0),
      breakerRecoveries: Object.values(breakers).reduce((sum, breaker) => sum + breaker.recoveries, 0),
      finalMismatches,
      finalCentresChecked: truth.size,
      wallMs: Math.round(performance.now() - began),
    };
  } finally {
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUncaught);
    await system.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function formatReport(report: SoakReport): string {
  const lines = [
    `platforms: ${report.platforms.join(', ')} (${report.centres} centres with data at the start)`,
    `cycles: ${report.cycles.faulty} under faults + ` +
      `${report.cycles.recovery} after; ${report.requests} requests, ` +
      `${report.retries} retries`,
    `faults injected: ${report.faultsTotal} (${Object.entries(report.faults)
      .map(([kind, count]) => `${kind} ${count}`)
      .join(', ')})`,
    `scan issues recorded: ${
      Object.entries(report.scanIssues)
        .map(([reason, count]) => `${reason} ${count}`)
        .join(', ') || 'none'
    }`,
    `item issues recorded: ${
      Object.entries(report.itemIssues)
        .map(
          ([platform, kinds]) =>
            `${platform} (${Object.entries(kinds)
              .map(([kind, count]) => `${kind} ${count}`)
              .join(', ')})`,
        )
        .join('; ') || 'none'
    }`,
    `crashes: ${report.crashes}`,
    `centres that lost good data: ${report.centresThatLostGoodData}`,
    `breaker openings: ${report.breakerOpenings}, recoveries: ${report.breakerRecoveries} (${Object.entries(
      report.breakers,
    )
      .map(([platform, b]) => `${platform} ${b!.openings}/${b!.recoveries}, ${b!.state}`)
      .join('; ')})`,
    `after the faults: ${report.finalCentresChecked - report.finalMismatches}/${report.finalCentresChecked} ` +
      `centres equal the ground truth in the API`,
    `wall time: ${(report.wallMs / 1000).toFixed(1)} s`,
  ];
  if (report.violations.length > 0)
    lines.push('violations:', ...report.violations.map((violation) => `  ${violation}`));
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const env = process.env;
  const report = await runSoak({
    ...(env.SOAK_CYCLES ? { cycles: Number(env.SOAK_CYCLES) } : {}),
    ...(env.SOAK_FAULT_RATE ? { faultRate: Number(env.SOAK_FAULT_RATE) } : {}),
    ...(env.SOAK_SEED ? { seed: Number(env.SOAK_SEED) } : {}),
    ...(env.SOAK_CENTRES_PER_DEPARTMENT ? { centresPerDepartment: Number(env.SOAK_CENTRES_PER_DEPARTMENT) } : {}),
    ...(env.SOAK_PLATFORMS ? { platforms: env.SOAK_PLATFORMS.split(',') as PlatformId[] } : {}),
    ...(env.SOAK_KINDS ? { kinds: env.SOAK_KINDS.split(',') as FaultKind[] } : {}),
    ...(env.SOAK_OUTAGE_CYCLES ? { outageCycles: Number(env.SOAK_OUTAGE_CYCLES) } : {}),
    ...(env.SOAK_HTTP_TIMEOUT_MS ? { httpTimeoutMs: Number(env.SOAK_HTTP_TIMEOUT_MS) } : {}),
    progress: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${formatReport(report)}\n`);
  process.exit(report.crashes === 0 && report.centresThatLostGoodData === 0 && report.finalMismatches === 0 ? 0 : 1);
}
