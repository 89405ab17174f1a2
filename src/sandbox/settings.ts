// The sandbox's clock and world as the configuration sets them, one way for every process that needs them
// (`npm start`'s sandbox, writer and API processes, `npm run cli -- sandbox`, the tests' systems).
import { SpedClock, systemClock, type Clock } from '../clock.js';
import type { Config } from '../config.js';
import { createWorld, type World } from './world.js';

/**
 * The clock of a sandbox-mode system: the real one unless SANDBOX_CLOCK_START or SANDBOX_CLOCK_SPEED say
 * otherwise. The scrapers and the read side run on it too, or a sandbox set to March would serve slots the
 * aggregator takes for past ones.
 */
export function configuredClock(config: Config): Clock {
  const { start, speed, origin } = config.sandbox.clock;
  if (config.mode !== 'sandbox' || (start === null && speed === 1)) return systemClock;
  const began = origin ?? Date.now();
  return new SpedClock(start ?? new Date(began), speed, began);
}

/** The configured world, its rush (if any) beginning at the clock's present: a rush is watched from its start. */
export function configuredWorld(config: Config, clock: Clock): World {
  return createWorld({ ...config.sandbox, rushSince: clock.now().getTime() });
}
