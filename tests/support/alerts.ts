// What the alert tests share: an API with alerts over a real SQLite file whose slots the test writes through
// the Store (as the writer would), an SSE reader over real HTTP, and a loopback webhook receiver.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  startApiAlerts,
  startWebhooks,
  type ApiAlerts,
  type WriterAlerts,
} from '../../src/aggregator/alerts/runtime.js';
import { ReadModel } from '../../src/aggregator/read/read-model.js';
import { Store } from '../../src/aggregator/store/store.js';
import { createApiServer } from '../../src/api/app.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Centre, Slot } from '../../src/domain.js';
import { silentLogger } from '../../src/logger.js';
import { implementedPlatforms } from '../../src/scrapers/registry.js';
import { listen } from '../../src/system.js';
import { temporaryDatabasePath } from './system.js';

export const ALERT_TEST_START = new Date('2030-01-01T06:00:00Z');

export function centreIn(
  department: string,
  index: number,
  location = { latitude: 45 + index / 100, longitude: 3 },
): Centre {
  return {
    id: `doctolib${department}x${index}`,
    platform: 'doctolib',
    name: `Centre ${department}-${index}`,
    kind: 'vaccination-center',
    address: `1 rue Test, ${department}000 Ville`,
    postalCode: `${department}000`,
    city: 'Ville',
    insee: null,
    department,
    location,
    phone: null,
    businessHours: null,
    bookingUrl: `https://www.doctolib.fr/centre/${department}-${index}`,
    atlasGid: null,
    scanData: {},
  };
}

export function slotAt(iso: string, vaccine: Slot['vaccine'] = 'Pfizer-BioNTech', doses: Slot['doses'] = [1]): Slot {
  return { start: new Date(iso), vaccine, doses, motive: `${vaccine}-${doses.join('-')}` };
}

export interface AlertHarness {
  readonly config: Config;
  readonly store: Store;
  readonly apiUrl: string;
  readonly api: ApiAlerts;
  readonly writer: WriterAlerts;
  /** Writes a scan of the centre, as the writer's pipeline does. */
  scan(centre: Centre, slots: readonly Slot[]): void;
  close(): Promise<void>;
}

export async function startAlertHarness(
  env: Record<string, string> = {},
  centres: readonly Centre[] = [],
): Promise<AlertHarness> {
  const databasePath = temporaryDatabasePath();
  const config = loadConfig(
    {
      DATABASE_PATH: databasePath,
      PORT: '0',
      LOG_LEVEL: 'silent',
      RATE_LIMIT_PER_MINUTE: '0',
      ALERTS_ALLOW_PRIVATE_TARGETS: 'true',
      ALERTS_HOLD_MS: '0',
      ALERTS_POLL_MS: '20',
      ALERTS_WEBHOOK_BACKOFF_MS: '10',
      ALERTS_WEBHOOK_TIMEOUT_MS: '2000',
      ...env,
    },
    implementedPlatforms(),
  );
  const clock = new ManualClock(ALERT_TEST_START);
  const store = new Store(databasePath);
  store.upsertCentres(centres, clock.now().getTime());
  const readModel = new ReadModel(store, clock, config.freshnessLimitMs, { pollMs: 0 });
  const api = startApiAlerts(config, clock);
  const writer = startWebhooks(config, clock, silentLogger);
  const server = createApiServer({
    readModel,
    log: silentLogger,
    alerts: api.api,
    lookup: null,
    trustProxy: 'loopback',
  });
  const apiUrl = await listen(server, 0, '127.0.0.1');
  let checkedAt = clock.now().getTime();
  return {
    config,
    store,
    apiUrl,
    api,
    writer,
    scan(centre, slots) {
      checkedAt += 1;
      store.recordScan(centre, { kind: 'slots', slots }, checkedAt, 1);
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await writer.close();
      api.close();
      readModel.stop();
      store.close();
    },
  };
}

export interface SseEvent {
  readonly event: string;
  readonly id?: string;
  readonly data: unknown;
}

export interface SseReader {
  readonly status: number;
  readonly headers: Headers;
  /** The body of an error answer (not a stream). */
  readonly body: unknown;
  /** Resolves with the next event of that name (earlier ones already received count). */
  next(name: string, timeoutMs?: number): Promise<SseEvent>;
  readonly events: SseEvent[];
  close(): void;
}

/** `client` poses as another client (the harness trusts X-Forwarded-For from loopback). */
export async function openStream(url: string, client?: string): Promise<SseReader> {
  const abort = new AbortController();
  const headers: Record<string, string> = {
    accept: 'text/event-stream',
    ...(client ? { 'x-forwarded-for': client } : {}),
  };
  const response = await fetch(url, { signal: abort.signal, headers });
  const events: SseEvent[] = [];
  const taken = new Set<SseEvent>();
  const waiters: Array<() => void> = [];
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
    const body = await response.json();
    return {
      status: response.status,
      headers: response.headers,
      body,
      events,
      next: () => Promise.reject(new Error('no stream')),
      close: () => abort.abort(),
    };
  }
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = new Map<string, string>();
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const colon = line.indexOf(':');
            fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
          }
          if (!fields.has('data')) continue;
          events.push({
            event: fields.get('event') ?? 'message',
            ...(fields.has('id') ? { id: fields.get('id')! } : {}),
            data: JSON.parse(fields.get('data')!),
          });
          for (const wake of waiters.splice(0)) wake();
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    status: response.status,
    headers: response.headers,
    body: null,
    events,
    async next(name, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find((event) => event.event === name && !taken.has(event));
        if (found) {
          taken.add(found);
          return found;
        }
        if (Date.now() > deadline)
          throw new Error(`no "${name}" event within ${timeoutMs} ms (got ${events.map((e) => e.event).join(', ')})`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
    close: () => abort.abort(),
  };
}

export interface ReceivedWebhook {
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  readonly status: number;
}

export interface WebhookReceiver {
  readonly url: string;
  readonly received: ReceivedWebhook[];
  /** The status the next requests get (200 by default). */
  answerWith(status: number): void;
  /** One status per coming request, in order, then `answerWith`'s: no race with a quick retry. */
  answerInTurn(...statuses: number[]): void;
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let fallback = 200;
  const queue: number[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const status = queue.shift() ?? fallback;
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), status });
      response.statusCode = status;
      if (status >= 300 && status < 400) response.setHeader('Location', 'http://127.0.0.1:1/elsewhere');
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    received,
    answerWith: (next) => {
      fallback = next;
    },
    answerInTurn: (...statuses) => {
      queue.push(...statuses);
    },
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`${received.length} webhooks received, ${count} awaited`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
