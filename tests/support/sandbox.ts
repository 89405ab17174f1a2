// Shared by the end-to-end tests: a sandbox of the given platforms on ephemeral loopback ports, a frozen
// clock, and adapters pointed at it through the one HTTP client.
import { ManualClock } from '../../src/clock.js';
import type { PlatformId } from '../../src/domain.js';
import { silentLogger } from '../../src/logger.js';
import type { PlatformAdapter, ScrapeContext } from '../../src/scrapers/adapter.js';
import { createHttpClient, PROJECT_USER_AGENT } from '../../src/scrapers/http.js';
import { PLATFORM_MODULES } from '../../src/scrapers/registry.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import { createWorld, type World, type WorldOptions } from '../../src/sandbox/world.js';

/** A weekday morning, so that centres are open in the coming days. */
export const TEST_START = new Date('2026-03-02T07:30:00Z');

export interface TestSandbox {
  readonly world: World;
  readonly clock: ManualClock;
  readonly sandbox: RunningSandbox;
  adapter(platform: PlatformId): PlatformAdapter;
  context(departments?: readonly string[]): ScrapeContext;
  close(): Promise<void>;
}

export async function startTestSandbox(
  platforms: readonly PlatformId[],
  world: Partial<WorldOptions> = { centresPerDepartment: 2 },
): Promise<TestSandbox> {
  const clock = new ManualClock(TEST_START);
  const built = createWorld(world);
  const sandbox = await startSandbox({ world: built, clock, platforms });
  const http = createHttpClient({
    allowedOrigins: Object.values(sandbox.baseUrls),
    timeoutMs: 5_000,
    userAgent: PROJECT_USER_AGENT,
    maxBodyBytes: 10 * 1024 * 1024,
  });
  return {
    world: built,
    clock,
    sandbox,
    adapter(platform) {
      const module = PLATFORM_MODULES[platform];
      const baseUrl = sandbox.baseUrls[platform];
      if (!module || !baseUrl) throw new Error(`platform ${platform} is not running`);
      const baseUrls = Object.fromEntries(Object.keys(module.liveBaseUrls).map((role) => [role, baseUrl]));
      return module.create({ baseUrls });
    },
    context: (departments) => ({ http, clock, log: silentLogger, ...(departments ? { departments } : {}) }),
    close: () => sandbox.close(),
  };
}
