// Webhook delivery, in the writer process alone (so each alert is posted once, however many API processes).
// Each delivery is signed, sent to the address checked just before (pinned: no DNS rebinding), never follows
// a redirect, is retried with exponential back-off and jitter, and a subscription whose deliveries keep
// failing is disabled.
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import pLimit from 'p-limit';
import type { Logger } from '../../logger.js';
import type { AlertsDb, Subscription } from './alerts-db.js';
import type { AlertEngine, AlertEvent } from './engine.js';
import { SIGNATURE_HEADER, signatureHeader } from './signing.js';
import { checkTarget, type CheckedTarget, type TargetPolicy } from './target.js';

export interface WebhookPolicy {
  readonly target: TargetPolicy;
  /** Attempts per delivery, the first included. */
  readonly attempts: number;
  /** The wait before the second attempt; doubled before each next one (with jitter). */
  readonly backoffMs: number;
  readonly timeoutMs: number;
  /** Deliveries in a row that failed every attempt before the subscription is disabled. */
  readonly maxFailures: number;
  /** How often the subscriptions table is read again (new and cancelled subscriptions). */
  readonly syncMs: number;
  readonly concurrency: number;
}

export const DEFAULT_WEBHOOKS: Omit<WebhookPolicy, 'target'> = {
  attempts: 5,
  backoffMs: 1_000,
  timeoutMs: 5_000,
  maxFailures: 3,
  syncMs: 1_000,
  concurrency: 8,
};

export type AttemptOutcome =
  | { readonly ok: true; readonly status: number }
  | { readonly ok: false; readonly reason: string };

/** The wait before attempt `attempt` (2 = first retry): `backoff * 2^(attempt-2)`, between half and all of it. */
export function backoffDelay(attempt: number, backoffMs: number, random: () => number): number {
  const full = backoffMs * 2 ** Math.max(0, attempt - 2);
  return Math.round(full / 2 + (full / 2) * random());
}

/** One POST to a checked target; 2xx is success, anything else (a redirect too) a failure. */
export function postOnce(
  target: CheckedTarget,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<AttemptOutcome> {
  // The connection goes to the address that was checked, whatever the name resolves to by now.
  type AllCallback = (error: null, addresses: Array<{ address: string; family: number }>) => void;
  const pinned: LookupFunction = (_hostname, options, callback) => {
    const pinnedAddress = { address: target.address, family: target.family };
    if ((options as { all?: boolean }).all) (callback as AllCallback)(null, [pinnedAddress]);
    else callback(null, target.address, target.family);
  };
  const transport = target.url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const request = transport.request(
      target.url,
      {
        method: 'POST',
        lookup: pinned,
        timeout: timeoutMs,
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers },
      },
      (response) => {
        response.resume();
        const status = response.statusCode ?? 0;
        resolve(status >= 200 && status < 300 ? { ok: true, status } : { ok: false, reason: `status ${status}` });
      },
    );
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', (error) => resolve({ ok: false, reason: error.message }));
    request.end(body);
  });
}

export interface WebhookDispatcherOptions {
  readonly db: AlertsDb;
  readonly engine: AlertEngine;
  readonly policy: WebhookPolicy;
  readonly log: Logger;
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export class WebhookDispatcher {
  private readonly listening = new Map<string, () => void>();
  private readonly limit;
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Deliveries finished, for tests and the benchmark. */
  readonly results: Array<{ subscription: string; event: string; ok: boolean; attempts: number }> = [];

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.limit = pLimit(options.policy.concurrency);
  }

  start(): void {
    this.sync();
    this.timer = setInterval(() => this.sync(), this.options.policy.syncMs);
    this.timer.unref();
  }

  /** Stops listening and waits for the deliveries under way (their retries end at once). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const stop of this.listening.values()) stop();
    this.listening.clear();
    await Promise.all([...this.inFlight]);
  }

  /** Listens for every active subscription, and stops for the cancelled and the disabled. */
  sync(): void {
    if (this.stopped) return;
    const active = new Map(this.options.db.active().map((subscription) => [subscription.id, subscription]));
    for (const [id, stop] of this.listening) {
      if (active.has(id)) continue;
      stop();
      this.listening.delete(id);
    }
    for (const [id, subscription] of active) {
      if (this.listening.has(id)) continue;
      this.listening.set(
        id,
        this.options.engine.listen(subscription.filter, (event) => this.enqueue(subscription, event)),
      );
    }
  }

  private enqueue(subscription: Subscription, event: AlertEvent): void {
    const delivery = this.limit(() => this.deliver(subscription, event)).finally(() => this.inFlight.delete(delivery));
    this.inFlight.add(delivery);
  }

  private async deliver(subscription: Subscription, event: AlertEvent): Promise<void> {
    const { policy, db, log } = this.options;
    const body = JSON.stringify({ subscription: subscription.id, ...event });
    const random = this.options.random ?? Math.random;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    let attempts = 0;
    let reason = '';
    for (let attempt = 1; attempt <= policy.attempts && !this.stopped; attempt += 1) {
      if (attempt > 1) await sleep(backoffDelay(attempt, policy.backoffMs, random));
      attempts = attempt;
      // Checked again at every attempt: the name may resolve elsewhere now than at subscription time.
      const check = await checkTarget(subscription.url, policy.target);
      const outcome: AttemptOutcome = check.ok
        ? await postOnce(
            check.target,
            body,
            {
              [SIGNATURE_HEADER]: signatureHeader(subscription.secret, Math.floor(Date.now() / 1000), body),
              'x-alert-id': event.id,
              'user-agent': 'slot-aggregator-alerts',
            },
            policy.timeoutMs,
          )
        : { ok: false, reason: `target refused: ${check.reason}` };
      if (outcome.ok) {
        db.recordDelivered(subscription.id, Date.now());
        this.results.push({ subscription: subscription.id, event: event.id, ok: true, attempts });
        return;
      }
      reason = outcome.reason;
    }
    if (this.stopped) return;
    const failures = db.recordFailed(subscription.id, Date.now(), policy.maxFailures);
    this.results.push({ subscription: subscription.id, event: event.id, ok: false, attempts });
    log.warn({ subscription: subscription.id, attempts, failures, reason }, 'webhook delivery failed');
    if (failures >= policy.maxFailures) {
      log.warn({ subscription: subscription.id }, 'webhook subscription disabled after repeated failures');
      this.listening.get(subscription.id)?.();
      this.listening.delete(subscription.id);
    }
  }
}
