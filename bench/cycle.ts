// One full cycle (discovery + scan) of every platform over the default sandbox world: the world's size, the
// time of a cycle, and what it costs each platform in requests. Run: npm run bench:cycle
import { implementedPlatforms } from '../src/scrapers/registry.js';
import { discoverPlatform, scanPlatform } from '../src/aggregator/ingest/pipeline.js';
import { scanWindow } from '../src/aggregator/ingest/scan.js';
import { groundTruth } from '../src/sandbox/truth.js';
import { median, startBenchSystem } from './support.js';

const REPEATS = Number(process.env.REPEATS ?? 3);

async function main(): Promise<void> {
  const { system } = await startBenchSystem();
  const { store, scraping } = system;
  const platforms = implementedPlatforms();
  const rows: string[] = [];
  let worldSlots = 0;
  let worldCentres = 0;

  // Each platform alone, for its own figures.
  for (const platform of platforms) {
    const adapter = scraping.adapters.get(platform)!;
    const before = scraping.sandbox!.requestCounts()[platform] ?? 0;
    const discovery = await discoverPlatform(adapter, store, scraping.context);
    const centres = store.centresToScan(platform, discovery.startedAt);
    const scan = await scanPlatform(adapter, centres, store, scraping.context, { horizonDays: 11, concurrency: 8 });
    const requests = (scraping.sandbox!.requestCounts()[platform] ?? 0) - before;
    const now = scraping.context.clock.now();
    const truth = [...groundTruth(scraping.world!, [platform], now, scanWindow(now, 11)).values()].reduce(
      (sum, centre) => sum + centre.slots.length,
      0,
    );
    worldCentres += discovery.centres;
    worldSlots += scan.slots;
    rows.push(
      `| ${platform} | ${discovery.centres} | ${scan.withSlots} | ` +
        `${scan.slots} | ${truth} | ${scan.issues} | ${requests} | ` +
        `${discovery.durationMs} | ${scan.durationMs} |`,
    );
  }

  // Every platform at once, as the scheduler runs them at start.
  const totals: number[] = [];
  for (let i = 0; i < REPEATS; i += 1) {
    const began = performance.now();
    await Promise.all(platforms.map((platform) => system.scheduler.runCycle(platform, true)));
    totals.push(performance.now() - began);
  }

  console.log(`default world: ${worldCentres} centres, ${worldSlots} free slots in the 11-day window\n`);
  console.log('| platform | centres | with slots | slots | truth | issues | requests | discovery ms | scan ms |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  console.log(
    `\nfull cycle, all platforms concurrently: median ` +
      `${Math.round(median(totals))} ms over ${REPEATS} runs ` +
      `(${totals.map((t) => Math.round(t)).join(', ')})`,
  );
  console.log(`rss ${Math.round(process.memoryUsage().rss / 1024 / 1024)} MiB`);
  await system.close();
}

await main();
