// What every process that answers reads builds (API processes, the writer's statistics, `serve`, `export`),
// apart from src/system.ts so that a reader never loads the scrapers, the scheduler or the sandbox's servers.
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { PLATFORMS, type PlatformId } from '../domain.js';
import { ReadModel } from '../aggregator/read/read-model.js';
import type { Store } from '../aggregator/store/store.js';
import { configuredClock } from '../sandbox/settings.js';

/** How often a read model looks at the change log. */
export const READ_POLL_MS = 200;

/** The read side over a store, as every process that answers reads builds it (writer, API processes, serve). */
export function createReadModel(
  store: Store,
  config: Config,
  clock: Clock = configuredClock(config),
  statsOnly = false,
): ReadModel {
  // A statistics-only model (the writer process's) follows the log when its recorder samples, not on a timer.
  if (statsOnly) return new ReadModel(store, clock, config.freshnessLimitMs, { pollMs: 0, prepareAnswers: false });
  return new ReadModel(store, clock, config.freshnessLimitMs, {
    pollMs: READ_POLL_MS,
    answerCacheBytes: config.changes.answerCacheBytes,
    ...(config.changes.rebuildShare === null ? {} : { rebuildShare: config.changes.rebuildShare }),
  });
}

/**
 * The platforms the configuration enables. Every id of PLATFORMS has its module (scrapers/registry.ts is a
 * complete record, checked by the compiler), so the registry and its adapters need not be loaded to say which.
 */
export function enabledPlatforms(config: Config): PlatformId[] {
  return PLATFORMS.filter((platform) => config.platforms[platform].enabled);
}
