// The fast lane alone, against nginx serving the same bytes: one API process (the app and server the system
// uses, over a stub read model holding one prepared answer of a department's size) and one nginx worker,
// under wrk -c256. Isolates the per-request cost of the serving path from rebuilds and scans.
// Run: npx tsx bench/fast-lane.ts [bytes=263000] [seconds=5]   (SERVE_ONLY=1: only start the API, print its URL)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import type { ReadModel } from '../src/aggregator/read/read-model.js';
import { prepare, type PreparedAnswer } from '../src/aggregator/read/prepared.js';
import { createApiServer, DEFAULT_SERVER_LIMITS } from '../src/api/app.js';
import { silentLogger } from '../src/logger.js';
import { startNginx, wrk } from './harness/tools.js';

const TARGET = '/api/v1/departments/75/centers';

/** CPU seconds (user + system) used so far by these processes, from /proc: robust to a machine shared with others. */
function cpuSeconds(pids: readonly number[]): number {
  const ticks = 100; // USER_HZ on Linux
  let total = 0;
  for (const pid of pids) {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    total += (Number(fields[11]) + Number(fields[12])) / ticks;
  }
  return total;
}

/** The worker processes of the nginx started under `root`'s parent (their master's pid is in its prefix). */
function nginxWorkers(root: string): number[] {
  const parent = path.dirname(root);
  const prefix = fs.readdirSync(parent).find((name) => name.startsWith('nginx-'))!;
  const master = fs.readFileSync(path.join(parent, prefix, 'nginx.pid'), 'utf8').trim();
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1] === master;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** A department-shaped JSON body of about `bytes`, the same on every run (a seeded generator). */
function syntheticBody(bytes: number): string {
  let seed = 42;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const centers: unknown[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i += 1) {
    const centre = {
      id: `doctolib${100_000 + i}`,
      name: `Centre de vaccination ${i}`,
      address: `${Math.floor(next() * 200)} rue de Paris, 75${String(Math.floor(next() * 20)).padStart(3, '0')} Paris`,
      location: { latitude: 48.8 + next() / 10, longitude: 2.3 + next() / 10 },
      next_slot: new Date(Date.UTC(2026, 11, 1) + Math.floor(next() * 7 * 86_400) * 1000).toISOString(),
      slots: Math.floor(next() * 300),
      vaccines: ['Pfizer-BioNTech', 'Moderna'].slice(0, 1 + Math.floor(next() * 2)),
      last_checked_at: new Date(Date.UTC(2026, 10, 29) + Math.floor(next() * 3_600) * 1000).toISOString(),
    };
    const text = JSON.stringify(centre);
    size += text.length + 1;
    centers.push(centre);
  }
  return JSON.stringify({ department: '75', centers });
}

async function serve(bytes: number): Promise<{ url: string; answer: PreparedAnswer; close: () => void }> {
  const answer = prepare({ body: syntheticBody(bytes) }, Date.now());
  const readModel = { preparedAnswer: (target: string) => (target === TARGET ? answer : null) };
  const server = createApiServer({
    readModel: readModel as unknown as ReadModel,
    log: silentLogger,
    // As the bench systems: wrk's connections all come from one address.
    limits: { ...DEFAULT_SERVER_LIMITS, connectionsPerClient: 0 },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, answer, close: () => server.close() };
}

async function main(): Promise<void> {
  const bytes = Number(process.argv[2] ?? 263_000);
  const seconds = Number(process.argv[3] ?? 5);
  if (process.env.SERVE_ONLY) {
    const { url } = await serve(bytes);
    console.log(url);
    // What blocks this process's event loop while it serves (stderr, once a second, when asked).
    if (process.env.LOOP_LOG) {
      const delay = monitorEventLoopDelay({ resolution: 5 });
      delay.enable();
      setInterval(() => {
        const ms = (ns: number) => Math.round(ns / 1e5) / 10;
        process.stderr.write(
          `loop delay p50 ${ms(delay.percentile(50))} p99 ${ms(delay.percentile(99))} max ${ms(delay.max)} ms\n`,
        );
        delay.reset();
      }, 1_000);
    }
    return;
  }
  // The API in its own process (as in the system), so that this one's event loop is only the bench's.
  const child = spawn(process.execPath, [...process.execArgv, new URL(import.meta.url).pathname, String(bytes)], {
    env: { ...process.env, SERVE_ONLY: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve) =>
    child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())),
  );
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fast-lane-'));
  const file = path.join(root, 'www', TARGET);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const body = Buffer.from(await (await fetch(`${url}${TARGET}`)).arrayBuffer());
  fs.writeFileSync(file, body);
  fs.writeFileSync(`${file}.gz`, gzipSync(body, { level: 6 }));
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const nginx = await startNginx(path.join(root, 'www'), 1, port);
  try {
    console.log(`${body.length} bytes identity, ${fs.statSync(`${file}.gz`).size} gzip; wrk -c256 -d${seconds}s`);
    const workers = nginxWorkers(path.join(root, 'www'));
    console.log(
      '| case | api req/s | api p99 ms | api CPU µs/req | nginx req/s | nginx p99 ms | nginx CPU µs/req | ratio |',
    );
    console.log('|---|---|---|---|---|---|---|---|');
    for (const encoding of ['gzip', 'identity']) {
      const headers: Record<string, string> = encoding === 'gzip' ? { 'accept-encoding': 'gzip' } : {};
      const apiBefore = cpuSeconds([child.pid!]);
      const api = await wrk({ url: `${url}${TARGET}`, connections: 256, seconds, headers });
      const apiCpu = Math.round(((cpuSeconds([child.pid!]) - apiBefore) / api.requests) * 1e6);
      const peerBefore = cpuSeconds(workers);
      const peer = await wrk({ url: `${nginx.url}${TARGET}`, connections: 256, seconds, headers });
      const peerCpu = Math.round(((cpuSeconds(workers) - peerBefore) / peer.requests) * 1e6);
      console.log(
        `| ${encoding} | ${api.requestsPerSecond} | ${api.p99Ms} | ${apiCpu} | ` +
          `${peer.requestsPerSecond} | ${peer.p99Ms} | ${peerCpu} | ` +
          `${Math.round((api.requestsPerSecond / peer.requestsPerSecond) * 100) / 100} | ${JSON.stringify(api.errors)}`,
      );
    }
  } finally {
    await nginx.stop();
    child.kill();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

await main();
