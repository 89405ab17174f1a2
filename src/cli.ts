// Command line: start | scrape | serve | export | sandbox. Configuration comes from the environment
// (src/config.ts); flags only say what to do.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.js';
import { PLATFORMS, type PlatformId } from './domain.js';
import { findDepartment } from './departments.js';
import { createLogger, type Logger } from './logger.js';
import { discoverPlatform, scanPlatform } from './aggregator/ingest/pipeline.js';
import { Store } from './aggregator/store/store.js';
import { ReadModel } from './aggregator/read/read-model.js';
import { exportOpenData } from './aggregator/open-data/export.js';
import { platformStatuses } from './aggregator/read/platform-status.js';
import { apiOptions, createApp } from './api/app.js';
import { StatsRecorder } from './aggregator/read/stats-history.js';
import { implementedPlatforms } from './scrapers/registry.js';
import { startSandbox } from './sandbox/server.js';
import { createWorld } from './sandbox/world.js';
import { enabledPlatforms, READ_POLL_MS, startScraping, startSystem } from './system.js';
import { systemClock } from './clock.js';
import { progressBar } from './progress.js';

const USAGE = `usage: npm run cli -- <command> [options]

  start                         sandbox (in sandbox mode) + scheduler + API: the whole system
  scrape --platform P [--department D]
                                one discovery and scan cycle, then a summary
  serve                         the API alone, over the existing database
  export [--out DIR]            write the open-data files (and .gz) to a folder
  sandbox                       the sandbox platforms alone, on loopback

Settings come from the environment; see README.md.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: { platform: { type: 'string' }, department: { type: 'string' }, out: { type: 'string' } },
    allowPositionals: false,
  });
  const config = loadConfig(process.env, implementedPlatforms());
  const log = createLogger(config.logLevel);
  switch (command) {
    case 'start':
      return start(config, log);
    case 'scrape':
      return scrape(config, log, values.platform, values.department);
    case 'serve':
      return serve(config, log);
    case 'export':
      return exportCommand(config, values.out ?? config.exportDir);
    case 'sandbox':
      return sandbox(config, log);
    default:
      process.stderr.write(`${USAGE}\n`);
      return command === undefined || command === 'help' ? 0 : 2;
  }
}

async function start(config: Config, log: Logger): Promise<number> {
  const system = await startSystem({ config, log });
  log.info(
    { api: system.apiUrl, page: `${system.apiUrl}/`, platforms: [...system.scraping.adapters.keys()], database: config.databasePath, mode: config.mode },
    `slot aggregator running: open ${system.apiUrl}/ or ${system.apiUrl}/api/v1/departments/75/centers`,
  );
  if (system.scraping.sandbox) log.info({ platforms: system.scraping.sandbox.baseUrls, truth: `${system.scraping.sandbox.controlUrl}/__sandbox/truth`, faults: `${system.scraping.sandbox.controlUrl}/__sandbox/faults` }, 'sandbox platforms');
  void system.scheduler.start();
  await untilSignal();
  // SIGTERM: the scheduler stops, scans in flight are interrupted between centres (a centre whose scan was
  // cut keeps its previous one), the API stops listening, the database is closed; then exit 0.
  log.info('stopping: interrupting the cycles in flight');
  process.once('SIGTERM', () => process.exit(143));
  process.once('SIGINT', () => process.exit(130));
  await system.close();
  log.info('stopped');
  return 0;
}

async function scrape(config: Config, log: Logger, platformName: string | undefined, department: string | undefined): Promise<number> {
  const platform = platformName as PlatformId | undefined;
  if (!platform || !PLATFORMS.includes(platform) || !enabledPlatforms(config).includes(platform)) {
    process.stderr.write(`scrape: --platform must be one of ${enabledPlatforms(config).join(', ')}\n`);
    return 2;
  }
  if (department !== undefined && !findDepartment(department)) {
    process.stderr.write(`scrape: --department "${department}" is not a department code\n`);
    return 2;
  }
  const scraping = await startScraping({ config, log });
  const store = new Store(config.databasePath);
  try {
    const adapter = scraping.adapters.get(platform)!;
    const context = { ...(scraping.contexts.get(platform) ?? scraping.context), ...(department ? { departments: [department] } : {}) };
    const discovery = await discoverPlatform(adapter, store, context);
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
    new StatsRecorder(store, new ReadModel(store, systemClock, config.freshnessLimitMs), systemClock, config.statsHistory, log).record();
    process.stdout.write(
      `${JSON.stringify({ discovery: { centres: discovery.centres, ms: discovery.durationMs, error: discovery.error }, scan: summary }, null, 2)}\n`,
    );
    return 0;
  } finally {
    store.close();
    await scraping.sandbox?.close();
  }
}

async function serve(config: Config, log: Logger): Promise<number> {
  const store = new Store(config.databasePath);
  const enabled = enabledPlatforms(config);
  const app = createApp({
    ...apiOptions(config, new ReadModel(store, systemClock, config.freshnessLimitMs, { pollMs: READ_POLL_MS, answerCacheBytes: config.changes.answerCacheBytes }), log),
    platformStatus: (snapshot, now) => platformStatuses(store, snapshot, enabled, now),
  });
  const server = app.listen(config.port, config.host, () => log.info({ api: `http://${config.host}:${config.port}` }, 'serving'));
  await untilSignal();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  store.close();
  return 0;
}

async function exportCommand(config: Config, out: string): Promise<number> {
  const store = new Store(config.databasePath);
  try {
    const files = await exportOpenData(new ReadModel(store, systemClock, config.freshnessLimitMs), out);
    process.stdout.write(`wrote ${files.length} files (and their .gz) to ${out}\n`);
    return 0;
  } finally {
    store.close();
  }
}

async function sandbox(config: Config, log: Logger): Promise<number> {
  const world = createWorld(config.sandbox);
  const running = await startSandbox({ world, clock: systemClock, platforms: enabledPlatforms(config) });
  log.info({ platforms: running.baseUrls, truth: `${running.controlUrl}/__sandbox/truth`, faults: `${running.controlUrl}/__sandbox/faults`, centres: world.centres.length }, 'sandbox running');
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
    if (error instanceof ConfigError || (error instanceof Error && error.name === 'TypeError' && /parseArgs|Unknown option/i.test(error.message))) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
