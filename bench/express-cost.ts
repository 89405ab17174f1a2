// What express's middleware chain costs on the hot path: the same prepared answers served by the fast lane
// (src/api/fast-lane.ts) and through express alone, by one process each, loaded in turn with wrk.
// Run: npx tsx bench/express-cost.ts (the default world, one platform's cycle).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { apiOptions, createApiServer } from '../src/api/app.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { implementedPlatforms } from '../src/scrapers/registry.js';
import { ensureTools, wrk, type WrkResult } from './harness/tools.js';
import { median, startBenchSystem } from './support.js';

const RUNS = Number(process.env.RUNS ?? 3);
const SECONDS = Number(process.env.SECONDS ?? 5);

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

ensureTools();
const { system } = await startBenchSystem({ PLATFORMS: 'doctolib,keldoc,maiia' });
await Promise.all(
  ['doctolib', 'keldoc', 'maiia'].map((platform) => system.scheduler.runCycle(platform as 'doctolib', true)),
);
const config = loadConfig({ RATE_LIMIT_PER_MINUTE: '600', MAX_CONNECTIONS_PER_CLIENT: '0' }, implementedPlatforms());
// The per-client limit is part of the chain too, but one loopback client would hit it: a huge budget.
const options = { ...apiOptions(config, system.readModel, silentLogger), rateLimit: { perMinute: 1e9, burst: 1e9 } };
const lanes = {
  'fast lane': await listen(createApiServer(options)),
  'express only': await listen(createApiServer({ ...options, lookup: null })),
};
console.log(
  `| answer | ${Object.keys(lanes)
    .map((lane) => `${lane} req/s | p99 ms`)
    .join(' | ')} |`,
);
console.log('|---|---|---|---|---|');
for (const [name, path, headers] of [
  ['department 75, gzip', '/api/v1/departments/75/centers', { 'accept-encoding': 'gzip' }],
  [
    'department 75, 304',
    '/api/v1/departments/75/centers',
    { 'if-none-match': (await fetch(`${lanes['fast lane']}/api/v1/departments/75/centers`)).headers.get('etag')! },
  ],
  ['75.json, gzip', '/vitemadose/75.json', { 'accept-encoding': 'gzip' }],
] as const) {
  const results: Record<string, WrkResult[]> = { 'fast lane': [], 'express only': [] };
  for (let run = 0; run < RUNS; run += 1) {
    for (const [lane, url] of Object.entries(lanes))
      results[lane]!.push(await wrk({ url: `${url}${path}`, connections: 64, seconds: SECONDS, threads: 1, headers }));
  }
  console.log(
    `| ${name} | ${Object.values(results)
      .map((runs) => `${median(runs.map((r) => r.requestsPerSecond))} | ${median(runs.map((r) => r.p99Ms))}`)
      .join(' | ')} |`,
  );
}
await system.close();
process.exit(0);
