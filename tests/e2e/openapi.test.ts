// The OpenAPI document against reality: real answers of every route (successes, 304s and every documented
// error) are validated against the document's schemas; every documented status and parameter is exercised;
// and every route the app registers is documented.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { NAMED_ANSWERS, type AnswerName } from '../../src/api/openapi/answers.js';
import { alertPaths } from '../../src/api/openapi/alerts.js';
import { PAGE_PATHS } from '../../src/api/pages.js';
import { silentLogger } from '../../src/logger.js';
import { implementedPlatforms } from '../../src/scrapers/registry.js';
import { adminControl } from '../../src/system.js';
import { seedFromWorld } from '../support/seed.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
const TOKEN = 'openapi-test-token-0123456789';

type Document = {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Array<{ $ref?: string; name?: string; in?: string }>;
        responses: Record<string, Record<string, unknown>>;
      }
    >
  >;
  components: Record<string, Record<string, Record<string, unknown>>>;
};

interface Call {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly template: string;
  readonly headers?: Record<string, string>;
  /** Sent to the rate-limited app instead. */
  readonly limited?: boolean;
}

describe('the OpenAPI document', () => {
  let env: TestSystem;
  let document: Document;
  let limited: Server;
  let limitedUrl: string;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const scheduled = implementedPlatforms().slice(0, -1);
  const unscheduled = implementedPlatforms().at(-1)!;
  const calls: Array<Call & { status: number }> = [];
  const zodChecked = new Set<string>();

  beforeAll(async () => {
    env = await startTestSystem(scheduled, { centresPerDepartment: 2 }, { ADMIN_TOKEN: TOKEN });
    seedFromWorld(env.system.store, env.world, env.clock.now());
    // Written behind the read model's back: it follows the change log on a timer; make it look now.
    env.system.readModel.settle();
    env.system.statsRecorder.record();
    document = (await (await env.get('/api/openapi.json')).json()) as Document;
    ajv.addSchema(document, 'openapi.json');
    // A twin of the API with a one-request burst, to see every route's 429.
    const app = createApp({
      readModel: env.system.readModel,
      log: silentLogger,
      rateLimit: { perMinute: 1, burst: 1 },
      admin: adminControl(TOKEN, env.system.scheduler),
      platformStatus: () => [],
    });
    limited = await new Promise<Server>((resolve) => {
      const server = app.listen(0, '127.0.0.1', () => resolve(server));
    });
    limitedUrl = `http://127.0.0.1:${(limited.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => limited.close(() => resolve()));
    await env.close();
  });

  function resolve(node: Record<string, unknown>): Record<string, unknown> {
    const target = node.$ref as string | undefined;
    if (!target) return node;
    return target
      .split('/')
      .slice(1)
      .reduce<Record<string, unknown>>(
        (value, key) => value[key] as Record<string, unknown>,
        document as unknown as Record<string, unknown>,
      );
  }

  const pointer = (...parts: string[]) => parts.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

  async function check(call: Call): Promise<number> {
    const base = call.limited ? limitedUrl : env.system.apiUrl;
    const response = await fetch(`${base}${call.url}`, {
      method: call.method,
      headers: { authorization: `Bearer ${TOKEN}`, ...call.headers },
    });
    const text = await response.text();
    const label = `${call.method} ${call.url} -> ${response.status}`;
    const operation = document.paths[call.template]?.[call.method.toLowerCase()];
    expect(operation, `${call.template} is documented`).toBeDefined();
    const documented = operation!.responses[String(response.status)];
    expect(documented, `${label} is documented: ${text.slice(0, 200)}`).toBeDefined();
    const described = resolve(documented!);
    const content = described.content as Record<string, { schema: unknown }> | undefined;
    if (response.status === 304) {
      expect(text).toBe('');
    } else {
      expect(content, label).toBeDefined();
      const type = (response.headers.get('content-type') ?? '').split(';')[0]!;
      expect(Object.keys(content!), label).toContain(type);
      if (type === 'application/json') {
        const responseKey = documented!.$ref
          ? pointer(...(documented!.$ref as string).split('/').slice(1))
          : pointer('paths', call.template, call.method.toLowerCase(), 'responses', String(response.status));
        const validate = ajv.getSchema(`openapi.json#/${responseKey}/content/application~1json/schema`)!;
        expect(validate(JSON.parse(text)), `${label}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
        // And the zod schema the document was generated from takes the same answer.
        const named = /^#\/components\/schemas\/(\w+)$/.exec(
          (content!['application/json']!.schema as { $ref?: string }).$ref ?? '',
        )?.[1];
        if (named) {
          const parsed = NAMED_ANSWERS[named as AnswerName].safeParse(JSON.parse(text));
          expect(
            parsed.success,
            `${label}: ${parsed.error?.issues.slice(0, 3).map((issue) => `${issue.path.join('.')}: ${issue.message}`)}`,
          ).toBe(true);
          zodChecked.add(named);
        }
      }
    }
    for (const header of Object.keys((described.headers as Record<string, unknown>) ?? {})) {
      if (header !== 'WWW-Authenticate' || response.status === 401)
        expect(response.headers.get(header), `${label} has ${header}`).not.toBeNull();
    }
    calls.push({ ...call, status: response.status });
    return response.status;
  }

  async function withEtag(call: Call): Promise<void> {
    const base = env.system.apiUrl;
    const first = await fetch(`${base}${call.url}`, { headers: call.headers });
    await check({ ...call, headers: { ...call.headers, 'if-none-match': first.headers.get('etag')! } });
  }

  it('describes real answers of every route', async () => {
    const someCentre = env.system.readModel
      .current()
      .centres.find((centre) => centre.slots.length > 3 && centre.lastSuccessAt !== null)!;
    const get = (template: string, url = template): Call => ({ method: 'GET', url, template });
    const slotFilter = 'vaccine=Pfizer-BioNTech&dose=1&from=2026-03-02&to=2026-03-10T18:00&include_stale=true';
    const search = `${slotFilter}&platform=doctolib`;
    const { next_cursor: cursor } = (await (await env.get('/api/v1/slots?limit=3')).json()) as { next_cursor: string };
    const place = 'commune=75056&postal_code=75001&lat=48.85&lon=2.35&radius_km=50';
    const successes: Call[] = [
      get('/'),
      get('/healthz'),
      get('/api/openapi.json'),
      get('/api/v1/departments'),
      get('/api/v1/departments/{code}/centers', '/api/v1/departments/75/centers'),
      get('/api/v1/departments/{code}/centers', `/api/v1/departments/75/centers?${search}&${place}`),
      get('/api/v1/departments/{code}/centers', '/api/v1/departments/75/centers?lat=48.85&lon=2.35'),
      get('/api/v1/slots'),
      get('/api/v1/slots', `/api/v1/slots?${search}&${place}&department=75&limit=5`),
      get('/api/v1/slots', '/api/v1/slots?lat=48.85&lon=2.35&radius_km=300&limit=3'),
      get('/api/v1/centers/{id}', `/api/v1/centers/${someCentre.id}`),
      get('/api/v1/slots', `/api/v1/slots?limit=3&cursor=${cursor}`),
      get('/api/v1/centers/{id}', `/api/v1/centers/${someCentre.id}?${slotFilter}`),
      get('/api/v1/stats'),
      { ...get('/api/v1/stats'), headers: { accept: 'text/csv' } },
      get('/api/v1/stats.csv'),
      get('/api/v1/stats/history'),
      get('/api/v1/stats/history', '/api/v1/stats/history?granularity=day&department=75&from=2026-03-01&to=2026-03-31'),
      { ...get('/api/v1/stats/history'), headers: { accept: 'text/csv' } },
      get(
        '/api/v1/stats/history.csv',
        '/api/v1/stats/history.csv?granularity=hour&department=13&from=2026-03-01&to=2026-03-02T12:00',
      ),
      get('/api/v1/centers/{id}/history', `/api/v1/centers/${someCentre.id}/history`),
      get(
        '/api/v1/centers/{id}/history',
        `/api/v1/centers/${someCentre.id}/history?from=2026-03-01&to=2026-03-31&format=csv`,
      ),
      get(
        '/api/v1/centers/{id}/history.csv',
        `/api/v1/centers/${someCentre.id}/history.csv?from=2026-03-01&to=2026-03-02&format=csv`,
      ),
      get('/api/v1/stats/daily'),
      get('/api/v1/stats/daily', '/api/v1/stats/daily?department=75&from=2026-03-01&to=2026-03-31&format=json'),
      get('/api/v1/stats/daily.csv', '/api/v1/stats/daily.csv?department=2A&from=2026-03-01&to=2026-03-31&format=csv'),
      get('/vitemadose/departements.json'),
      get('/vitemadose/info_centres.json'),
      get('/vitemadose/{code}.json', '/vitemadose/2A.json'),
      get('/vitemadose/{code}/creneaux-quotidiens.json', '/vitemadose/75/creneaux-quotidiens.json'),
      get('/vitemadose/centres_open_data.json'),
      get('/vitemadose/stats.json'),
      get('/vitemadose/stats_by_date.json'),
      get('/vitemadose/stats_by_date_dep.json'),
      get('/vitemadose/stats_center_types.json'),
      get('/vitemadose/stats_by_vaccine.json'),
      get('/api/v1/admin/platforms'),
      get('/api/v1/platforms'),
    ];
    for (const call of successes) expect(await check(call), call.url).toBe(200);
    for (const call of successes.filter(
      (call) => !['/', '/healthz', '/api/v1/admin/platforms'].includes(call.template),
    ))
      await withEtag(call);

    const errors: Array<[Call, number]> = [
      [get('/api/openapi.json', '/api/openapi.json?x=1'), 400],
      [get('/api/v1/departments', '/api/v1/departments?x=1'), 400],
      [get('/api/v1/departments/{code}/centers', '/api/v1/departments/75/centers?radius_km=5'), 400],
      [get('/api/v1/departments/{code}/centers', '/api/v1/departments/20/centers'), 404],
      [get('/api/v1/slots', '/api/v1/slots?from=2026-03-05&to=2026-03-01'), 400],
      [get('/api/v1/slots', '/api/v1/slots?cursor=nope'), 400],
      [get('/api/v1/centers/{id}', `/api/v1/centers/${someCentre.id}?dose=4`), 400],
      [get('/api/v1/centers/{id}', '/api/v1/centers/nope1'), 404],
      [get('/api/v1/stats', '/api/v1/stats?department=75'), 400],
      [get('/api/v1/stats.csv', '/api/v1/stats.csv?x=1'), 400],
      [get('/api/v1/stats/history', '/api/v1/stats/history?granularity=week'), 400],
      [get('/api/v1/stats/history.csv', '/api/v1/stats/history.csv?department=20'), 400],
      [
        get('/api/v1/centers/{id}/history', `/api/v1/centers/${someCentre.id}/history?from=2026-03-05&to=2026-03-01`),
        400,
      ],
      [get('/api/v1/centers/{id}/history', '/api/v1/centers/nope1/history'), 404],
      [get('/api/v1/centers/{id}/history.csv', `/api/v1/centers/${someCentre.id}/history.csv?format=xml`), 400],
      [get('/api/v1/centers/{id}/history.csv', '/api/v1/centers/nope1/history.csv'), 404],
      [get('/api/v1/stats/daily', '/api/v1/stats/daily?department=20'), 400],
      [get('/api/v1/stats/daily.csv', '/api/v1/stats/daily.csv?x=1'), 400],
      [get('/vitemadose/{code}.json', '/vitemadose/20.json'), 404],
      [get('/vitemadose/{code}/creneaux-quotidiens.json', '/vitemadose/20/creneaux-quotidiens.json'), 404],
      [get('/api/v1/admin/platforms', '/api/v1/admin/platforms?x=1'), 400],
      [get('/api/v1/platforms', '/api/v1/platforms?x=1'), 400],
      [{ ...get('/api/v1/admin/platforms'), headers: { authorization: 'Bearer wrong-token' } }, 401],
    ];
    for (const [call, status] of errors) expect(await check(call), call.url).toBe(status);

    const post = (template: string, url = template, headers?: Record<string, string>): Call => ({
      method: 'POST',
      url,
      template,
      ...(headers ? { headers } : {}),
    });
    const [first] = scheduled;
    const pause = (platform: string) =>
      post('/api/v1/admin/platforms/{platform}/pause', `/api/v1/admin/platforms/${platform}/pause`);
    const resume = (platform: string) =>
      post('/api/v1/admin/platforms/{platform}/resume', `/api/v1/admin/platforms/${platform}/resume`);
    // Every platform paused first, so that asking for a scan starts no real work.
    for (const platform of scheduled) expect(await check(pause(platform))).toBe(200);
    expect(await check(post('/api/v1/admin/scan', '/api/v1/admin/scan?discovery=false'))).toBe(202);
    expect(await check(post('/api/v1/admin/scan', `/api/v1/admin/scan?platform=${first}&discovery=true`))).toBe(409);
    expect(await check(post('/api/v1/admin/scan', `/api/v1/admin/scan?platform=${unscheduled}`))).toBe(404);
    expect(await check(post('/api/v1/admin/scan', '/api/v1/admin/scan?platform=nope'))).toBe(400);
    expect(await check(post('/api/v1/admin/scan', '/api/v1/admin/scan', { authorization: '' }))).toBe(401);
    for (const route of [pause, resume]) {
      expect(await check(route(unscheduled))).toBe(404);
      expect(await check({ ...route(first!), url: `${route(first!).url}?x=1` })).toBe(400);
      expect(await check({ ...route(first!), headers: { authorization: 'Bearer nope' } })).toBe(401);
    }
    for (const platform of scheduled) expect(await check(resume(platform))).toBe(200);

    // The rate-limited twin: the second request of each route is refused with 429 and Retry-After.
    const seen = new Set<string>();
    for (const call of [
      ...successes,
      ...errors.map(([call]) => call),
      post('/api/v1/admin/scan', `/api/v1/admin/scan?platform=${unscheduled}`),
      pause(unscheduled),
      resume(unscheduled),
    ]) {
      const key = `${call.method} ${call.template}`;
      if (seen.has(key)) continue;
      seen.add(key);
      await fetch(`${limitedUrl}${call.url}`, { method: call.method, headers: { authorization: `Bearer ${TOKEN}` } });
      expect(await check({ ...call, limited: true })).toBe(429);
    }
  });

  it('parsed a real answer with every zod schema of a route', () => {
    // The alert routes' answers are parsed with their zod schemas by tests/e2e/alerts.test.ts.
    const alerts = alertPaths();
    const paths = Object.fromEntries(Object.entries(document.paths).filter(([template]) => !(template in alerts)));
    const routeSchemas = new Set(
      JSON.stringify(paths)
        .match(/#\/components\/schemas\/\w+/g)!
        .map((target) => target.split('/').at(-1)!),
    );
    expect([...routeSchemas].filter((name) => !zodChecked.has(name))).toEqual([]);
  });

  it('rejects answers it does not describe (the validation is real)', () => {
    const slotPage = ajv.getSchema('openapi.json#/components/schemas/SlotPage')!;
    expect(slotPage({ slots: [], next_cursor: null })).toBe(true);
    expect(slotPage({ slots: [], next_cursor: null, extra: 1 })).toBe(false);
    expect(slotPage({ slots: [{ start: 'tomorrow' }], next_cursor: null })).toBe(false);
    const error = ajv.getSchema('openapi.json#/components/schemas/Error')!;
    expect(error({ error: { code: 'Bad Code', message: 'x' } })).toBe(false);
  });

  it('has every documented status and parameter exercised', () => {
    const statuses = new Set(calls.map((call) => `${call.method.toLowerCase()} ${call.template} ${call.status}`));
    const missing: string[] = [];
    // The alert routes' answers are checked against this document by tests/e2e/alerts.test.ts.
    for (const [template, operations] of Object.entries(document.paths).filter(
      ([template]) => !(template in alertPaths()),
    )) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const status of Object.keys(operation.responses))
          if (!statuses.has(`${method} ${template} ${status}`)) missing.push(`${method} ${template} ${status}`);
        for (const parameter of operation.parameters ?? []) {
          const resolved = resolve(parameter as Record<string, unknown>) as { name: string; in: string };
          if (resolved.in !== 'query') continue;
          const used = calls.some(
            (call) =>
              call.template === template &&
              call.method.toLowerCase() === method &&
              new URL(call.url, 'http://x').searchParams.has(resolved.name),
          );
          if (!used) missing.push(`${method} ${template} ?${resolved.name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('documents every route the app registers', () => {
    const app = createApp({
      readModel: env.system.readModel,
      log: silentLogger,
      admin: adminControl(TOKEN, env.system.scheduler),
      platformStatus: () => [],
    });
    const routes: string[] = [];
    const walk = (
      stack: Array<{ route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: unknown[] } }>,
    ) => {
      for (const layer of stack) {
        if (layer.route)
          for (const method of Object.keys(layer.route.methods)) routes.push(`${method} ${layer.route.path}`);
        else if (layer.handle?.stack) walk(layer.handle.stack as typeof stack);
      }
    };
    walk((app as unknown as { router: { stack: Parameters<typeof walk>[0] } }).router.stack);
    const documented = new Set(
      Object.entries(document.paths).flatMap(([template, operations]) =>
        Object.keys(operations).map((method) => `${method} ${template.replace(/\{(\w+)\}/g, ':$1')}`),
      ),
    );
    // Pages and their files are for browsers, not the API; the maps under /vitemadose/ count as open-data files.
    const api = routes.filter((route) => !PAGE_PATHS.some((path) => route === `get ${path}`));
    const undocumented = api.filter((route) =>
      route.startsWith('get /vitemadose/')
        ? ![...documented].some((path) => path.startsWith('get /vitemadose/'))
        : !documented.has(route),
    );
    expect(routes.length).toBeGreaterThan(10);
    expect(undocumented).toEqual([]);
  });
});
