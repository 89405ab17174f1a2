// `start`'s sandbox process: the sandbox platforms alone. Each role has its own module, loaded by the CLI only
// in the process that runs it, so that no process pays for the code of the others.
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { RunningSandbox } from '../sandbox/server.js';
import { configuredClock, configuredWorld } from '../sandbox/settings.js';
import type { World } from '../sandbox/world.js';
import type { StartedRole } from './child.js';
import { enabledPlatforms } from './read-side.js';

/** The sandbox on its own, as the configuration sets it up: the `sandbox` command and `start`'s sandbox process. */
export async function startConfiguredSandbox(
  config: Config,
): Promise<{ readonly running: RunningSandbox; readonly world: World; readonly clock: Clock }> {
  const clock = configuredClock(config);
  const world = configuredWorld(config, clock);
  const { startSandbox } = await import('../sandbox/server.js');
  const running = await startSandbox({
    world,
    clock,
    platforms: enabledPlatforms(config),
    latencyMs: config.sandbox.latencyMs,
  });
  return { running, world, clock };
}

export async function startSandboxRole(config: Config): Promise<StartedRole> {
  const { running, world } = await startConfiguredSandbox(config);
  return {
    ready: {
      type: 'ready',
      role: 'sandbox',
      baseUrls: { ...running.baseUrls },
      controlUrl: running.controlUrl,
      centres: world.centres.length,
    },
    stop: () => running.close(),
  };
}
