// Extra acceptors (src/api/acceptors.ts) over real sockets on loopback, in one process: the "primary" is a fake
// channel that answers the request with the handle of another listening socket (under node:cluster it is a
// duplicate of the worker's own). What matters here is the wiring: connections accepted on an acceptor reach the
// server's own 'connection' listeners (the per-client cap among them), with the backlog asked for, and
// server.close() stops the acceptors at once. The real cluster exchange is in tests/alone/acceptors.test.ts.
import { EventEmitter } from 'node:events';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acceptorCount, addAcceptors, type AcceptorRequest } from '../../src/api/acceptors.js';
import { capConnectionsPerClient } from '../../src/api/connection-cap.js';

const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

async function listening(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => server.close());
  return (server.address() as AddressInfo).port;
}

/** A channel whose "primary" answers each request with the handles of `spares` (listening sockets). */
function fakePrimary(spares: readonly net.Server[]): { channel: NodeJS.Process; requests: AcceptorRequest[] } {
  const requests: AcceptorRequest[] = [];
  const emitter = new EventEmitter() as EventEmitter & { send: unknown; connected: boolean };
  emitter.connected = true;
  emitter.send = (message: AcceptorRequest) => {
    requests.push(message);
    setImmediate(() => {
      for (const spare of spares.slice(0, message.count)) {
        const handle = (spare as unknown as { _handle: unknown })._handle;
        emitter.emit('message', { type: 'acceptor-handle' }, handle);
      }
    });
    return true;
  };
  return { channel: emitter as unknown as NodeJS.Process, requests };
}

function get(port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/', agent: false }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode!, body }));
      })
      .on('error', reject);
  });
}

function open(port: number): Promise<net.Socket> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
    closers.push(() => socket.destroy());
  });
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setImmediate(resolve));
}

describe('extra acceptors', () => {
  it('hands their connections to the server, through its connection listeners, and stop with it', async () => {
    const server = http.createServer((_request, response) => response.end('served'));
    const counted = capConnectionsPerClient(server, { perClient: 1 });
    const port = await listening(server);
    const spares = [net.createServer(), net.createServer()];
    const sparePorts = await Promise.all(spares.map(listening));
    const { channel, requests } = fakePrimary(spares);

    const acceptors = addAcceptors(server, { count: 2, backlog: 4_096, channel });
    expect(requests).toEqual([{ type: 'acceptor-request', count: 2 }]);
    await until(() => acceptors.size === 2);

    // The server's handler answers on every acceptor's connections.
    for (const sparePort of sparePorts) expect(await get(sparePort)).toEqual({ status: 200, body: 'served' });
    // One connection held through an acceptor counts against the client's cap on the server's own port too.
    const held = await open(sparePorts[0]!);
    await until(() => counted.get('127.0.0.1') === 1);
    expect((await get(port)).status).toBe(503);
    held.destroy();
    await until(() => counted.size === 0);
    expect(await get(port)).toEqual({ status: 200, body: 'served' });

    // Closing the server closes the acceptors at once: their sockets no longer take connections.
    server.close();
    await until(() => acceptors.size === 0);
    for (const sparePort of sparePorts) await expect(get(sparePort)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('asks for nothing outside a cluster, or when the count is zero', async () => {
    const server = http.createServer((_request, response) => response.end());
    await listening(server);
    const { channel, requests } = fakePrimary([]);
    expect(addAcceptors(server, { count: 2, backlog: 511 }).size).toBe(0);
    expect(addAcceptors(server, { count: 0, backlog: 511, channel }).size).toBe(0);
    expect(requests).toEqual([]);
  });
});

describe('the number of acceptors', () => {
  function limits(soft: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'acceptors-'));
    const file = path.join(dir, 'limits');
    fs.writeFileSync(
      file,
      'Limit                     Soft Limit           Hard Limit           Units\n' +
        'Max processes             95412                95412                processes\n' +
        `Max open files            ${soft}                20000                files\n`,
    );
    closers.push(() => fs.rmSync(dir, { recursive: true }));
    return file;
  }

  it('is the wanted count, at most a sixteenth of the open-file limit', () => {
    expect(acceptorCount(256, limits('20000'))).toBe(256);
    expect(acceptorCount(256, limits('1024'))).toBe(64);
    expect(acceptorCount(256, limits('unlimited'))).toBe(256);
    expect(acceptorCount(5_000, limits('unlimited'))).toBe(1_024);
    expect(acceptorCount(256, path.join(os.tmpdir(), 'no-such-limits-file'))).toBe(64);
  });
});
