// A per-client cap on open connections: one address cannot hold every socket of the process (slowloris from
// one machine, a leaking client). Counted on the server's 'connection' event, per remote address, in each
// process (under node:cluster each API process keeps its own count). A connection past the cap is answered a
// 503 in the API's error shape and closed before node's HTTP parser ever sees it.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { rawErrorResponse } from './client-errors.js';

export interface ConnectionCapOptions {
  /** Open connections per remote address; 0 switches the cap off. */
  readonly perClient: number;
  /**
   * True for an address whose connections carry many clients (a trusted proxy, by the trust-proxy setting):
   * those are never capped, the proxy's own limits apply to the clients behind it.
   */
  readonly isProxy?: (address: string) => boolean;
}

/** A refused socket that does not close its side is destroyed after this long. */
const REFUSED_LINGER_MS = 2_000;

const TOO_MANY = rawErrorResponse(
  503,
  'too_many_connections',
  'too many open connections from this address; close some and retry',
  { 'Retry-After': '1' },
);

/**
 * Wraps node's own 'connection' listeners: they run for the connections under the cap, and never for one
 * over it, so no parser and no request handler is spent on it. Returns the live count (tests, diagnostics).
 */
export function capConnectionsPerClient(server: Server, options: ConnectionCapOptions): ReadonlyMap<string, number> {
  const open = new Map<string, number>();
  if (options.perClient <= 0) return open;
  const nodeListeners = server.listeners('connection') as Array<(socket: Socket) => void>;
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress;
    // No address: the socket is already gone; node's listeners deal with that as usual.
    if (address === undefined || options.isProxy?.(address)) {
      for (const listener of nodeListeners) listener.call(server, socket);
      return;
    }
    const count = open.get(address) ?? 0;
    if (count >= options.perClient) {
      refuse(socket);
      return;
    }
    open.set(address, count + 1);
    socket.once('close', () => {
      const left = open.get(address)! - 1;
      if (left === 0) open.delete(address);
      else open.set(address, left);
    });
    for (const listener of nodeListeners) listener.call(server, socket);
  });
  return open;
}

function refuse(socket: Socket): void {
  socket.on('error', () => socket.destroy());
  socket.setTimeout(REFUSED_LINGER_MS, () => socket.destroy());
  // Read and drop whatever the client sends, so that closing does not reset the connection before it has
  // read the answer.
  socket.resume();
  socket.end(TOO_MANY);
}
