// The sandbox's fault injector: each fault as a client sees it, determinism for a seed, and the run-time
// control endpoint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { driftSchema, FAULT_KINDS, faultMix, FaultInjector, type FaultKind } from '../../src/sandbox/faults.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import { createWorld } from '../../src/sandbox/world.js';
import { createHttpClient, NO_RETRY_CLIENT_DEFAULTS } from '../support/fault-client.js';
import { startLocalServer, type LocalServer } from '../support/local-server.js';

const ANSWER = {
  centres: [
    { id: 1, name: 'Centre A', slots: ['2026-03-02T09:00:00+01:00'] },
    { id: 2, name: 'Centre B', slots: [] },
  ],
};

let injector: FaultInjector;
let server: LocalServer;

beforeAll(async () => {
  injector = new FaultInjector(7);
  server = await startLocalServer((app) => {
    app.use(injector.middleware('doctolib'));
    app.get('/answer', (_request, response) => void response.json(ANSWER));
  });
});
afterAll(() => server.close());

const http = () => createHttpClient({ ...NO_RETRY_CLIENT_DEFAULTS, allowedOrigins: [server.url] });

async function under(kind: FaultKind, extra: { slowMs?: number; hangMs?: number } = {}) {
  injector.set('doctolib', { rates: { [kind]: 1 }, ...extra });
  const began = performance.now();
  const outcome = await http()
    .request({ url: `${server.url}/answer?kind=${kind}` })
    .then((response) => ({ response, failure: null }))
    .catch((failure: unknown) => ({ response: null, failure: failure as { kind: string } }));
  injector.clear('doctolib');
  return { ...outcome, ms: performance.now() - began };
}

describe('fault injection', () => {
  it('passes requests through untouched when no fault is set', async () => {
    const response = await http().request({ url: `${server.url}/answer` });
    expect(JSON.parse(response.body)).toEqual(ANSWER);
  });

  it('hangs: the client times out', async () => {
    const { failure } = await under('hang');
    expect(failure?.kind).toBe('timeout');
  });

  it('slows an answer down without changing it', async () => {
    const { response, ms } = await under('slow', { slowMs: 150 });
    expect(JSON.parse(response!.body)).toEqual(ANSWER);
    expect(ms).toBeGreaterThanOrEqual(140);
  });

  it.each([
    ['http-500', 500],
    ['http-502', 502],
    ['http-503', 503],
  ] as const)('answers %s', async (kind, status) => {
    expect((await under(kind)).response!.status).toBe(status);
  });

  it('answers 429 with a Retry-After', async () => {
    const { response } = await under('http-429');
    expect(response!.status).toBe(429);
    expect(response!.headers['retry-after']).toBe('1');
  });

  it('answers 403 with an HTML anti-bot page', async () => {
    const { response } = await under('anti-bot-403');
    expect(response!.status).toBe(403);
    expect(response!.headers['content-type']).toMatch(/text\/html/);
    expect(response!.body).toMatch(/blocked/);
  });

  it('spoils the JSON', async () => {
    const { response } = await under('malformed-json');
    expect(response!.status).toBe(200);
    expect(() => JSON.parse(response!.body)).toThrow();
  });

  it('cuts the body short and drops the connection', async () => {
    const { failure } = await under('truncated');
    expect(failure?.kind).toBe('network');
  });

  it('renames or removes a field in every object that has it', async () => {
    const { response } = await under('schema-drift');
    const drifted = JSON.parse(response!.body) as typeof ANSWER;
    expect(drifted).not.toEqual(ANSWER);
    expect(JSON.stringify(drifted).length).toBeGreaterThan(20);
  });

  it('answers 200 with an empty body', async () => {
    const { response } = await under('empty-body');
    expect(response!.status).toBe(200);
    expect(response!.body).toBe('');
  });

  it('injects at the configured rates, the same faults for the same seed, and counts them', async () => {
    const run = async (seed: number) => {
      const own = new FaultInjector(seed);
      const local = await startLocalServer((app) => {
        app.use(own.middleware('keldoc'));
        app.get('/x', (_request, response) => void response.json({ a: 1 }));
      });
      own.set('keldoc', { rates: faultMix(0.5, ['http-500', 'http-503']) });
      // A generous timeout: this counts injected statuses, and a loaded machine must not add timeouts to them.
      const client = createHttpClient({ ...NO_RETRY_CLIENT_DEFAULTS, timeoutMs: 10_000, allowedOrigins: [local.url] });
      const statuses: number[] = [];
      for (let i = 0; i < 200; i += 1)
        statuses.push((await client.request({ url: `${local.url}/x?i=${i % 20}` })).status);
      await local.close();
      return { statuses, report: own.report().keldoc! };
    };
    const first = await run(1);
    const again = await run(1);
    const other = await run(2);
    expect(again.statuses).toEqual(first.statuses);
    expect(other.statuses).not.toEqual(first.statuses);
    const faulty = first.statuses.filter((status) => status !== 200).length;
    expect(faulty).toBeGreaterThan(70);
    expect(faulty).toBeLessThan(130);
    expect(first.report.requests).toBe(200);
    expect((first.report.injected['http-500'] ?? 0) + (first.report.injected['http-503'] ?? 0)).toBe(faulty);
  });

  it('refuses rates that add up to more than 1', () => {
    expect(() => injector.set('doctolib', { rates: { 'http-500': 0.6, 'http-503': 0.6 } })).toThrow(/more than 1/);
  });

  it('drifts only JSON, leaving other bodies alone', () => {
    expect(driftSchema('<html></html>', () => 0)).toBe('<html></html>');
    // First draw picks the field, the second renames (< 0.5) or removes it.
    expect(JSON.parse(driftSchema('{"a":1,"b":{"a":2}}', () => 0))).toEqual({ a_v2: 1, b: { a_v2: 2 } });
    expect(JSON.parse(driftSchema('{"a":1,"b":{"a":2}}', () => 0.9))).toEqual({ a: 1 });
  });
});

describe('the sandbox control endpoint', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      world: createWorld({ centresPerDepartment: 1 }),
      clock: new ManualClock(new Date('2026-03-02T07:30:00Z')),
      platforms: ['valwin'],
    });
  });
  afterAll(() => sandbox.close());

  it('sets, reports and clears faults per platform at run time', async () => {
    const put = await fetch(`${sandbox.controlUrl}/__sandbox/faults/valwin`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rates: { 'http-503': 1 }, seed: 3 }),
    });
    expect(put.status).toBe(200);
    const answer = await fetch(`${sandbox.baseUrls.valwin}/anything`);
    expect(answer.status).toBe(503);
    const report = (await (await fetch(`${sandbox.controlUrl}/__sandbox/faults`)).json()) as {
      platforms: Record<string, { injected: Record<string, number> }>;
      totals: Record<string, number>;
    };
    expect(report.platforms.valwin!.injected['http-503']).toBe(1);
    expect(Object.keys(report.totals).sort()).toEqual([...FAULT_KINDS].sort());
    expect((await fetch(`${sandbox.controlUrl}/__sandbox/faults/valwin`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${sandbox.baseUrls.valwin}/anything`)).status).not.toBe(503);
  });

  it('refuses bad settings and platforms it does not serve', async () => {
    const bad = await fetch(`${sandbox.controlUrl}/__sandbox/faults/valwin`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rates: { 'http-999': 1 } }),
    });
    expect(bad.status).toBe(400);
    const unknown = await fetch(`${sandbox.controlUrl}/__sandbox/faults/keldoc`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rates: {} }),
    });
    expect(unknown.status).toBe(404);
  });
});
