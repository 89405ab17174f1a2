// Alerts end to end over real HTTP and a real SQLite file: a department going from no slot to slots reaches an
// SSE stream and a signed webhook; retries, disabling, cancellation with the secret, and the bounds.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterEach, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/aggregator/alerts/signing.js';
import { postOnce } from '../../src/aggregator/alerts/webhooks.js';
import {
  centreIn,
  openStream,
  slotAt,
  startAlertHarness,
  startReceiver,
  type AlertHarness,
  type WebhookReceiver,
} from '../support/alerts.js';
import { NAMED_ANSWERS } from '../../src/api/openapi/answers.js';

// ajv-formats is CommonJS: its default export is the function under ESM interop.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;

const lyon = centreIn('69', 1, { latitude: 45.76, longitude: 4.84 });
const villefranche = centreIn('69', 2, { latitude: 45.99, longitude: 4.72 });
const marseille = centreIn('13', 1, { latitude: 43.3, longitude: 5.37 });
const SOON = '2030-01-02T09:00:00Z';

let harness: AlertHarness | null = null;
let receiver: WebhookReceiver | null = null;
afterEach(async () => {
  await harness?.close();
  await receiver?.close();
  harness = null;
  receiver = null;
});

// biome-ignore lint/suspicious/noExplicitAny: an answer read field by field by the assertions, which are the check
async function subscribe(body: Record<string, unknown>): Promise<{ status: number; json: any }> {
  const response = await fetch(`${harness!.apiUrl}/api/v1/subscriptions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

/** Waits until the writer's dispatcher has picked the subscriptions up (it syncs on a timer). */
function syncWebhooks(): void {
  harness!.writer.dispatcher.sync();
}

describe('alerts: SSE stream', () => {
  it(
    'tells a stream when its department goes from no slot to slots, once, ' + 'and not for another department',
    async () => {
      harness = await startAlertHarness({}, [lyon, villefranche, marseille]);
      const stream = await openStream(`${harness.apiUrl}/api/v1/alerts/stream?department=69`);
      expect(stream.status).toBe(200);
      expect(stream.headers.get('cache-control')).toBe('no-store');
      const ready = await stream.next('ready');
      expect(ready.data).toEqual({ filter: { department: '69' }, available: false });

      harness.scan(marseille, [slotAt(SOON)]);
      harness.scan(lyon, [slotAt(SOON)]);
      const alert = await stream.next('slots-available');
      expect(alert.data).toMatchObject({
        type: 'slots-available',
        department: '69',
        filter: { department: '69' },
        centers: [lyon.id],
      });
      expect(alert.id).toBeTruthy();

      // More slots in a department that already has some: no new alert.
      harness.scan(villefranche, [slotAt(SOON)]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(stream.events.filter((event) => event.event === 'slots-available')).toHaveLength(1);
      stream.close();
    },
  );

  it('narrows by vaccine, dose and radius', async () => {
    harness = await startAlertHarness({}, [lyon, villefranche]);
    const moderna = await openStream(`${harness.apiUrl}/api/v1/alerts/stream?department=69&vaccine=Moderna`);
    const near = await openStream(
      `${harness.apiUrl}/api/v1/alerts/stream?department=69&lat=45.99&lon=4.72&radius_km=5`,
    );
    const booster = await openStream(`${harness.apiUrl}/api/v1/alerts/stream?department=69&dose=3`);
    await Promise.all([moderna.next('ready'), near.next('ready'), booster.next('ready')]);

    harness.scan(lyon, [slotAt(SOON, 'Pfizer-BioNTech', [1, 2])]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect([moderna, near, booster].map((stream) => stream.events.length)).toEqual([1, 1, 1]);

    harness.scan(villefranche, [slotAt(SOON, 'Moderna', [3])]);
    for (const stream of [moderna, near, booster]) {
      expect((await stream.next('slots-available')).data).toMatchObject({ centers: [villefranche.id] });
      stream.close();
    }
  });

  it('refuses a bad filter with a 400 JSON error', async () => {
    harness = await startAlertHarness();
    for (const query of [
      'department=999',
      'department=69&vaccine=Sputnik',
      'department=69&lat=45',
      'department=69&colour=red',
    ]) {
      const response = await fetch(`${harness.apiUrl}/api/v1/alerts/stream?${query}`);
      expect(response.status).toBe(400);
      expect((await response.json()).error.code).toBe('invalid_filter');
    }
  });

  it('bounds streams per client (429) and in total (503)', async () => {
    harness = await startAlertHarness({ ALERTS_STREAMS_PER_CLIENT: '2', ALERTS_STREAMS_TOTAL: '3' });
    const url = `${harness.apiUrl}/api/v1/alerts/stream?department=69`;
    const first = await openStream(url);
    const second = await openStream(url);
    const third = await openStream(url);
    expect([first.status, second.status, third.status]).toEqual([200, 200, 429]);
    expect(third.body).toMatchObject({ error: { code: 'too_many_streams' } });
    first.close();
    // The closed stream frees its place (the server sees the close a moment later).
    let again = await openStream(url);
    for (let attempt = 0; again.status !== 200 && attempt < 50; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      again = await openStream(url);
    }
    expect(again.status).toBe(200);
    // Other clients are under their own bound; the fourth stream in all meets the total one.
    const another = await openStream(url, '198.51.100.8');
    expect(another.status).toBe(200);
    const other = await openStream(url, '198.51.100.9');
    expect(other.status).toBe(503);
    expect(other.body).toMatchObject({ error: { code: 'streams_full' } });
    second.close();
    again.close();
    another.close();
  });
});

describe('alerts: webhooks', () => {
  it('posts a signed alert when the department gets slots, and stops after DELETE with the secret', async () => {
    harness = await startAlertHarness({}, [lyon]);
    receiver = await startReceiver();
    const created = await subscribe({ url: receiver.url, department: '69' });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ url: receiver.url, filter: { department: '69' } });
    expect(created.json.secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    syncWebhooks();

    harness.scan(lyon, [slotAt(SOON)]);
    const [hook] = await receiver.waitFor(1);
    const body = JSON.parse(hook!.body);
    expect(body).toMatchObject({
      subscription: created.json.id,
      type: 'slots-available',
      department: '69',
      centers: [lyon.id],
    });
    const now = Math.floor(Date.now() / 1000);
    expect(verifySignature(created.json.secret, hook!.headers['x-alert-signature'] as string, hook!.body, now)).toEqual(
      { valid: true },
    );
    expect(
      verifySignature('another secret', hook!.headers['x-alert-signature'] as string, hook!.body, now),
    ).toMatchObject({ valid: false });
    // Replayed much later: refused by the timestamp.
    expect(
      verifySignature(created.json.secret, hook!.headers['x-alert-signature'] as string, hook!.body, now + 3_600),
    ).toEqual({ valid: false, reason: 'stale' });

    const url = `${harness.apiUrl}/api/v1/subscriptions/${created.json.id}`;
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(401);
    expect((await fetch(url, { method: 'DELETE', headers: { authorization: 'Bearer wrong' } })).status).toBe(403);
    expect(
      (await fetch(url, { method: 'DELETE', headers: { authorization: `Bearer ${created.json.secret}` } })).status,
    ).toBe(204);
    expect(
      (await fetch(url, { method: 'DELETE', headers: { authorization: `Bearer ${created.json.secret}` } })).status,
    ).toBe(404);
    syncWebhooks();

    // Slots go and come back: nobody is told any more.
    harness.scan(lyon, []);
    await new Promise((resolve) => setTimeout(resolve, 100));
    harness.scan(lyon, [slotAt(SOON)]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received).toHaveLength(1);
  });

  it(
    'retries a failing target with back-off, does not follow redirects, ' + 'and disables it after repeated failures',
    async () => {
      harness = await startAlertHarness(
        { ALERTS_WEBHOOK_ATTEMPTS: '3', ALERTS_WEBHOOK_MAX_FAILURES: '2', ALERTS_COOLDOWN_SECONDS: '0' },
        [lyon],
      );
      receiver = await startReceiver();
      const created = await subscribe({ url: receiver.url, department: '69' });
      syncWebhooks();

      // A redirect is a failure (never followed); then a 500; then success on the third attempt.
      receiver.answerInTurn(302, 500, 200);
      harness.scan(lyon, [slotAt(SOON)]);
      await receiver.waitFor(3);
      await waitUntil(() => harness!.writer.dispatcher.results.length === 1);
      expect(harness.writer.dispatcher.results[0]).toMatchObject({ ok: true, attempts: 3 });
      expect(receiver.received.map((hook) => hook.status)).toEqual([302, 500, 200]);
      // Every attempt carries the same event id (a receiver can drop duplicates).
      expect(new Set(receiver.received.map((hook) => hook.headers['x-alert-id'])).size).toBe(1);

      // Two deliveries that fail all their attempts disable the subscription.
      receiver.answerWith(503);
      for (let round = 0; round < 2; round += 1) {
        harness.scan(lyon, []);
        await new Promise((resolve) => setTimeout(resolve, 80));
        harness.scan(lyon, [slotAt(SOON)]);
        await waitUntil(() => harness!.writer.dispatcher.results.length === 2 + round);
      }
      expect(harness.writer.dispatcher.results.slice(1)).toMatchObject([
        { ok: false, attempts: 3 },
        { ok: false, attempts: 3 },
      ]);
      const stored = harness.api.api.db.get(created.json.id)!;
      expect(stored.failures).toBe(2);
      expect(stored.disabledAt).not.toBeNull();
      const before = receiver.received.length;
      harness.scan(lyon, []);
      await new Promise((resolve) => setTimeout(resolve, 80));
      harness.scan(lyon, [slotAt(SOON)]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(receiver.received.length).toBe(before);
    },
  );

  it('connects to the address that was checked, not to what the name resolves to at sending time', async () => {
    receiver = await startReceiver();
    const port = new URL(receiver.url).port;
    // `.invalid` never resolves: the request can only have reached the receiver through the pinned address.
    const url = new URL(`http://hooks.invalid:${port}/hook`);
    const outcome = await postOnce({ url, address: '127.0.0.1', family: 4 }, '{"ping":true}', { 'x-test': '1' }, 2_000);
    expect(outcome).toEqual({ ok: true, status: 200 });
    expect(receiver.received[0]).toMatchObject({
      body: '{"ping":true}',
      headers: { host: `hooks.invalid:${port}`, 'x-test': '1' },
    });
  });

  it('refuses bad targets and bounds subscriptions per client', async () => {
    harness = await startAlertHarness({ ALERTS_ALLOW_PRIVATE_TARGETS: 'false', ALERTS_SUBSCRIPTIONS_PER_CLIENT: '2' });
    for (const url of [
      'http://example.org/hook',
      'https://127.0.0.1/hook',
      'https://[::1]/hook',
      'https://10.1.2.3/',
      'https://169.254.169.254/latest',
      'https://[fe80::1]/',
      'https://100.64.0.1/',
      'https://[::ffff:192.168.0.1]/',
      'ftp://x/',
      'nonsense',
    ]) {
      const answer = await subscribe({ url, department: '69' });
      expect(answer.status, url).toBe(400);
      expect(answer.json.error.code, url).toBe('invalid_target');
    }
    expect((await subscribe({ url: 'https://203.0.113.7/hook', department: '999' })).status).toBe(400);
    expect((await subscribe({ department: '69' })).status).toBe(400);
    // Public addresses pass (nothing is sent until an alert fires); the third subscription is over the bound.
    expect((await subscribe({ url: 'https://203.0.113.7/a', department: '69' })).status).toBe(201);
    expect((await subscribe({ url: 'https://203.0.113.7/b', department: '69', vaccine: 'Moderna' })).status).toBe(201);
    const third = await subscribe({ url: 'https://203.0.113.7/c', department: '13' });
    expect(third.status).toBe(429);
    expect(third.json.error.code).toBe('too_many_subscriptions');
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('alerts: the OpenAPI document', () => {
  it('describes every answer of the alert routes, the stream events and the webhook body', async () => {
    harness = await startAlertHarness(
      { ALERTS_SUBSCRIPTIONS_PER_CLIENT: '1', ALERTS_STREAMS_PER_CLIENT: '1', ALERTS_STREAMS_TOTAL: '2' },
      [lyon],
    );
    receiver = await startReceiver();
    const document = await (await fetch(`${harness.apiUrl}/api/openapi.json`)).json();
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(document, 'openapi.json');
    // biome-ignore lint/suspicious/noExplicitAny: the document walked by path, each step checked by the assertions
    const paths = document.paths as Record<string, Record<string, { responses: Record<string, any> }>>;
    const seen = new Set<string>();
    const expectDescribed = (template: string, method: string, status: number, body: unknown) => {
      const described = paths[template]![method]!.responses[String(status)];
      expect(described, `${method} ${template} ${status}`).toBeDefined();
      const schema = described.content?.['application/json']?.schema;
      const resolved = schema?.$ref ? { $ref: `openapi.json${schema.$ref}` } : schema;
      if (resolved)
        expect(ajv.validate(resolved, body), `${method} ${template} ${status}: ${ajv.errorsText()}`).toBe(true);
      seen.add(`${method} ${template} ${status}`);
    };

    const created = await subscribe({ url: receiver.url, department: '69', vaccine: 'Pfizer-BioNTech', dose: '1' });
    expectDescribed('/api/v1/subscriptions', 'post', created.status, created.json);
    expect(NAMED_ANSWERS.Subscription.safeParse(created.json).error).toBeUndefined();
    const refused = await subscribe({ url: 'ftp://x', department: '69' });
    expectDescribed('/api/v1/subscriptions', 'post', refused.status, refused.json);
    const tooMany = await subscribe({ url: receiver.url, department: '13' });
    expectDescribed('/api/v1/subscriptions', 'post', tooMany.status, tooMany.json);

    const streamUrl = `${harness.apiUrl}/api/v1/alerts/stream?department=69`;
    const stream = await openStream(streamUrl);
    seen.add(`get /api/v1/alerts/stream ${stream.status}`);
    const others = [];
    // A bad filter (400), the same client again (429), another client (200, the total reached), a third (503).
    for (const [url, client] of [
      [`${streamUrl}&dose=9`, undefined],
      [streamUrl, undefined],
      [streamUrl, '198.51.100.1'],
      [streamUrl, '198.51.100.2'],
    ] as const) {
      const answer = await openStream(url, client);
      others.push(answer);
      if (answer.status !== 200) expectDescribed('/api/v1/alerts/stream', 'get', answer.status, answer.body);
    }
    expect(others.map((answer) => answer.status)).toEqual([400, 429, 200, 503]);
    for (const answer of others) answer.close();
    syncWebhooks();
    harness.scan(lyon, [slotAt(SOON)]);
    const event = await stream.next('slots-available');
    const [hook] = await receiver.waitFor(1);
    const eventRef =
      paths['/api/v1/alerts/stream']!.get!.responses['200'].content['text/event-stream']['x-event-data'].$ref;
    const eventSchema = { $ref: `openapi.json${eventRef}` };
    expect(ajv.validate(eventSchema, event.data), ajv.errorsText()).toBe(true);
    expect(ajv.validate(eventSchema, JSON.parse(hook!.body)), ajv.errorsText()).toBe(true);
    // And by the zod schemas the document is generated from.
    expect(NAMED_ANSWERS.Alert.safeParse(event.data).error).toBeUndefined();
    expect(NAMED_ANSWERS.Alert.safeParse(JSON.parse(hook!.body)).error).toBeUndefined();
    stream.close();

    const url = `${harness.apiUrl}/api/v1/subscriptions/${created.json.id}`;
    for (const authorization of [
      undefined,
      'Bearer wrong',
      `Bearer ${created.json.secret}`,
      `Bearer ${created.json.secret}`,
    ]) {
      const response = await fetch(url, { method: 'DELETE', ...(authorization ? { headers: { authorization } } : {}) });
      expectDescribed(
        '/api/v1/subscriptions/{id}',
        'delete',
        response.status,
        response.status === 204 ? null : await response.json(),
      );
    }
    const documented = Object.entries(paths)
      .flatMap(([template, operations]) =>
        Object.entries(operations).flatMap(([method, operation]) =>
          Object.keys(operation.responses).map((status) => `${method} ${template} ${status}`),
        ),
      )
      .filter((key) => key.includes('/alerts/') || key.includes('/subscriptions'))
      // 429 of the rate limit is the shared middleware's (checked by the OpenAPI test of the other routes).
      .filter(
        (key) =>
          !key.endsWith(' 429') ||
          key.startsWith('get /api/v1/alerts') ||
          key.startsWith('post /api/v1/subscriptions '),
      );
    expect(documented.filter((key) => !seen.has(key))).toEqual([]);
  });
});
