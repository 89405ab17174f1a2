// The alerts as each process runs them, built from the configuration: an API process gets the engine its SSE
// streams listen to and the store its subscription routes write; the writer gets the webhook dispatcher.
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import type { AlertsApi } from '../../api/routes/alerts.js';
import { AlertsDb } from './alerts-db.js';
import { AlertEngine } from './engine.js';
import { WebhookDispatcher } from './webhooks.js';

function engineOf(db: AlertsDb, config: Config, clock: Clock): AlertEngine {
  const engine = new AlertEngine(db, {
    clock,
    policy: { holdMs: config.alerts.holdMs, cooldownMs: config.alerts.cooldownMs },
  });
  engine.start(config.alerts.pollMs);
  return engine;
}

export interface ApiAlerts {
  readonly api: AlertsApi;
  close(): void;
}

/** For an API process: its own engine (its own SSE clients) over its own connection to the file. */
export function startApiAlerts(config: Config, clock: Clock): ApiAlerts {
  const db = new AlertsDb(config.databasePath);
  const engine = engineOf(db, config, clock);
  const { alerts } = config;
  return {
    api: {
      engine,
      db,
      target: { allowPrivate: alerts.allowPrivateTargets },
      limits: {
        subscriptionsPerClient: alerts.subscriptionsPerClient,
        streamsPerClient: alerts.streamsPerClient,
        streamsTotal: alerts.streamsTotal,
        maxBufferedBytes: alerts.maxBufferedBytes,
        heartbeatMs: alerts.heartbeatMs,
      },
    },
    close() {
      engine.stop();
      db.close();
    },
  };
}

export interface WriterAlerts {
  readonly dispatcher: WebhookDispatcher;
  close(): Promise<void>;
}

/** For the writer: the one place webhooks are posted from, so each alert is posted once. */
export function startWebhooks(config: Config, clock: Clock, log: Logger): WriterAlerts {
  const db = new AlertsDb(config.databasePath);
  const engine = engineOf(db, config, clock);
  const { alerts } = config;
  const dispatcher = new WebhookDispatcher({
    db,
    engine,
    log,
    policy: {
      target: { allowPrivate: alerts.allowPrivateTargets },
      attempts: alerts.webhookAttempts,
      backoffMs: alerts.webhookBackoffMs,
      timeoutMs: alerts.webhookTimeoutMs,
      maxFailures: alerts.webhookMaxFailures,
      syncMs: 1_000,
      concurrency: 8,
    },
  });
  dispatcher.start();
  return {
    dispatcher,
    async close() {
      engine.stop();
      await dispatcher.stop();
      db.close();
    },
  };
}
