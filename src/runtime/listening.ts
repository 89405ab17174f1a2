// Binding a port, with a failure an operator can act on: which address, which port, and what to do, instead of
// a stack trace (or, under node:cluster, a listening callback with no address).
import net, { type AddressInfo, type Server } from 'node:net';

/** A server could not listen: the message names the address, the port and the setting that chooses it. */
export class ListenFailure extends Error {
  override readonly name = 'ListenFailure';

  constructor(
    readonly host: string,
    readonly port: number,
    readonly code: string,
    readonly setting: string,
  ) {
    super(describe(host, port, code, setting));
  }
}

function describe(host: string, port: number, code: string, setting: string): string {
  const where = `${host}:${port}`;
  if (code === 'EADDRINUSE')
    return (
      `port ${port} is already in use on ${host} (${where}): stop what ` +
      `listens there, or choose another port with ${setting}`
    );
  if (code === 'EACCES')
    return `no permission to listen on port ${port} (${where}): choose a port above 1023 with ${setting}`;
  if (code === 'EADDRNOTAVAIL')
    return `the address ${host} is not one of this machine's (${where}): check the host setting`;
  return `cannot listen on ${where} (${code}): check ${setting}`;
}

function failureOf(error: unknown, host: string, port: number, setting: string): ListenFailure {
  const code = (error as NodeJS.ErrnoException | null)?.code ?? 'unknown error';
  return new ListenFailure(host, port, code, setting);
}

/**
 * Connections the kernel may hold for us before we accept them. Node's default (511) overflows when thousands
 * of clients connect at once (a rush): the overflowing handshakes are dropped or reset, which clients see as
 * read errors and timeouts (a node server under wrk -c10000 for 10 s on this machine: 215 read errors with 511,
 * none in two runs with 4096). Linux caps it at net.core.somaxconn.
 */
export const LISTEN_BACKLOG = 4_096;

/** Listens and resolves with the server's URL once listening; a failure to bind rejects with a ListenFailure. */
export function listen(server: Server, port: number, host: string, setting = 'PORT'): Promise<string> {
  return new Promise((resolve, reject) => {
    const onError = (error: unknown) => reject(failureOf(error, host, port, setting));
    server.once('error', onError);
    server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', onError);
      // Under node:cluster a worker whose primary could not bind is told it listens, with no address.
      const address = server.address() as AddressInfo | null;
      if (address === null) reject(new ListenFailure(host, port, 'EADDRINUSE', setting));
      else resolve(`http://${host.includes(':') ? `[${host}]` : host}:${address.port}`);
    });
  });
}

/**
 * Whether host:port can be bound now (a moment later it may not be: this only lets `start` refuse before it
 * starts anything, rather than after the sandbox and the writer are up). Port 0 is always free.
 */
export async function checkPortFree(port: number, host: string, setting: string): Promise<void> {
  if (port === 0) return;
  const probe = net.createServer();
  await listen(probe, port, host, setting);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}
