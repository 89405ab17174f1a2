// More accepts per event-loop pass under a rush. libuv accepts ONE connection per readiness event of a listening
// handle, and epoll reports that handle once per pass over the ready sockets: an API process busy answering
// thousands of kept-alive connections takes new ones at a trickle (measured: 10 to 20 a second per process under
// 10,000 connections) while the kernel's accept queue (capped by net.core.somaxconn, 4,096 here) stays full; the
// overflowing handshakes are dropped and retried, or reset when their syncookie has gone stale, which clients
// see as read errors and timeouts. Each extra handle on the same listening socket (a duplicate descriptor, got
// by sending the process's own handle to the cluster primary and back) is one more accept per pass.
//
// Worker side: `addAcceptors` after the server listens under node:cluster. Primary side: `answerAcceptorRequests`
// on each forked API worker. Outside a cluster, or with a primary that does not answer, nothing changes.
import type { Worker } from 'node:cluster';
import type { Server } from 'node:http';
import fs from 'node:fs';
import net from 'node:net';

/** The worker asks for `count` duplicates of the handle it sends along. */
export interface AcceptorRequest {
  readonly type: 'acceptor-request';
  readonly count: number;
}

/** One duplicate of the worker's listening handle, sent with the message. */
export interface AcceptorHandle {
  readonly type: 'acceptor-handle';
}

/** A listening handle as node sends it between processes (a TCP wrap); opaque here. */
type ListeningHandle = object;

interface ServerInternals {
  _handle: unknown;
  _listen2(address: null, port: number, addressType: number, backlog: number): void;
}

function isAcceptorRequest(message: unknown): message is AcceptorRequest {
  const candidate = message as Partial<AcceptorRequest> | null;
  return candidate?.type === 'acceptor-request' && Number.isInteger(candidate.count) && candidate.count! > 0;
}

function isAcceptorHandle(message: unknown): message is AcceptorHandle {
  return (message as Partial<AcceptorHandle> | null)?.type === 'acceptor-handle';
}

/** Duplicates of a worker's listening handle past this many are not sent (descriptors are not free). */
export const MAX_ACCEPTORS = 1_024;

/**
 * How many acceptors a worker asks for: `wanted`, but at most a sixteenth of its open-file limit (read from
 * /proc on Linux; 1,024, the usual default, where it cannot be read), so that they never take the descriptors
 * its connections need. Measured under 10,000 connections: 64 acceptors left 102 read errors, 256 left 4.
 */
export function acceptorCount(wanted: number, limitsFile = '/proc/self/limits'): number {
  let openFiles = 1_024;
  try {
    const line = fs.readFileSync(limitsFile, 'utf8').match(/^Max open files\s+(\d+|unlimited)/m);
    if (line) openFiles = line[1] === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(line[1]);
  } catch {
    // Not Linux: the usual default.
  }
  return Math.max(0, Math.min(wanted, MAX_ACCEPTORS, Math.floor(openFiles / 16)));
}

/**
 * Primary side: answers a worker's acceptor request with that many duplicates of the handle it sent (each send
 * gives the worker a new descriptor of the same socket), then closes the primary's own copy, which never
 * listens here: the primary accepts no connection.
 */
export function answerAcceptorRequests(worker: Worker): void {
  worker.on('message', (message: unknown, handle?: ListeningHandle) => {
    if (!isAcceptorRequest(message) || handle === undefined) return;
    const count = Math.min(message.count, MAX_ACCEPTORS);
    const reply: AcceptorHandle = { type: 'acceptor-handle' };
    let sent = 0;
    const close = () => (handle as { close?: () => void }).close?.();
    for (let index = 0; index < count; index += 1) {
      // node queues handle sends one at a time behind the worker's acknowledgement.
      const ok = worker.send(reply, handle as net.Server, (error) => {
        sent += 1;
        if (error || sent === count) close();
      });
      if (!ok && !worker.isConnected()) {
        close();
        return;
      }
    }
  });
}

export interface AcceptorOptions {
  /** Extra handles to ask for. */
  readonly count: number;
  /** The backlog the socket listens with: every listen() on a duplicate sets it again, so it must be the same. */
  readonly backlog: number;
  /** The process's channel to the primary (process in a cluster worker); absent: no acceptors. */
  readonly channel?: NodeJS.Process;
}

/**
 * Worker side: asks the primary for `count` duplicates of `server`'s listening handle and hands every connection
 * they accept to `server`, exactly as its own (the 'connection' listeners, the per-client cap among them, see
 * them all). Stops accepting on them when `server.close()` is called. Returns the live acceptors (tests).
 */
export function addAcceptors(server: Server, options: AcceptorOptions): ReadonlySet<net.Server> {
  const acceptors = new Set<net.Server>();
  const channel = options.channel;
  const own = (server as unknown as { _handle?: ListeningHandle | null })._handle;
  if (options.count <= 0 || !channel?.send || !channel.connected || !own) return acceptors;
  let closed = false;
  const onMessage = (message: unknown, handle?: unknown) => {
    if (!isAcceptorHandle(message) || handle === undefined) return;
    const acceptor = net.createServer((socket) => server.emit('connection', socket));
    acceptor.on('error', () => acceptor.close());
    if (closed) return;
    // listen(handle) would, in a cluster worker, ask the primary for a handle instead of using this one:
    // _listen2 is what net.Server.listen itself calls with a handle it already has (kept by node under that name).
    const internal = acceptor as unknown as ServerInternals;
    internal._handle = handle;
    internal._listen2(null, -1, -1, options.backlog);
    acceptors.add(acceptor);
    acceptor.once('close', () => acceptors.delete(acceptor));
  };
  channel.on('message', onMessage);
  const close = server.close.bind(server);
  // Closing the server closes its handle at once; the duplicates must stop with it, not when connections end.
  server.close = (callback?: (error?: Error) => void) => {
    closed = true;
    channel.off('message', onMessage);
    for (const acceptor of acceptors) acceptor.close();
    return close(callback);
  };
  const request: AcceptorRequest = { type: 'acceptor-request', count: options.count };
  channel.send(request, own as net.Server);
  return acceptors;
}
