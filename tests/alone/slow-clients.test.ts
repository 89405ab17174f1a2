// Slow and idle clients are cut off by the API server's timeouts, with the API's JSON error where there is
// still a request to answer. Real timeouts (short ones, configured), hence alone: on a loaded machine they
// must not share the cores with other files. Nothing asserts a duration: only that the server, not the
// client, ends each connection, and what it says when it does; and that a connection that only waited for a busy
// server is not cut off.
import type { Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiOptions, createApiServer } from '../../src/api/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { implementedPlatforms } from '../../src/scrapers/registry.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

let test: TestSystem;
let server: Server;
let port: number;

beforeAll(async () => {
  test = await startTestSystem(['doctolib'], { centresPerDepartment: 1 });
  const env = {
    RATE_LIMIT_PER_MINUTE: '0',
    HEADERS_TIMEOUT_MS: '300',
    REQUEST_TIMEOUT_MS: '600',
    IDLE_TIMEOUT_MS: '800',
  };
  server = createApiServer(apiOptions(loadConfig(env, implementedPlatforms()), test.system.readModel, silentLogger));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
}, 120_000);

afterAll(async () => {
  server.close();
  await test.close();
});

interface Ending {
  readonly received: string;
  /** Pieces the client had sent when the server closed the connection. */
  readonly sent: number;
}

/** Sends `pieces` one every `gapMs` (none: stays silent) until the server closes the connection. */
function trickle(pieces: readonly string[], gapMs: number): Promise<Ending> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let received = '';
    let timer: NodeJS.Timeout | undefined;
    const socket = net.connect(port, '127.0.0.1', () => {
      const next = () => {
        if (sent >= pieces.length || socket.destroyed) return;
        socket.write(pieces[sent]!);
        sent += 1;
        timer = setTimeout(next, gapMs);
      };
      next();
    });
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    // A write racing the server's close may fail: the ending is what matters.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ received, sent });
    });
    socket.setTimeout(30_000, () => reject(new Error('the server never closed the connection')));
  });
}

// The status line, the JSON content type, then exactly the error body and nothing after it.
const TIMEOUT_ANSWER = new RegExp(
  [
    String.raw`^HTTP/1\.1 408 Request Timeout\r\n[\s\S]*`,
    String.raw`Content-Type: application/json; charset=utf-8\r\n[\s\S]*\r\n\r\n`,
    String.raw`\{"error":\{"code":"request_timeout","message":"the request did not arrive in time"\}\}$`,
  ].join(''),
);

describe('slow and idle clients', () => {
  it('cuts off a slowloris sending one header line at a time, with a 408 in JSON', async () => {
    const lines = [
      'GET /healthz HTTP/1.1\r\n',
      'Host: x\r\n',
      ...Array.from({ length: 200 }, (_, i) => `X-Slow-${i}: 1\r\n`),
    ];
    const ending = await trickle(lines, 50);
    expect(ending.sent).toBeLessThan(lines.length);
    expect(ending.received).toMatch(TIMEOUT_ANSWER);
  });

  it('cuts off a connection that never sends a byte', async () => {
    const ending = await trickle([], 0);
    expect(ending.received).toMatch(TIMEOUT_ANSWER);
  });

  it('cuts off a request whose body never arrives, after answering what it could', async () => {
    const pieces = [
      'POST /api/v1/admin/scan HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n',
      ...Array.from({ length: 200 }, () => 'a'),
    ];
    const ending = await trickle(pieces, 50);
    expect(ending.sent).toBeLessThan(pieces.length);
  });

  it('closes a kept-alive connection left idle after its request', async () => {
    const ending = await trickle(['GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'], 0);
    expect(ending.received).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\{"status":"ok"\}$/);
  });

  it('answers a request that waited in the kernel while the server was busy past the headers timeout', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      let text = '';
      const socket = net.connect(port, '127.0.0.1');
      socket.on('data', (chunk) => (text += chunk.toString('latin1')));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      // Once the server holds the connection (its headers timeout counts from there), the whole request is sent
      // and this process, the server's too, stays busy for twice the headers timeout: the request waits in the
      // kernel, and node's timeout check, a timer, runs before the poll phase that reads it. (Short of the idle
      // timeout, 800 ms: that one closes any socket quiet for so long, a rush's included.)
      server.once('connection', () => {
        socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
        const busyUntil = performance.now() + 650;
        while (performance.now() < busyUntil);
      });
    });
    expect(received).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\{"status":"ok"\}$/);
  });

  it('answers the next request of a kept-alive connection that waited while the server was busy', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      let text = '';
      const socket = net.connect(port, '127.0.0.1', () => socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'));
      socket.on('data', (chunk) => {
        text += chunk.toString('latin1');
        if (!text.endsWith('{"status":"ok"}') || text.indexOf('HTTP/1.1', 1) !== -1) return;
        // The first answer is in and the server's keep-alive timer armed: the next request is sent, and this
        // process stays busy past the keep-alive and idle timeouts (800 ms here) while it waits in the kernel.
        setTimeout(() => {
          socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
          const busyUntil = performance.now() + 1_500;
          while (performance.now() < busyUntil);
        }, 100);
      });
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(received.match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2);
  });

  it('keeps answering other clients while slow ones hold connections', async () => {
    const slow = Array.from({ length: 5 }, () =>
      trickle(['GET / HTTP/1.1\r\n', ...Array.from({ length: 100 }, (_, i) => `X-${i}: 1\r\n`)], 50),
    );
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(200);
    for (const ending of await Promise.all(slow)) expect(ending.received).toMatch(TIMEOUT_ANSWER);
  });
});
