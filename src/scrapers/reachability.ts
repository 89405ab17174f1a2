// In live mode a platform host the machine cannot reach is a configuration mistake (a typo in a base URL, a
// missing proxy, no network): better refused at start with its name than discovered as a wall of timeouts.
// The probe resolves the name and opens a TCP connection, nothing more: no request reaches the platform.
import net from 'node:net';

export interface ProbeTarget {
  /** Who needs the host, for the message (`DOCTOLIB_BASE_URL`, `doctolib`). */
  readonly owner: string;
  readonly url: string;
}

export interface Unreachable extends ProbeTarget {
  readonly reason: string;
}

/** The targets that could not be reached within `timeoutMs` each (probed in parallel). */
export async function unreachableHosts(targets: readonly ProbeTarget[], timeoutMs: number): Promise<Unreachable[]> {
  const results = await Promise.all(
    targets.map(async (target) => ({ target, reason: await probe(target.url, timeoutMs) })),
  );
  return results
    .filter((result) => result.reason !== null)
    .map(({ target, reason }) => ({ ...target, reason: reason! }));
}

/** Null when a TCP connection to the URL's host and port opens in time; why not otherwise. */
export function probe(url: string, timeoutMs: number): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return Promise.resolve('not a URL');
  }
  const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const finish = (reason: string | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(reason);
    };
    const timer = setTimeout(() => finish(`no connection to ${host}:${port} within ${timeoutMs} ms`), timeoutMs);
    socket.once('connect', () => finish(null));
    socket.once('error', (error: NodeJS.ErrnoException) => finish(`${host}:${port}: ${error.code ?? error.message}`));
  });
}
