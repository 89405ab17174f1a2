// A throwaway express server on 127.0.0.1 for testing the HTTP client: each test mounts the behaviour it
// needs and reads back what the server saw (hits per path, arrival times, headers).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';

export interface SeenRequest {
  readonly path: string;
  readonly at: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface LocalServer {
  readonly app: Express;
  readonly url: string;
  readonly seen: SeenRequest[];
  hits(path: string): number;
  close(): Promise<void>;
}

export async function startLocalServer(mount: (app: Express) => void): Promise<LocalServer> {
  const app = express();
  const seen: SeenRequest[] = [];
  app.use((request, _response, next) => {
    seen.push({ path: request.path, at: performance.now(), headers: request.headers });
    next();
  });
  mount(app);
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    app,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    hits: (path) => seen.filter((request) => request.path === path).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = await new Promise<Server>((resolve) => {
    const listening = express().listen(0, '127.0.0.1', () => resolve(listening));
  });
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
