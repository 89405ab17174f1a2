// Command line: start | scrape | serve | export | sandbox. Configuration comes from the environment
// (src/config.ts); flags only say what to do.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.js';
import { PLATFORMS, type PlatformId } from './domain.js';
import { createLogger, type Logger } from './logger.js';
import { routeCronLogs } from './runtime/cron-logs.js';
import { ListenFailure } from './runtime/listening.js';
import { ROLE_COMMANDS } from './runtime/messages.js';

// Each command loads what it runs, when it runs (`await import`): `start`'s supervisor then holds its own few
// modules, the writer no API and the API processes no scrapers (src/runtime/memory-report.ts measures them).

const USAGE = `usage: npm run cli -- <command> [options]     (npm start = npm run cli -- start)

  start                         the whole system: the sandbox (in sandbox mode), one writer process
                                (scrapers, scheduler, admin routes) and API_PROCESSES API processes
  scrape --platform P [--department D]
                                one discovery and scan cycle, then a summary
  serve                         one API process alone, over the existing database
  export [--out DIR] [--watch]  write the open-data files (and .gz) to a folder; with --watch, keep
                                republishing what changes, atomically, until stopped
  sandbox                       the sandbox platforms alone, on loopback
  help, --help, -h              this text

Settings come from the environment (PORT, HOST, MODE, PLATFORMS, DATABASE_PATH, LOG_LEVEL, ...); see README.md.`;

/** `--help` anywhere (`npm start -- --help` too) asks for the usage, whatever else is on the line. */
function wantsHelp(argv: readonly string[]): boolean {
  return argv[0] === 'help' || argv.some((arg) => arg === '--help' || arg === '-h');
}

async function main(argv: string[]): Promise<number> {
  if (wantsHelp(argv)) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      platform: { type: 'string' },
      department: { type: 'string' },
      out: { type: 'string' },
      watch: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  // Only `export` takes a positional argument: its folder (`export --watch DIR`).
  if (positionals.length > (command === 'export' ? 1 : 0)) {
    process.stderr.write(`unexpected argument "${positionals.at(-1)}"\n${USAGE}\n`);
    return 2;
  }
  // Every platform id has its module (scrapers/registry.ts is a complete record): no need to load them to know.
  const config = loadConfig(process.env, [...PLATFORMS]);
  const log = createLogger(config.logLevel);
  routeCronLogs(log);
  switch (command) {
    case 'start':
      return start(config, log);
    case 'scrape':
      return scrape(config, log, values.platform, values.department);
    case 'serve':
      return serve(config, log);
    case 'export':
      return exportCommand(config, log, values.out ?? positionals[0] ?? config.exportDir, values.watch ?? false);
    case 'sandbox':
      return sandbox(config, log);
    // The processes `start` runs, one role each (src/runtime/).
    case ROLE_COMMANDS.sandbox: {
      const [{ runChild }, { startSandboxRole }] = await Promise.all([
        import('./runtime/child.js'),
        import('./runtime/sandbox-role.js'),
      ]);
      return runChild('sandbox', log, () => startSandboxRole(config), config.memoryReportMs);
    }
    case ROLE_COMMANDS.writer: {
      const [{ runChild }, { startWriterRole }] = await Promise.all([
        import('./runtime/child.js'),
        import('./runtime/writer-role.js'),
      ]);
      return runChild('writer', log, () => startWriterRole(config, log), config.memoryReportMs);
    }
    case ROLE_COMMANDS.api: {
      const [{ runChild }, { startApiRole }] = await Promise.all([
        import('./runtime/child.js'),
        import('./runtime/api-role.js'),
      ]);
      return runChild('api', log, () => startApiRole(config, log), config.memoryReportMs);
    }
    default:
      if (command === undefined) {
        process.stdout.write(`${USAGE}\n`);
        return 0;
      }
      process.stderr.write(`unknown command "${command}"\n${USAGE}\n`);
      return 2;
  }
}

async function start(config: Config, log: Logger): Promise<number> {
  const { Supervisor } = await import('./runtime/supervisor.js');
  return new Supervisor({ config, log, entry: fileURLToPath(import.meta.url) }).run();
}

async function scrape(
  config: Config,
  log: Logger,
  platformName: string | undefined,
  department: string | undefined,
): Promise<number> {
  const [
    { enabledPlatforms, startScraping, createReadModel },
    { findDepartment },
    { discoverPlatform, scanPlatform },
    { Store },
    { StatsRecorder },
    { configuredClock },
    { progressBar },
  ] = await Promise.all([
    import('./system.js'),
    import('./departments.js'),
    import('./aggregator/ingest/pipeline.js'),
    import('./aggregator/store/store.js'),
    import('./aggregator/read/stats-history.js'),
    import('./sandbox/settings.js'),
    import('./progress.js'),
  ]);
  const platform = platformName as PlatformId | undefined;
  if (!platform || !PLATFORMS.includes(platform) || !enabledPlatforms(config).includes(platform)) {
    process.stderr.write(`scrape: --platform must be one of ${enabledPlatforms(config).join(', ')}\n`);
    return 2;
  }
  if (department !== undefined && !findDepartment(department)) {
    process.stderr.write(`scrape: --department "${department}" is not a department code\n`);
    return 2;
  }
  const scraping = await startScraping({ config: await besideRunningSystem(config, log, platform), log });
  const store = new Store(config.databasePath);
  try {
    const adapter = scraping.adapters.get(platform)!;
    const context = {
      ...(scraping.contexts.get(platform) ?? scraping.context),
      ...(department ? { departments: [department] } : {}),
    };
    // Discovery pages through every listing of the platform: tens of seconds at national scale.
    log.info({ platform, department: department ?? null }, `${platform}: discovering centres`);
    const discovery = await discoverPlatform(adapter, store, context);
    log.info(
      { platform, centres: discovery.centres, ms: discovery.durationMs },
      `${platform}: ${discovery.centres} centres found; scanning`,
    );
    let centres = store.centresToScan(platform, discovery.startedAt);
    if (department) centres = centres.filter((centre) => centre.department === department);
    const bar = progressBar(process.stderr, `${platform} scan`);
    const summary = await scanPlatform(adapter, centres, store, context, {
      horizonDays: config.horizonDays,
      concurrency: config.platforms[platform].concurrency,
      onCentreDone: bar.update,
    });
    bar.done();
    // A one-off cycle is a point of the statistics history too.
    new StatsRecorder(
      store,
      createReadModel(store, config),
      configuredClock(config),
      config.statsHistory,
      log,
    ).record();
    process.stdout.write(
      `${JSON.stringify(
        { discovery: { centres: discovery.centres, ms: discovery.durationMs, error: discovery.error }, scan: summary },
        null,
        2,
      )}\n`,
    );
    return 0;
  } finally {
    store.close();
    await scraping.sandbox?.close();
  }
}

/**
 * In sandbox mode, a `start` running on the same database lends its sandbox: the links discovery stores then
 * stay on the sandbox that system serves, not on one that dies with this command.
 */
async function besideRunningSystem(config: Config, log: Logger, platform: PlatformId): Promise<Config> {
  if (config.mode !== 'sandbox' || config.sandbox.baseUrls) return config;
  const { findRunningSandbox } = await import('./runtime/running-sandbox.js');
  const running = await findRunningSandbox(config.databasePath);
  if (running === null || !running[platform]) return config;
  log.info({ platforms: running }, 'scraping the sandbox of the system running on this database');
  // The platforms that sandbox does not serve are of no use to this one-platform command.
  const platforms = Object.fromEntries(
    Object.entries(config.platforms).map(([id, settings]) => [
      id,
      running[id as PlatformId] ? settings : { ...settings, enabled: false },
    ]),
  ) as Config['platforms'];
  return { ...config, platforms, sandbox: { ...config.sandbox, baseUrls: running } };
}

async function serve(config: Config, log: Logger): Promise<number> {
  const [{ Store }, { createReadModel, enabledPlatforms }, { listen }, { apiOptions, createApiServer }, status] =
    await Promise.all([
      import('./aggregator/store/store.js'),
      import('./runtime/read-side.js'),
      import('./runtime/listening.js'),
      import('./api/app.js'),
      import('./aggregator/read/platform-status.js'),
    ]);
  const store = new Store(config.databasePath);
  const enabled = enabledPlatforms(config);
  const server = createApiServer({
    ...apiOptions(config, createReadModel(store, config), log),
    platformStatus: (snapshot, now) => status.platformStatuses(store, snapshot, enabled, now),
  });
  const url = await listen(server, config.port, config.host);
  log.info(
    { api: url, database: config.databasePath },
    `serving the stored data: open ${url}/ or ${url}/api/v1/departments/75/centers`,
  );
  await untilSignal();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  store.close();
  return 0;
}

async function exportCommand(config: Config, log: Logger, out: string, watch: boolean): Promise<number> {
  const [{ Store }, { createReadModel }, { watchExport }, { exportOpenData }] = await Promise.all([
    import('./aggregator/store/store.js'),
    import('./runtime/read-side.js'),
    import('./runtime/export-watch.js'),
    import('./aggregator/open-data/export.js'),
  ]);
  const store = new Store(config.databasePath);
  const readModel = createReadModel(store, config);
  try {
    if (watch) {
      const stop = new AbortController();
      void untilSignal().then(() => stop.abort());
      log.info({ dir: out }, 'publishing the open-data files on every change; stop with Ctrl-C');
      await watchExport({ readModel, outDir: out, log, signal: stop.signal });
      return 0;
    }
    const files = await exportOpenData(readModel, out);
    process.stdout.write(`wrote ${files.length} files (and their .gz) to ${out}\n`);
    return 0;
  } finally {
    store.close();
  }
}

async function sandbox(config: Config, log: Logger): Promise<number> {
  const [{ startConfiguredSandbox }, { SpedClock }] = await Promise.all([
    import('./runtime/sandbox-role.js'),
    import('./clock.js'),
  ]);
  const { running, world, clock } = await startConfiguredSandbox(config);
  log.info(
    {
      platforms: running.baseUrls,
      truth: `${running.controlUrl}/__sandbox/truth`,
      faults: `${running.controlUrl}/__sandbox/faults`,
      centres: world.centres.length,
    },
    'sandbox running',
  );
  // What another process needs to scrape this sandbox (e.g. `start` or `scrape` in sandbox mode).
  process.stdout.write(`SANDBOX_BASE_URLS='${JSON.stringify(running.baseUrls)}'\n`);
  // A sped or shifted clock: the other process must read the same one (same start, speed and origin).
  if (clock instanceof SpedClock) process.stdout.write(`SANDBOX_CLOCK_ORIGIN=${clock.origin}\n`);
  await untilSignal();
  await running.close();
  return 0;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (
      error instanceof ConfigError ||
      (error instanceof Error && error.name === 'TypeError' && /parseArgs|Unknown option/i.test(error.message))
    ) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    if (error instanceof ListenFailure) {
      process.stderr.write(`cannot start: ${error.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
