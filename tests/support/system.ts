// The whole system on ephemeral ports over a temporary SQLite file, its clock frozen at TEST_START.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { PlatformId } from '../../src/domain.js';
import { silentLogger } from '../../src/logger.js';
import { implementedPlatforms } from '../../src/scrapers/registry.js';
import { createWorld, type World, type WorldOptions } from '../../src/sandbox/world.js';
import { startSystem, type RunningSystem } from '../../src/system.js';
import { TEST_START } from './sandbox.js';

export interface TestSystem {
  readonly system: RunningSystem;
  readonly clock: ManualClock;
  readonly world: World;
  readonly databasePath: string;
  get(pathAndQuery: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export function temporaryDatabasePath(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'slots-test-')), 'slots.sqlite');
}

export async function startTestSystem(
  platforms: readonly PlatformId[] = implementedPlatforms(),
  world: Partial<WorldOptions> = { centresPerDepartment: 2 },
  env: Record<string, string> = {},
): Promise<TestSystem> {
  const databasePath = temporaryDatabasePath();
  const config = loadConfig(
    // No rate limit unless a test asks for one: tests send many requests from one address.
    {
      DATABASE_PATH: databasePath,
      PORT: '0',
      LOG_LEVEL: 'silent',
      PLATFORMS: platforms.join(','),
      RATE_LIMIT_PER_MINUTE: '0',
      ...env,
    },
    implementedPlatforms(),
  );
  const clock = new ManualClock(TEST_START);
  const built = createWorld(world);
  const system = await startSystem({ config, log: silentLogger, clock, world: built });
  return {
    system,
    clock,
    world: built,
    databasePath,
    get: (pathAndQuery, headers) => fetch(`${system.apiUrl}${pathAndQuery}`, { headers }),
    close: () => system.close(),
  };
}
