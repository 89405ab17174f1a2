// The fast lane answers prepared answers ahead of express with the very bytes and headers express sends, and
// charges the same per-client limit; what it does not know goes to express.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, type Server } from 'node:http';
import { apiOptions, createApiServer } from '../../src/api/app.js';
import { readModelLookup, type PreparedLookup } from '../../src/api/fast-lane.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { implementedPlatforms } from '../../src/scrapers/registry.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

let test: TestSystem;
const servers: Server[] = [];

async function serve(lookup: PreparedLookup | null, env: Record<string, string> = {}): Promise<string> {
  const config = loadConfig({ RATE_LIMIT_PER_MINUTE: '0', ...env }, implementedPlatforms());
  const server = createApiServer({ ...apiOptions(config, test.system.readModel, silentLogger), lookup });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function answer(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const response = await fetch(url, { headers: { ...headers }, decompress: false } as RequestInit);
  const all = Object.fromEntries([...response.headers].filter(([name]) => name !== 'date'));
  return { status: response.status, headers: all, body: Buffer.from(await response.arrayBuffer()) };
}

/** The header lines exactly as they came over the wire (Date aside, which changes by the second), sorted. */
function rawAnswer(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; lines: string[]; bytes: number }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (response) => {
      const lines: string[] = [];
      for (let i = 0; i < response.rawHeaders.length; i += 2)
        if (response.rawHeaders[i] !== 'Date') lines.push(`${response.rawHeaders[i]}: ${response.rawHeaders[i + 1]}`);
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => resolve({ status: response.statusCode!, lines: lines.sort(), bytes }));
    }).on('error', reject);
  });
}

beforeAll(async () => {
  test = await startTestSystem(['doctolib', 'keldoc']);
  await Promise.all(
    ['doctolib', 'keldoc'].map((platform) => test.system.scheduler.runCycle(platform as 'doctolib', true)),
  );
}, 120_000);

afterAll(async () => {
  for (const server of servers) server.close();
  await test.close();
});

describe('the fast lane', () => {
  it('answers with the bytes and headers express sends, for every encoding and revalidation', async () => {
    let hits = 0;
    const lookup = readModelLookup(test.system.readModel);
    const fast = await serve((target) => {
      const found = lookup(target);
      if (found) hits += 1;
      return found;
    });
    const express = await serve(null);
    const etag = (await fetch(`${express}/api/v1/departments/75/centers`)).headers.get('etag')!;
    const paths = [
      '/api/v1/departments',
      '/api/v1/departments/75/centers',
      '/api/v1/departments/2A/centers',
      '/vitemadose/75.json',
      '/vitemadose/info_centres.json',
    ];
    const variants: Array<Record<string, string>> = [
      {},
      { 'accept-encoding': 'gzip, br' },
      { 'if-none-match': etag },
      { origin: 'https://example.org' },
    ];
    for (const path of paths) {
      for (const headers of variants) {
        const [a, b] = [await answer(`${fast}${path}`, headers), await answer(`${express}${path}`, headers)];
        expect(a, `${path} ${JSON.stringify(headers)}`).toEqual(b);
      }
    }
    expect(hits).toBe(paths.length * variants.length);
    // What the lane does not hold goes through express: queries, unknown departments, other methods.
    for (const path of [
      '/api/v1/departments/75/centers?vaccine=Moderna',
      '/api/v1/departments/00/centers',
      '/vitemadose/nope.json',
      '/healthz',
    ]) {
      const [a, b] = [await answer(`${fast}${path}`, {}), await answer(`${express}${path}`, {})];
      expect(a, path).toEqual(b);
    }
    expect(hits).toBe(paths.length * variants.length);
  });

  it('writes the same header lines as express, name case included, with a Content-Length and no chunking', async () => {
    const fast = await serve(readModelLookup(test.system.readModel));
    const express = await serve(null);
    const path = '/api/v1/departments/75/centers';
    const etag = (await fetch(`${express}${path}`)).headers.get('etag')!;
    const variants: Array<Record<string, string>> = [
      {},
      { 'accept-encoding': 'gzip' },
      { 'accept-encoding': 'gzip, br' },
      { 'accept-encoding': 'gzip;q=0, identity' },
      { 'if-none-match': `W/${etag}` },
      { 'if-none-match': etag, 'accept-encoding': 'gzip' },
    ];
    for (const headers of variants) {
      const [a, b] = [await rawAnswer(`${fast}${path}`, headers), await rawAnswer(`${express}${path}`, headers)];
      expect(a, JSON.stringify(headers)).toEqual(b);
      expect(a.lines.some((line) => line.startsWith('Transfer-Encoding'))).toBe(false);
      if (a.status === 200) expect(a.lines).toContain(`Content-Length: ${a.bytes}`);
      else expect(a).toMatchObject({ status: 304, bytes: 0 });
    }
  });

  it('sends a rebuilt answer with its own headers, never the lines made for the one before', async () => {
    const lookup = readModelLookup(test.system.readModel);
    const first = lookup('/api/v1/departments/75/centers')!;
    const second = { ...first, etag: '"rebuilt"', body: Buffer.from('{"rebuilt":true}') };
    let current = first;
    const fast = await serve((target) => (target === '/api/v1/departments/75/centers' ? current : null));
    const before = await fetch(`${fast}/api/v1/departments/75/centers`);
    expect(before.headers.get('etag')).toBe(first.etag);
    await before.arrayBuffer();
    current = second;
    const after = await fetch(`${fast}/api/v1/departments/75/centers`, { headers: { 'accept-encoding': 'identity' } });
    expect(after.headers.get('etag')).toBe('"rebuilt"');
    expect(after.headers.get('content-length')).toBe(String(second.body.length));
    expect(await after.text()).toBe('{"rebuilt":true}');
  });

  it('charges the same per-client budget as express, whose 429 it lets through', async () => {
    const url = await serve(readModelLookup(test.system.readModel), {
      RATE_LIMIT_PER_MINUTE: '1',
      RATE_LIMIT_BURST: '3',
    });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await fetch(`${url}/api/v1/departments/75/centers`)).status);
    // One budget: the fourth request finds it spent, and the lane lets express answer the 429.
    const limited = await fetch(`${url}/api/v1/departments`);
    expect(statuses).toEqual([200, 200, 200]);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
  });
});
