// A node:cluster primary and one worker for tests/alone/acceptors.test.ts: the worker listens (SCHED_NONE, as the
// supervisor runs API processes), asks for extra acceptors, and reports on stdout, as one JSON line, how many it
// got, how many of its descriptors are that listening socket, and the statuses of requests made to itself.
import cluster from 'node:cluster';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { addAcceptors, answerAcceptorRequests } from '../../src/api/acceptors.js';

const COUNT = 4;

if (cluster.isPrimary) {
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  const worker = cluster.fork();
  answerAcceptorRequests(worker);
  worker.on('message', (message: unknown) => {
    if ((message as { report?: unknown }).report === undefined) return;
    process.stdout.write(`${JSON.stringify((message as { report: unknown }).report)}\n`);
    worker.kill();
  });
} else {
  const server = http.createServer((_request, response) => response.end('ok'));
  server.listen({ port: 0, host: '127.0.0.1', backlog: 1_024 }, async () => {
    const acceptors = addAcceptors(server, { count: COUNT, backlog: 1_024, channel: process });
    while (acceptors.size < COUNT) await new Promise((resolve) => setTimeout(resolve, 10));
    const fd = (server as unknown as { _handle: { fd: number } })._handle.fd;
    const socket = fs.readlinkSync(`/proc/self/fd/${fd}`);
    const sameSocket = fs.readdirSync('/proc/self/fd').filter((entry) => {
      try {
        return fs.readlinkSync(`/proc/self/fd/${entry}`) === socket;
      } catch {
        return false;
      }
    }).length;
    const { port } = server.address() as AddressInfo;
    const statuses: number[] = [];
    for (let index = 0; index < 20; index += 1) {
      const response = await fetch(`http://127.0.0.1:${port}/`, { headers: { connection: 'close' } });
      statuses.push(response.status);
      await response.text();
    }
    server.close();
    while (acceptors.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    process.send!({ report: { acceptors: COUNT, sameSocket, statuses: [...new Set(statuses)] } });
  });
}
