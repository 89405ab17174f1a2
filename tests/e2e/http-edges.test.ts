// The HTTP edges over real sockets: dates out of range, the rate-limit key behind proxies, encoding
// negotiation, If-None-Match: *, every error as JSON (express's own and node's parser's), and the per-client
// connection cap. The timeouts (slowloris, idle sockets) are in tests/alone/slow-clients.test.ts.
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiOptions, createApiServer } from '../../src/api/app.js';
import { readModelLookup } from '../../src/api/fast-lane.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { implementedPlatforms } from '../../src/scrapers/registry.js';
import { seedFromWorld } from '../support/seed.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

let test: TestSystem;
const servers: http.Server[] = [];

interface Served {
  readonly port: number;
  readonly url: string;
}

async function serve(env: Record<string, string>, fastLane = true): Promise<Served> {
  const config = loadConfig({ RATE_LIMIT_PER_MINUTE: '0', ...env }, implementedPlatforms());
  const server = createApiServer({
    ...apiOptions(config, test.system.readModel, silentLogger),
    lookup: fastLane ? readModelLookup(test.system.readModel) : null,
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { port, url: `http://127.0.0.1:${port}` };
}

interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  /** As sent on the wire, still encoded. */
  readonly raw: Buffer;
}

/** One request on its own connection, with exactly the headers given (fetch adds and decodes its own). */
function get(base: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${base}${path}`, { headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode!, headers: response.headers, raw: Buffer.concat(chunks) }),
      );
    });
    request.on('error', reject);
  });
}

function decoded(answer: Answer): Buffer {
  const encoding = answer.headers['content-encoding'];
  if (encoding === 'gzip') return gunzipSync(answer.raw);
  if (encoding === 'br') return brotliDecompressSync(answer.raw);
  return answer.raw;
}

function errorOf(answer: Answer): { code: string; message: string } {
  expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
  return (JSON.parse(answer.raw.toString()) as { error: { code: string; message: string } }).error;
}

/** Writes `text` on a fresh connection and reads until the server closes it. */
function rawExchange(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
}

function parseRaw(text: string): { status: number; headers: Record<string, string>; body: string } {
  const [head, body = ''] = text.split('\r\n\r\n');
  const [statusLine, ...lines] = head!.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  return { status: Number(statusLine!.split(' ')[1]), headers, body };
}

beforeAll(async () => {
  test = await startTestSystem(['doctolib'], { centresPerDepartment: 2 });
  seedFromWorld(test.system.store, test.world, test.clock.now());
  test.system.readModel.settle();
  test.system.statsRecorder.record();
}, 120_000);

afterAll(async () => {
  for (const server of servers) server.close();
  await test.close();
});

describe('dates far in the future or past', () => {
  it('are a 400 naming the parameter on every route that takes dates', async () => {
    const { url } = await serve({});
    const slots = JSON.parse((await get(url, '/api/v1/slots?limit=1')).raw.toString()) as {
      slots: Array<{ center: { id: string } }>;
    };
    const centre = slots.slots[0]!.center.id;
    const routes = [
      '/api/v1/slots',
      '/api/v1/departments/75/centers',
      `/api/v1/centers/${centre}`,
      '/api/v1/stats/history',
      '/api/v1/stats/history.csv',
    ];
    for (const route of routes) {
      for (const query of [
        'to=9999-12-31',
        'from=9999-12-31',
        'to=9999-12-31T23:59Z',
        'from=1000-01-01',
        'from=2026-03-02&to=2100-01-01',
      ]) {
        const answer = await get(url, `${route}?${query}`);
        expect(answer.status, `${route}?${query}`).toBe(400);
        const error = errorOf(answer);
        expect(error.code).toBe('invalid_parameter');
        expect(error.message).toMatch(/^(from|to): .* is out of range \(2000-01-01 to 2099-12-31\)$/);
      }
      // The last accepted day still answers.
      expect((await get(url, `${route}?to=2099-12-31`)).status, route).toBe(200);
    }
  });
});

describe('the rate-limit key behind proxies', () => {
  const limited = { RATE_LIMIT_PER_MINUTE: '1', RATE_LIMIT_BURST: '2' };

  /** Three requests, each claiming another client in the leftmost entry, as the real proxy appends `proxied`. */
  async function statusesOf(url: string, path: string, proxied: string): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 1; i <= 3; i += 1)
      statuses.push((await get(url, path, { 'x-forwarded-for': `198.51.100.${i}, ${proxied}` })).status);
    return statuses;
  }

  it('with a hop count, keys on the address the last proxy saw, whatever the client writes before it', async () => {
    // One lane per path: the fast lane (a prepared answer) and express (healthz).
    for (const path of ['/api/v1/departments/75/centers', '/healthz']) {
      const { url } = await serve({ ...limited, TRUST_PROXY: '1' });
      expect(await statusesOf(url, path, '203.0.113.7'), path).toEqual([200, 200, 429]);
      // Another real client behind the same proxy has its own budget.
      expect((await get(url, path, { 'x-forwarded-for': '203.0.113.8' })).status, path).toBe(200);
    }
  });

  it('with proxy addresses, keys on the first address from the right that is not a trusted proxy', async () => {
    for (const path of ['/api/v1/departments/75/centers', '/healthz']) {
      const { url } = await serve({ ...limited, TRUST_PROXY: 'loopback, 10.0.0.0/8' });
      expect(await statusesOf(url, path, '203.0.113.7, 10.1.2.3'), path).toEqual([200, 200, 429]);
    }
  });

  it('without a proxy setting, ignores X-Forwarded-For', async () => {
    const { url } = await serve(limited);
    expect(await statusesOf(url, '/api/v1/departments/75/centers', '203.0.113.7')).toEqual([200, 200, 429]);
    expect((await get(url, '/healthz', { 'x-forwarded-for': '203.0.113.99' })).status).toBe(429);
  });

  it('refuses TRUST_PROXY=true, which would let each client pick its own key', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'true' }, implementedPlatforms())).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: 'true' }, implementedPlatforms())).toThrow(/number of proxies in front/);
    expect(loadConfig({ TRUST_PROXY: '2' }, implementedPlatforms()).trustProxy).toBe(2);
  });
});

describe('Accept-Encoding', () => {
  // Large enough to have a brotli form; a page asset (gzip only); one route through express, one fast.
  const paths = ['/vitemadose/info_centres.json', '/api/v1/departments/75/centers', '/app.js', '/api/v1/stats'];
  const cases: Array<[header: string, allowed: Array<string | undefined>]> = [
    ['gzip;q=0', ['br', undefined]],
    ['identity', [undefined]],
    ['gzip;q=0, br;q=0', [undefined]],
    ['br;q=0, gzip', ['gzip']],
    ['br;q=0.5, gzip;q=0.8', ['gzip']],
    ['identity;q=1, gzip;q=0.5, br;q=0.5', [undefined]],
    ['*', ['br', 'gzip']],
    ['*;q=0', [undefined]],
    ['', [undefined]],
    ['GZIP', ['gzip']],
  ];

  it('is honoured as express negotiates it, by the fast lane, express and the pages alike', async () => {
    for (const fastLane of [true, false]) {
      const { url } = await serve({}, fastLane);
      for (const path of paths) {
        const plain = await get(url, path);
        expect(plain.headers['content-encoding'], path).toBeUndefined();
        for (const [header, allowed] of cases) {
          const answer = await get(url, path, { 'accept-encoding': header });
          expect(allowed, `${path} "${header}" fast lane ${fastLane}`).toContain(answer.headers['content-encoding']);
          expect(decoded(answer).equals(plain.raw), `${path} "${header}"`).toBe(true);
        }
      }
    }
  });
});

describe('If-None-Match: *', () => {
  it('answers 304 to a GET of anything that exists, and does not hide a missing one', async () => {
    for (const fastLane of [true, false]) {
      const { url } = await serve({}, fastLane);
      for (const path of ['/api/v1/departments/75/centers', '/vitemadose/75.json', '/api/v1/stats', '/app.js', '/']) {
        const answer = await get(url, path, { 'if-none-match': '*' });
        expect(answer.status, path).toBe(304);
        expect(answer.raw.length).toBe(0);
        expect((await get(url, path, { 'if-none-match': '"other", *' })).status, path).toBe(304);
      }
      expect((await get(url, '/api/v1/departments/00/centers', { 'if-none-match': '*' })).status).toBe(404);
    }
  });
});

describe('errors are JSON', () => {
  it('for express.static refusals: 412 and 416', async () => {
    const { url } = await serve({});
    const precondition = await get(url, '/index.html', { 'if-match': '"not-this-one"' });
    expect(precondition.status).toBe(412);
    expect(errorOf(precondition).code).toBe('precondition_failed');
    expect(precondition.headers.etag).toBeUndefined();
    expect(precondition.headers['cache-control']).toBe('no-store');
    const range = await get(url, '/index.html', { range: 'bytes=9999999-' });
    expect(range.status).toBe(416);
    expect(errorOf(range).code).toBe('range_not_satisfiable');
  });

  it(
    "for what node's parser refuses before express: bad URLs, 16 KB URLs, " + 'unknown methods, broken headers',
    async () => {
      const { port } = await serve({});
      const cases: Array<[request: string, status: number, code: string]> = [
        ['GET /\x01 HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'bad_request'],
        [`GET /${'a'.repeat(17_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 431, 'request_header_fields_too_large'],
        ['BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'bad_request'],
        ['GET / HTTP/1.1\r\nNot a header\r\n\r\n', 400, 'bad_request'],
        ['GET / HTTP/9.9\r\nHost: x\r\n\r\n', 400, 'bad_request'],
        ['\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03', 400, 'bad_request'],
      ];
      for (const [request, status, code] of cases) {
        const answer = parseRaw(await rawExchange(port, request));
        expect(answer.status, JSON.stringify(request.slice(0, 30))).toBe(status);
        expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(answer.headers.connection).toBe('close');
        expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.body));
        const error = (JSON.parse(answer.body) as { error: { code: string; message: string } }).error;
        expect(error.code).toBe(code);
        expect(error.message.length).toBeGreaterThan(0);
      }
    },
  );

  it('after a good answer on a kept-alive connection, a broken request gets its own error', async () => {
    const { port } = await serve({});
    const text = await rawExchange(
      port,
      'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nBREW /pot HTTP/1.1\r\nHost: x\r\n\r\n',
    );
    expect(text.startsWith('HTTP/1.1 200 OK')).toBe(true);
    expect(text).toContain('{"status":"ok"}HTTP/1.1 400 Bad Request');
    expect(text.endsWith('{"error":{"code":"bad_request","message":"unknown HTTP method"}}')).toBe(true);
  });
});

describe('the per-client connection cap', () => {
  function open(port: number): Promise<net.Socket> {
    return new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
    });
  }

  /** Until the server has counted the connections just opened (its 'connection' event runs after the connect). */
  async function settled(base: string, path = '/healthz'): Promise<Answer> {
    return get(base, path, { connection: 'close' });
  }

  it('answers a client past the cap 503 in JSON, and lets it in again once one of its connections closes', async () => {
    const { port, url } = await serve({ MAX_CONNECTIONS_PER_CLIENT: '3' });
    const held = [await open(port), await open(port)];
    expect((await settled(url)).status).toBe(200);
    held.push(await open(port));
    // Three open: the fourth is refused before any parsing, with the API's error shape.
    const refused = parseRaw(await rawExchange(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect(refused.status).toBe(503);
    expect(refused.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(refused.headers['retry-after']).toBe('1');
    expect(JSON.parse(refused.body)).toEqual({
      error: { code: 'too_many_connections', message: expect.stringMatching(/too many open connections/) },
    });
    const closed = held.pop()!;
    await new Promise<void>((resolve) => {
      closed.once('close', () => resolve());
      closed.destroy();
    });
    // The server sees the close a moment later than the client: ask until it has.
    let status = 503;
    for (let attempt = 0; attempt < 50 && status === 503; attempt += 1) {
      status = parseRaw(
        await rawExchange(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
      ).status;
    }
    expect(status).toBe(200);
    for (const socket of held) socket.destroy();
  });

  it('does not cap a trusted proxy, whose connections carry many clients', async () => {
    const { port, url } = await serve({ MAX_CONNECTIONS_PER_CLIENT: '2', TRUST_PROXY: 'loopback' });
    const held = await Promise.all([open(port), open(port), open(port)]);
    expect((await settled(url)).status).toBe(200);
    for (const socket of held) socket.destroy();
  });
});
