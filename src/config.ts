// Every setting in one place, read from the environment and validated: bad configuration stops the start
// with a message that names the variable, instead of surfacing later as a strange failure.
import os from 'node:os';
import path from 'node:path';
import cron from 'node-cron';
import { z } from 'zod';
import { PLATFORMS, type PlatformId } from './domain.js';

export type Mode = 'sandbox' | 'live';

export interface PlatformConfig {
  readonly enabled: boolean;
  readonly discoveryCron: string;
  readonly scanCron: string;
  readonly concurrency: number;
  /** Replaces every host of the platform (live mode; the sandbox sets its own). */
  readonly baseUrl: string | null;
  readonly partnerKey: string | null;
  /** Per-host rate limit of the platform's requests. */
  readonly requestsPerSecond: number;
}

/** How the scrapers treat platforms in trouble (src/scrapers/http.ts, src/scrapers/breaker.ts). */
export interface ResilienceConfig {
  /** Attempts per idempotent request, the first included. */
  readonly maxAttempts: number;
  /** Failures in a row that open a platform's circuit breaker. */
  readonly breakerFailures: number;
  /** How long an open breaker refuses calls before probing. */
  readonly breakerOpenMs: number;
  /** In live mode, how long the start-time reachability probe of each host may take. */
  readonly probeTimeoutMs: number;
}

export interface Config {
  readonly mode: Mode;
  readonly host: string;
  readonly port: number;
  readonly databasePath: string;
  readonly exportDir: string;
  /** Days ahead a scan looks, counted in Paris calendar days from today. */
  readonly horizonDays: number;
  readonly httpTimeoutMs: number;
  /** Slots kept from one centre's scan; more is a platform's mistake, cut with an item issue (issue 10). */
  readonly maxSlotsPerCentre: number;
  /** A centre whose last successful scan is older than this is stale: its slots are not offered as available. */
  readonly freshnessLimitMs: number;
  readonly logLevel: string;
  readonly platforms: Readonly<Record<PlatformId, PlatformConfig>>;
  readonly sandbox: {
    readonly seed: number;
    readonly centresPerDepartment: number;
    readonly meanBookingLeadHours: number;
    readonly releaseProbability: number;
    /** Share of the soonest free slots booked per minute by a rush (0: none), see src/sandbox/world.ts. */
    readonly rushPerMinute: number;
    /** The sandbox's own clock: where it starts (null: the real now), how fast it runs, from which real instant. */
    readonly clock: { readonly start: Date | null; readonly speed: number; readonly origin: number | null };
    /** Added to every platform answer of the sandbox, like a real platform's own response time. */
    readonly latencyMs: number;
    /** A sandbox already running elsewhere (its platforms' base URLs): sandbox mode then starts none. */
    readonly baseUrls: Readonly<Partial<Record<PlatformId, string>>> | null;
  };
  /**
   * Ghost slots: every `periodMs` the writer rescans the centres holding each department's `top` soonest slots,
   * `concurrency` at a time per platform (null: off). See aggregator/ingest/recheck.ts.
   */
  readonly recheck: { readonly periodMs: number; readonly top: number; readonly concurrency: number } | null;
  /** API processes serving the public routes beside the one writer process (`start`). */
  readonly apiProcesses: number;
  /** The writer's own port for the admin routes (0: any free port), on `adminHost`. */
  readonly adminPort: number;
  readonly adminHost: string;
  /** Prepared answers served ahead of express (src/api/fast-lane.ts); off only to measure what it saves. */
  readonly fastLane: boolean;
  /** Each process of `start` logs its memory this often (0: never); with --expose-gc, its live heap too. */
  readonly memoryReportMs: number;
  /** The writer and API processes start with V8 heap flags sized for their roles (src/runtime/role-flags.ts). */
  readonly roleHeapFlags: boolean;
  readonly adminToken: string | null;
  readonly resilience: ResilienceConfig;
  /** Per-client API rate limit; `perMinute: 0` switches it off. */
  readonly rateLimit: { readonly perMinute: number; readonly burst: number };
  /**
   * Express trust-proxy value: a number of proxy hops, or the proxies' addresses and subnets; null when the
   * API faces clients directly. Never `true` (it would key clients on what they write themselves).
   */
  readonly trustProxy: number | string | null;
  /** The API server's bounds on slow and many connections (src/api/app.ts createApiServer). */
  readonly apiServer: ApiServerLimits;
  readonly statsHistory: {
    readonly sampleIntervalMs: number;
    readonly hourlyRetentionDays: number;
    readonly dailyRetentionDays: number;
  };
  /** When a discovery is believed and a centre retired (aggregator/discovery-verdict.ts). */
  readonly discovery: { readonly retireAfterMisses: number; readonly jumpRatio: number; readonly jumpMinimum: number };
  /** How long the slot history keeps per-centre hours and per-department days (store/slot-history.ts). */
  readonly history: { readonly hourlyDays: number; readonly dailyDays: number };
  /** The change log's retention (by age and by rows) and the byte budget of the on-demand answers. */
  readonly changes: {
    readonly changeLogMaxAgeMs: number;
    readonly changeLogMaxRows: number;
    readonly answerCacheBytes: number;
    /** The share of a core an API process's read model may spend rebuilding departments (null: no limit). */
    readonly rebuildShare: number | null;
  };
  /** Alerts (aggregator/alerts/, api/routes/alerts.ts). */
  readonly alerts: AlertsConfig;
}

export interface AlertsConfig {
  /** Webhooks to loopback/private/link-local addresses, and over plain http: tests only. */
  readonly allowPrivateTargets: boolean;
  readonly holdMs: number;
  readonly cooldownMs: number;
  readonly pollMs: number;
  readonly subscriptionsPerClient: number;
  readonly streamsPerClient: number;
  readonly streamsTotal: number;
  readonly maxBufferedBytes: number;
  readonly heartbeatMs: number;
  readonly webhookAttempts: number;
  readonly webhookBackoffMs: number;
  readonly webhookTimeoutMs: number;
  readonly webhookMaxFailures: number;
}

export interface ApiServerLimits {
  /** Open connections per client address and process; 0: no cap. Trusted proxies are not capped. */
  readonly connectionsPerClient: number;
  /** Time to receive a request's line and headers (slowloris), and the whole request. */
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  /** A connection that sends nothing for this long is closed (between requests: the keep-alive timeout). */
  readonly idleTimeoutMs: number;
}

/** Requests per second per host when none is configured: polite to real platforms, quick on the sandbox. */
export const DEFAULT_REQUESTS_PER_SECOND = { live: 5, sandbox: 200 } as const;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const cronExpression = z.string().refine((value) => cron.validate(value), 'is not a valid cron expression');
const positiveInt = z.coerce.number().int().positive();

const envSchema = z.object({
  MODE: z.enum(['sandbox', 'live']).default('sandbox'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  DATABASE_PATH: z.string().min(1).default(path.join('data', 'slots.sqlite')),
  EXPORT_DIR: z.string().min(1).default(path.join('data', 'export')),
  HORIZON_DAYS: positiveInt.max(60).default(11),
  HTTP_TIMEOUT_MS: positiveInt.default(10_000),
  MAX_SLOTS_PER_CENTRE: positiveInt.max(1_000_000).default(5_000),
  FRESHNESS_LIMIT_MINUTES: positiveInt.default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PLATFORMS: z.string().optional(),
  DISCOVERY_CRON: cronExpression.default('0 * * * *'),
  SCAN_CRON: cronExpression.default('*/3 * * * *'),
  CONCURRENCY: positiveInt.max(100).default(8),
  REQUESTS_PER_SECOND: z.coerce.number().positive().max(10_000).optional(),
  HTTP_MAX_ATTEMPTS: positiveInt.max(10).default(3),
  BREAKER_FAILURES: positiveInt.max(1_000).default(5),
  BREAKER_OPEN_SECONDS: positiveInt.max(86_400).default(60),
  PROBE_TIMEOUT_MS: positiveInt.max(60_000).default(3_000),
  SANDBOX_SEED: z.coerce.number().int().default(2021),
  // Up to 250 per department: ~27,000 centres, past the 2021 service, for the growth benchmark.
  SANDBOX_CENTRES_PER_DEPARTMENT: positiveInt.max(250).default(4),
  SANDBOX_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  SANDBOX_BASE_URLS: z.string().optional(),
  API_PROCESSES: positiveInt.max(64).default(Math.max(1, os.availableParallelism())),
  ADMIN_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  ADMIN_HOST: z.string().min(1).default('127.0.0.1'),
  FAST_LANE: z.enum(['on', 'off']).default('on'),
  MEMORY_REPORT_SECONDS: z.coerce.number().min(0).max(3_600).default(0),
  ROLE_HEAP_FLAGS: z.enum(['on', 'off']).default('on'),
  SANDBOX_BOOKING_LEAD_HOURS: z.coerce.number().positive().default(96),
  SANDBOX_RELEASE_PROBABILITY: z.coerce.number().min(0).max(1).default(0.15),
  SANDBOX_RUSH_PER_MINUTE: z.coerce.number().min(0).max(1).default(0),
  // An explicit offset or Z: a clock start read in the machine's own zone would differ from one machine to the next.
  SANDBOX_CLOCK_START: z
    .string()
    .regex(/(Z|[+-]\d\d:\d\d)$/, 'needs an offset or Z, e.g. 2026-03-02T08:00+01:00')
    .refine((value) => !Number.isNaN(Date.parse(value)), 'is not a date-time, e.g. 2026-03-02T08:00+01:00')
    .optional(),
  SANDBOX_CLOCK_SPEED: z.coerce.number().positive().max(10_000).default(1),
  // Set by `start` for its processes (or copied from `npm run cli -- sandbox`), so that they read one sped clock.
  SANDBOX_CLOCK_ORIGIN: z.coerce.number().int().positive().optional(),
  RECHECK_SECONDS: z.coerce.number().int().min(0).max(3_600).default(20),
  RECHECK_TOP: positiveInt.max(1_000).default(10),
  RECHECK_CONCURRENCY: positiveInt.max(100).default(2),
  ADMIN_TOKEN: z.string().min(16).optional(),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  RATE_LIMIT_BURST: positiveInt.default(120),
  TRUST_PROXY: z.string().optional(),
  MAX_CONNECTIONS_PER_CLIENT: z.coerce.number().int().min(0).max(100_000).default(64),
  HEADERS_TIMEOUT_MS: positiveInt.max(600_000).default(10_000),
  REQUEST_TIMEOUT_MS: positiveInt.max(3_600_000).default(30_000),
  IDLE_TIMEOUT_MS: positiveInt.max(3_600_000).default(30_000),
  STATS_SAMPLE_SECONDS: positiveInt.default(60),
  STATS_HOURLY_DAYS: positiveInt.max(90).default(7),
  STATS_DAILY_DAYS: positiveInt.max(3650).default(400),
  DISCOVERY_RETIRE_AFTER: positiveInt.max(100).default(3),
  DISCOVERY_JUMP_RATIO: z.coerce.number().gt(1).max(100).default(1.5),
  DISCOVERY_JUMP_MINIMUM: positiveInt.default(20),
  CHANGE_LOG_HOURS: positiveInt.max(24 * 90).default(24),
  CHANGE_LOG_MAX_ROWS: positiveInt.default(2_000_000),
  HISTORY_RETENTION_DAYS: positiveInt.max(3650).default(30),
  HISTORY_DAILY_DAYS: positiveInt.max(36500).default(400),
  ANSWER_CACHE_MB: positiveInt.max(4_096).default(32),
  READ_REBUILD_SHARE: z.coerce.number().gt(0).max(64).optional(),
  ALERTS_ALLOW_PRIVATE_TARGETS: z.enum(['true', 'false']).default('false'),
  ALERTS_HOLD_MS: z.coerce.number().int().min(0).max(3_600_000).default(2_000),
  ALERTS_COOLDOWN_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  ALERTS_POLL_MS: positiveInt.max(60_000).default(200),
  ALERTS_SUBSCRIPTIONS_PER_CLIENT: positiveInt.max(10_000).default(20),
  ALERTS_STREAMS_PER_CLIENT: positiveInt.max(10_000).default(4),
  ALERTS_STREAMS_TOTAL: positiveInt.max(1_000_000).default(5_000),
  ALERTS_STREAM_BUFFER_KB: positiveInt.max(65_536).default(64),
  ALERTS_HEARTBEAT_SECONDS: positiveInt.max(3_600).default(20),
  ALERTS_WEBHOOK_ATTEMPTS: positiveInt.max(20).default(5),
  ALERTS_WEBHOOK_BACKOFF_MS: positiveInt.max(3_600_000).default(1_000),
  ALERTS_WEBHOOK_TIMEOUT_MS: positiveInt.max(60_000).default(5_000),
  ALERTS_WEBHOOK_MAX_FAILURES: positiveInt.max(1_000).default(3),
});

const platformEnvSchema = z.object({
  DISCOVERY_CRON: cronExpression.optional(),
  SCAN_CRON: cronExpression.optional(),
  CONCURRENCY: positiveInt.max(100).optional(),
  BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  PARTNER_KEY: z.string().optional(),
  REQUESTS_PER_SECOND: z.coerce.number().positive().max(10_000).optional(),
});

/**
 * `implemented` are the platforms this build has adapters for: naming another one in PLATFORMS is refused,
 * as is any malformed value.
 */
export function loadConfig(env: NodeJS.ProcessEnv, implemented: readonly PlatformId[]): Config {
  const base = parseOrThrow(envSchema, env, '');
  const enabled = parsePlatformList(base.PLATFORMS, implemented);
  const platforms = Object.fromEntries(
    PLATFORMS.map((platform) => {
      const prefix = `${platform.toUpperCase()}_`;
      const scoped = Object.fromEntries(
        Object.entries(env)
          .filter(([name]) => name.startsWith(prefix))
          .map(([name, value]) => [name.slice(prefix.length), value]),
      );
      const own = parseOrThrow(platformEnvSchema, scoped, prefix);
      const config: PlatformConfig = {
        enabled: enabled.includes(platform),
        discoveryCron: own.DISCOVERY_CRON ?? base.DISCOVERY_CRON,
        scanCron: own.SCAN_CRON ?? base.SCAN_CRON,
        concurrency: own.CONCURRENCY ?? base.CONCURRENCY,
        baseUrl: own.BASE_URL ?? null,
        partnerKey: own.PARTNER_KEY ?? null,
        requestsPerSecond:
          own.REQUESTS_PER_SECOND ?? base.REQUESTS_PER_SECOND ?? DEFAULT_REQUESTS_PER_SECOND[base.MODE],
      };
      return [platform, config];
    }),
  ) as Record<PlatformId, PlatformConfig>;

  if (base.MODE === 'live' && (base.SANDBOX_CLOCK_START !== undefined || base.SANDBOX_CLOCK_SPEED !== 1)) {
    throw new ConfigError(
      'SANDBOX_CLOCK_START, SANDBOX_CLOCK_SPEED: the sandbox clock is for MODE=sandbox; live mode runs on real time',
    );
  }
  return {
    mode: base.MODE,
    host: base.HOST,
    port: base.PORT,
    databasePath: base.DATABASE_PATH,
    exportDir: base.EXPORT_DIR,
    horizonDays: base.HORIZON_DAYS,
    httpTimeoutMs: base.HTTP_TIMEOUT_MS,
    maxSlotsPerCentre: base.MAX_SLOTS_PER_CENTRE,
    freshnessLimitMs: base.FRESHNESS_LIMIT_MINUTES * 60_000,
    logLevel: base.LOG_LEVEL,
    platforms,
    sandbox: {
      seed: base.SANDBOX_SEED,
      centresPerDepartment: base.SANDBOX_CENTRES_PER_DEPARTMENT,
      meanBookingLeadHours: base.SANDBOX_BOOKING_LEAD_HOURS,
      releaseProbability: base.SANDBOX_RELEASE_PROBABILITY,
      rushPerMinute: base.SANDBOX_RUSH_PER_MINUTE,
      clock: {
        start: base.SANDBOX_CLOCK_START === undefined ? null : new Date(base.SANDBOX_CLOCK_START),
        speed: base.SANDBOX_CLOCK_SPEED,
        origin: base.SANDBOX_CLOCK_ORIGIN ?? null,
      },
      latencyMs: base.SANDBOX_LATENCY_MS,
      baseUrls: parseSandboxBaseUrls(base.SANDBOX_BASE_URLS),
    },
    recheck:
      base.RECHECK_SECONDS === 0
        ? null
        : { periodMs: base.RECHECK_SECONDS * 1000, top: base.RECHECK_TOP, concurrency: base.RECHECK_CONCURRENCY },
    apiProcesses: base.API_PROCESSES,
    adminPort: base.ADMIN_PORT,
    adminHost: base.ADMIN_HOST,
    fastLane: base.FAST_LANE === 'on',
    memoryReportMs: Math.round(base.MEMORY_REPORT_SECONDS * 1000),
    roleHeapFlags: base.ROLE_HEAP_FLAGS === 'on',
    adminToken: base.ADMIN_TOKEN ?? null,
    resilience: {
      maxAttempts: base.HTTP_MAX_ATTEMPTS,
      breakerFailures: base.BREAKER_FAILURES,
      breakerOpenMs: base.BREAKER_OPEN_SECONDS * 1000,
      probeTimeoutMs: base.PROBE_TIMEOUT_MS,
    },
    rateLimit: { perMinute: base.RATE_LIMIT_PER_MINUTE, burst: base.RATE_LIMIT_BURST },
    trustProxy: parseTrustProxy(base.TRUST_PROXY),
    apiServer: {
      connectionsPerClient: base.MAX_CONNECTIONS_PER_CLIENT,
      headersTimeoutMs: base.HEADERS_TIMEOUT_MS,
      requestTimeoutMs: Math.max(base.REQUEST_TIMEOUT_MS, base.HEADERS_TIMEOUT_MS),
      idleTimeoutMs: base.IDLE_TIMEOUT_MS,
    },
    statsHistory: {
      sampleIntervalMs: base.STATS_SAMPLE_SECONDS * 1000,
      hourlyRetentionDays: base.STATS_HOURLY_DAYS,
      dailyRetentionDays: base.STATS_DAILY_DAYS,
    },
    discovery: {
      retireAfterMisses: base.DISCOVERY_RETIRE_AFTER,
      jumpRatio: base.DISCOVERY_JUMP_RATIO,
      jumpMinimum: base.DISCOVERY_JUMP_MINIMUM,
    },
    history: { hourlyDays: base.HISTORY_RETENTION_DAYS, dailyDays: base.HISTORY_DAILY_DAYS },
    changes: {
      changeLogMaxAgeMs: base.CHANGE_LOG_HOURS * 3_600_000,
      changeLogMaxRows: base.CHANGE_LOG_MAX_ROWS,
      answerCacheBytes: base.ANSWER_CACHE_MB * 1024 * 1024,
      rebuildShare: base.READ_REBUILD_SHARE ?? null,
    },
    alerts: {
      allowPrivateTargets: base.ALERTS_ALLOW_PRIVATE_TARGETS === 'true',
      holdMs: base.ALERTS_HOLD_MS,
      cooldownMs: base.ALERTS_COOLDOWN_SECONDS * 1000,
      pollMs: base.ALERTS_POLL_MS,
      subscriptionsPerClient: base.ALERTS_SUBSCRIPTIONS_PER_CLIENT,
      streamsPerClient: base.ALERTS_STREAMS_PER_CLIENT,
      streamsTotal: base.ALERTS_STREAMS_TOTAL,
      maxBufferedBytes: base.ALERTS_STREAM_BUFFER_KB * 1024,
      heartbeatMs: base.ALERTS_HEARTBEAT_SECONDS * 1000,
      webhookAttempts: base.ALERTS_WEBHOOK_ATTEMPTS,
      webhookBackoffMs: base.ALERTS_WEBHOOK_BACKOFF_MS,
      webhookTimeoutMs: base.ALERTS_WEBHOOK_TIMEOUT_MS,
      webhookMaxFailures: base.ALERTS_WEBHOOK_MAX_FAILURES,
    },
  };
}

/**
 * A number of proxy hops, or addresses/subnets (`loopback`, `10.0.0.0/8,...`) as express takes them. `true`
 * is refused: it makes the client address the leftmost X-Forwarded-For entry, which the client writes itself,
 * so anyone could pick a fresh rate-limit key per request.
 */
function parseTrustProxy(value: string | undefined): number | string | null {
  if (value === undefined || value.trim() === '' || value === 'false' || value === '0') return null;
  if (value === 'true') {
    throw new ConfigError(
      'invalid configuration: TRUST_PROXY: `true` lets clients choose their own address; ' +
        'give the number of proxies in front (1 behind one CDN or reverse proxy) or their addresses',
    );
  }
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

const sandboxUrlsSchema = z.partialRecord(z.enum(PLATFORMS), z.url({ protocol: /^https?$/ }));

/** `{"doctolib":"http://127.0.0.1:41234",...}`, as `npm run cli -- sandbox` prints them. */
function parseSandboxBaseUrls(value: string | undefined): Partial<Record<PlatformId, string>> | null {
  if (value === undefined || value.trim() === '') return null;
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw new ConfigError('invalid configuration: SANDBOX_BASE_URLS: is not JSON');
  }
  return parseOrThrow(sandboxUrlsSchema, json, 'SANDBOX_BASE_URLS.');
}

function parsePlatformList(list: string | undefined, implemented: readonly PlatformId[]): PlatformId[] {
  if (list === undefined || list.trim() === '') return [...implemented];
  const names = list
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  for (const name of names) {
    if (!implemented.includes(name as PlatformId)) {
      throw new ConfigError(`PLATFORMS: unknown platform "${name}" (known: ${implemented.join(', ')})`);
    }
  }
  return names as PlatformId[];
}

function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, prefix: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const messages = result.error.issues.map((issue) => `${prefix}${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`invalid configuration: ${messages.join('; ')}`);
}
