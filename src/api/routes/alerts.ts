// Alerts over HTTP: a server-sent events stream per filter, and webhook subscriptions (create, cancel). The
// stream is fed by this process's own engine (each connected client hears each alert once); webhooks are
// posted by the writer, this process only stores them. Every resource a stranger can hold is bounded:
// subscriptions per client, streams per client and in total, and the bytes a slow reader may leave unread.
import type { Response } from 'express';
import express, { Router } from 'express';
import { z } from 'zod';
import type { AlertsDb } from '../../aggregator/alerts/alerts-db.js';
import type { AlertEngine, AlertEvent } from '../../aggregator/alerts/engine.js';
import { alertFilterInput, filterInputOf, toFilter } from '../../aggregator/alerts/filter.js';
import { checkTarget, type TargetPolicy } from '../../aggregator/alerts/target.js';
import { ApiError } from '../errors.js';

export interface AlertLimits {
  readonly subscriptionsPerClient: number;
  readonly streamsPerClient: number;
  readonly streamsTotal: number;
  /** Unsent bytes a stream may hold before its reader is judged too slow and dropped. */
  readonly maxBufferedBytes: number;
  readonly heartbeatMs: number;
}

export const DEFAULT_ALERT_LIMITS: AlertLimits = {
  subscriptionsPerClient: 20,
  streamsPerClient: 4,
  streamsTotal: 5_000,
  maxBufferedBytes: 64 * 1024,
  heartbeatMs: 20_000,
};

export interface AlertsApi {
  readonly engine: AlertEngine;
  readonly db: AlertsDb;
  readonly limits: AlertLimits;
  readonly target: TargetPolicy;
  /** Wall clock for the stored creation time. */
  readonly now?: () => number;
}

/** The body of POST /api/v1/subscriptions: the filter's fields beside the target URL. */
export const subscriptionBody = z.object({ url: z.string().max(2_048) }).passthrough();

/** Open streams by client, and the total; one per process (each API process bounds its own). */
class StreamCounter {
  private readonly byClient = new Map<string, number>();
  total = 0;

  tryOpen(client: string, limits: AlertLimits): 'ok' | 'client' | 'total' {
    if (this.total >= limits.streamsTotal) return 'total';
    const own = this.byClient.get(client) ?? 0;
    if (own >= limits.streamsPerClient) return 'client';
    this.byClient.set(client, own + 1);
    this.total += 1;
    return 'ok';
  }

  close(client: string): void {
    const own = (this.byClient.get(client) ?? 1) - 1;
    if (own <= 0) this.byClient.delete(client);
    else this.byClient.set(client, own);
    this.total -= 1;
  }
}

/** What a stream is written to: a response, or any writable stream. */
export interface StreamSink {
  readonly writableLength: number;
  readonly destroyed: boolean;
  write(chunk: string): boolean;
}

/**
 * Writes to a sink unless more than `maxBufferedBytes` already wait unsent: a reader that does not take what
 * we send is then dropped (`drop`), as its bytes would otherwise pile up in our memory without limit.
 */
export function boundedSender(sink: StreamSink, maxBufferedBytes: number, drop: () => void): (chunk: string) => void {
  let dropped = false;
  return (chunk) => {
    if (dropped || sink.destroyed) return;
    if (sink.writableLength + Buffer.byteLength(chunk) > maxBufferedBytes) {
      dropped = true;
      drop();
      return;
    }
    sink.write(chunk);
  };
}

function parseFilter(input: unknown) {
  const parsed = alertFilterInput.safeParse(input);
  if (!parsed.success) {
    const message = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'filter'}: ${issue.message}`)
      .join('; ');
    throw new ApiError(400, 'invalid_filter', message);
  }
  return toFilter(parsed.data);
}

export function alertRoutes(alerts: AlertsApi): Router {
  const router = Router();
  const streams = new StreamCounter();
  const now = alerts.now ?? Date.now;
  const clientOf = (request: express.Request) => request.ip ?? request.socket.remoteAddress ?? 'unknown';

  router.get('/api/v1/alerts/stream', (request, response) => {
    const filter = parseFilter(request.query);
    const client = clientOf(request);
    const opened = streams.tryOpen(client, alerts.limits);
    if (opened === 'client')
      throw new ApiError(429, 'too_many_streams', `at most ${alerts.limits.streamsPerClient} alert streams per client`);
    if (opened === 'total')
      throw new ApiError(503, 'streams_full', 'this server holds as many alert streams as it can; retry later');
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      // Proxies (nginx) must pass the events on at once, not buffer them.
      'X-Accel-Buffering': 'no',
      Connection: 'keep-alive',
    });
    response.flushHeaders();
    let closed = false;
    const close = (): void => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      stopListening();
      streams.close(client);
      response.destroy();
    };
    const send = boundedSender(response, alerts.limits.maxBufferedBytes, close);
    const stopListening = alerts.engine.listen(filter, (event: AlertEvent) => {
      send(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    });
    const heartbeat = setInterval(() => send(': heartbeat\n\n'), alerts.limits.heartbeatMs);
    heartbeat.unref();
    request.on('close', close);
    response.on('error', close);
    send(
      `retry: 5000\nevent: ready\ndata: ` +
        `${JSON.stringify({ filter: filterInputOf(filter), available: alerts.engine.available(filter) })}\n\n`,
    );
  });

  router.post('/api/v1/subscriptions', express.json({ limit: '4kb' }), async (request, response) => {
    const body = subscriptionBody.safeParse(request.body);
    if (!body.success) throw new ApiError(400, 'invalid_subscription', 'the body must be a JSON object with a "url"');
    const { url, ...fields } = body.data as { url: string } & Record<string, unknown>;
    const filter = parseFilter(fields);
    const check = await checkTarget(url, alerts.target);
    if (!check.ok) throw new ApiError(400, 'invalid_target', `url ${check.reason}`);
    const created = alerts.db.create({
      client: clientOf(request),
      url: check.target.url.href,
      filter,
      now: now(),
      maxPerClient: alerts.limits.subscriptionsPerClient,
    });
    if (!created.ok)
      throw new ApiError(
        429,
        'too_many_subscriptions',
        `at most ${alerts.limits.subscriptionsPerClient} subscriptions per client`,
      );
    const { subscription } = created;
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Location', `/api/v1/subscriptions/${subscription.id}`);
    response.status(201).json({
      id: subscription.id,
      // Shown once: it verifies the signatures and is needed to cancel.
      secret: subscription.secret,
      url: subscription.url,
      filter: filterInputOf(subscription.filter),
      created_at: new Date(subscription.createdAt).toISOString(),
    });
  });

  router.delete('/api/v1/subscriptions/:id', (request, response: Response) => {
    const header = request.headers.authorization ?? '';
    const secret = /^Bearer (.+)$/.exec(header)?.[1];
    if (!secret)
      throw new ApiError(401, 'secret_required', 'give the subscription secret as "Authorization: Bearer <secret>"');
    const outcome = alerts.db.cancel(String(request.params.id), secret);
    if (outcome === 'not-found') throw new ApiError(404, 'subscription_not_found', 'no such subscription');
    if (outcome === 'forbidden') throw new ApiError(403, 'wrong_secret', "the secret is not this subscription's");
    response.setHeader('Cache-Control', 'no-store');
    response.status(204).end();
  });

  return router;
}
