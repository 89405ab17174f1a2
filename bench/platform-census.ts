// One full cycle (discovery + a scan of every centre) per platform against the default world: centres,
// free slots in the 11-day window (truth and reported) and the requests it took. Run: npx tsx bench/platform-census.ts [platform...]
import { ManualClock } from '../src/clock.js';
import type { PlatformId } from '../src/domain.js';
import { silentLogger } from '../src/logger.js';
import { runScan, scanWindow } from '../src/aggregator/scan.js';
import { createHttpClient, PROJECT_USER_AGENT } from '../src/scrapers/http.js';
import { PLATFORM_MODULES } from '../src/scrapers/registry.js';
import { SANDBOX_PLATFORMS } from '../src/sandbox/platforms/index.js';
import { startSandbox } from '../src/sandbox/server.js';
import { groundTruth } from '../src/sandbox/truth.js';
import { createWorld } from '../src/sandbox/world.js';

const requested = process.argv.slice(2) as PlatformId[];
const platforms = (requested.length ? requested : (Object.keys(SANDBOX_PLATFORMS) as PlatformId[])).filter((platform) => PLATFORM_MODULES[platform]);
const world = createWorld();
const clock = new ManualClock(new Date('2026-03-02T07:30:00Z'));

for (const platform of platforms) {
  const sandbox = await startSandbox({ world, clock, platforms: [platform] });
  const baseUrl = sandbox.baseUrls[platform]!;
  const inner = createHttpClient({ allowedOrigins: [baseUrl], timeoutMs: 10_000, userAgent: PROJECT_USER_AGENT, maxBodyBytes: 10 * 1024 * 1024 });
  let requests = 0;
  const ctx = { http: { request: (request: Parameters<typeof inner.request>[0]) => ((requests += 1), inner.request(request)) }, clock, log: silentLogger };
  const module = PLATFORM_MODULES[platform]!;
  const adapter = module.create({ baseUrls: Object.fromEntries(Object.keys(module.liveBaseUrls).map((role) => [role, baseUrl])) });
  const started = Date.now();
  const centres = [];
  for await (const centre of adapter.discover(ctx)) centres.push(centre);
  const discoveryRequests = requests;
  const window = scanWindow(clock.now(), 11);
  let reported = 0;
  let issues = 0;
  for (const centre of centres) {
    const outcome = await runScan(adapter, centre, window, ctx);
    if (outcome.kind === 'slots') reported += outcome.slots.length;
    else issues += 1;
  }
  const truth = [...groundTruth(world, [platform], clock.now(), window).values()].reduce((sum, centre) => sum + centre.slots.length, 0);
  console.log(JSON.stringify({
    platform, listings: world.listingsOf(platform).length, centresDiscovered: centres.length, scanIssues: issues,
    freeSlotsTruth: truth, freeSlotsReported: reported, discoveryRequests, scanRequests: requests - discoveryRequests, ms: Date.now() - started,
  }));
  await sandbox.close();
}
