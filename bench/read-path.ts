// The read path under a rush: many clients asking for the same department's soonest slots. Compares the
// prepared-answer path (what the API does) with building the answer per request (what it avoids), and shows
// what ETag revalidation and gzip save. Run: npm run bench:read
import { Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { departmentCentres } from '../src/aggregator/read/views.js';
import { implementedPlatforms } from '../src/scrapers/registry.js';
import type { LoadOptions, LoadResult } from './load.js';
import { median, startBenchSystem } from './support.js';

const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32);
const DURATION_MS = Number(process.env.DURATION_MS ?? 4_000);
const REPEATS = 3;

/** The load runs in a worker thread so that the server's event loop is not also the client's. */
function loadInWorker(options: LoadOptions): Promise<LoadResult> {
  const worker = new Worker(
    `import { register } from 'tsx/esm/api'; register();
     const { workerData, parentPort } = await import('node:worker_threads');
     const { load } = await import(${JSON.stringify(new URL('./load.ts', import.meta.url).href)});
     parentPort.postMessage(await load(workerData));`,
    { eval: true, workerData: options },
  );
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

async function main(): Promise<void> {
  const { system, clock } = await startBenchSystem();
  await Promise.all(implementedPlatforms().map((platform) => system.scheduler.runCycle(platform, true)));
  const url = `${system.apiUrl}/api/v1/departments/75/centers`;
  const first = await fetch(url);
  const etag = first.headers.get('etag')!;
  const body = await first.text();

  // Building the answer per request, without the prepared-answer cache, for the ratio.
  const snapshot = system.readModel.current();
  const perBuild: number[] = [];
  for (let i = 0; i < REPEATS; i += 1) {
    const began = performance.now();
    let n = 0;
    while (performance.now() - began < 1_000) {
      gzipSync(JSON.stringify(departmentCentres(snapshot, '75', {}, clock.now().getTime())));
      n += 1;
    }
    perBuild.push(n / ((performance.now() - began) / 1000));
  }

  const scenarios: Array<[string, LoadOptions]> = [
    ['department 75, full body', { url, connections: CONNECTIONS, durationMs: DURATION_MS }],
    [
      'department 75, gzip',
      { url, connections: CONNECTIONS, durationMs: DURATION_MS, headers: { 'accept-encoding': 'gzip' } },
    ],
    [
      'department 75, If-None-Match (304)',
      { url, connections: CONNECTIONS, durationMs: DURATION_MS, headers: { 'if-none-match': etag } },
    ],
    [
      'department 75, vaccine filter',
      { url: `${url}?vaccine=Pfizer-BioNTech&dose=1`, connections: CONNECTIONS, durationMs: DURATION_MS },
    ],
    [
      'info_centres.json, gzip',
      {
        url: `${system.apiUrl}/vitemadose/info_centres.json`,
        connections: CONNECTIONS,
        durationMs: DURATION_MS,
        headers: { 'accept-encoding': 'gzip' },
      },
    ],
  ];
  console.log(
    `${body.length} bytes for department 75; ${CONNECTIONS} connections, ` +
      `${DURATION_MS} ms per run, median of ${REPEATS} runs\n`,
  );
  console.log('| scenario | req/s | p50 ms | p99 ms | statuses |');
  console.log('|---|---|---|---|---|');
  for (const [name, options] of scenarios) {
    const runs: LoadResult[] = [];
    for (let i = 0; i < REPEATS; i += 1) runs.push(await loadInWorker(options));
    const statuses = Object.entries(runs.at(-1)!.statuses)
      .map(([status, count]) => `${status}: ${count}`)
      .join(', ');
    console.log(
      `| ${name} | ${median(runs.map((r) => r.perSecond))} | ` +
        `${median(runs.map((r) => r.p50Ms))} | ` +
        `${median(runs.map((r) => r.p99Ms))} | ${statuses} |`,
    );
  }
  console.log(
    `\nbuilding the department-75 answer per request (view + JSON + gzip, ` +
      `no HTTP): median ${Math.round(median(perBuild))} answers/s`,
  );
  console.log(`rss after the runs: ${Math.round(process.memoryUsage().rss / 1024 / 1024)} MiB`);
  await system.close();
}

await main();
