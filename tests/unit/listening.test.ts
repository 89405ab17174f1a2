// The servers listen with a backlog deep enough for a rush of connections, and still report a taken port as a
// sentence an operator can act on.
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { LISTEN_BACKLOG, ListenFailure, listen } from '../../src/runtime/listening.js';

const servers: http.Server[] = [];

afterEach(() => {
  for (const server of servers.splice(0)) {
    server.close();
    server.closeAllConnections();
  }
});

describe('listen', () => {
  it('asks the kernel for a backlog of LISTEN_BACKLOG connections, above node default of 511', async () => {
    const server = http.createServer((_request, response) => response.end('ok'));
    servers.push(server);
    const asked: unknown[] = [];
    const original = server.listen.bind(server);
    server.listen = ((...args: Parameters<typeof server.listen>) => {
      asked.push(args[0]);
      return original(...args);
    }) as typeof server.listen;
    const url = await listen(server, 0, '127.0.0.1');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(asked).toEqual([{ port: 0, host: '127.0.0.1', backlog: LISTEN_BACKLOG }]);
    expect(LISTEN_BACKLOG).toBeGreaterThan(511);
    expect((await fetch(url)).status).toBe(200);
  });

  it('still names a taken port', async () => {
    const first = http.createServer();
    servers.push(first);
    const port = Number(new URL(await listen(first, 0, '127.0.0.1')).port);
    const second = http.createServer();
    servers.push(second);
    const failure = await listen(second, port, '127.0.0.1').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ListenFailure);
    expect((failure as ListenFailure).code).toBe('EADDRINUSE');
  });
});
