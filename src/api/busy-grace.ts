// Timeouts that must not fire on a connection merely waiting its turn. Node checks the headers and request
// timeouts on a timer, and timers run before the poll phase reads what has arrived. Under a rush, one event-loop
// turn serves thousands of ready sockets and lasts seconds (measured: up to 11 to 18 s per turn for an API process
// under 10,000 connections), so at the next timers phase a connection whose request has been waiting in the
// kernel all along looks silent (a 408 in the rush, where 639 answers of 78,262 were). Before such a verdict is
// carried out, the connection gets a grace of whole turns: it is judged idle only after IDLE_TURNS turns without
// a byte read or written, or once `graceMs` have passed. A slowloris or a silent client is still cut off, one or
// two turns later (microseconds on an idle server); one that keeps trickling gains at most `graceMs`.
import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Turns without a byte before a connection is judged idle: a socket accepted in the turn that timed it out may
 * be first polled only in the turn after the next one.
 */
const IDLE_TURNS = 2;

function bytesOf(socket: Socket): number {
  return socket.bytesRead + socket.bytesWritten;
}

/**
 * Calls `idle` once the socket has moved no byte for IDLE_TURNS turns or `graceMs` have passed, unless `done`
 * turns true first (or the socket is destroyed).
 */
function judgeAfterTurns(socket: Socket, graceMs: number, done: () => boolean, idle: () => void): void {
  const deadline = performance.now() + graceMs;
  let seen = bytesOf(socket);
  let idleTurns = 0;
  const judge = () => {
    if (done() || socket.destroyed) return;
    const bytes = bytesOf(socket);
    idleTurns = bytes === seen ? idleTurns + 1 : 0;
    seen = bytes;
    if (idleTurns < IDLE_TURNS && performance.now() < deadline) setImmediate(judge);
    else idle();
  };
  setImmediate(judge);
}

type ClientErrorListener = (error: Error & { code?: string }, socket: Socket) => void;

/**
 * Wraps a 'clientError' listener: a headers or request timeout (ERR_HTTP_REQUEST_TIMEOUT) reaches it only if no
 * request arrives during the grace. Node stops tracking a timed-out connection, so the grace also ends when its
 * request arrives: from there the request is answered as any other.
 */
export function graceRequestTimeouts(
  server: Server,
  graceMs: number,
  listener: ClientErrorListener,
): ClientErrorListener {
  if (graceMs <= 0) return listener;
  const waiting = new Set<Socket>();
  server.on('request', (request: IncomingMessage) => {
    if (waiting.size !== 0) waiting.delete(request.socket);
  });
  return (error, socket) => {
    if (error.code !== 'ERR_HTTP_REQUEST_TIMEOUT' || waiting.has(socket)) {
      listener(error, socket);
      return;
    }
    waiting.add(socket);
    socket.once('close', () => waiting.delete(socket));
    judgeAfterTurns(
      socket,
      graceMs,
      () => !waiting.has(socket),
      () => {
        waiting.delete(socket);
        listener(error, socket);
      },
    );
  };
}
