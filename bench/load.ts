// A small closed-loop load generator: `connections` keep-alive clients each send the next request as soon as
// the previous answer is read, for `durationMs`. Loopback only. Returns latencies and status counts.
import http from 'node:http';

export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly durationMs: number;
  readonly headers?: Record<string, string>;
}

export interface LoadResult {
  readonly requests: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly statuses: Record<number, number>;
  readonly bytes: number;
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  const target = new URL(options.url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname))
    throw new Error('benchmarks only ever load loopback');
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let bytes = 0;
  const deadline = performance.now() + options.durationMs;

  const one = () =>
    new Promise<void>((resolve, reject) => {
      const began = performance.now();
      const request = http.get(target, { agent, headers: options.headers }, (response) => {
        response.on('data', (chunk: Buffer) => (bytes += chunk.length));
        response.on('end', () => {
          latencies.push(performance.now() - began);
          statuses[response.statusCode!] = (statuses[response.statusCode!] ?? 0) + 1;
          resolve();
        });
      });
      request.on('error', reject);
    });

  const began = performance.now();
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (performance.now() < deadline) await one();
    }),
  );
  const elapsed = performance.now() - began;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    perSecond: Math.round((latencies.length / elapsed) * 1000),
    p50Ms: round(latencies[Math.floor(latencies.length * 0.5)] ?? 0),
    p99Ms: round(latencies[Math.floor(latencies.length * 0.99)] ?? 0),
    statuses,
    bytes,
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
