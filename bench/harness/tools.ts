// The real tools the benchmarks compare against and load with: Debian's wrk and nginx, installed when missing.
// Everything listens and connects on loopback only.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function has(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** wrk and nginx, from Debian's packages (`nginx-light` carries gzip_static) when not installed yet. */
export function ensureTools(): void {
  const missing = [
    ['wrk', 'wrk'],
    ['nginx', 'nginx-light'],
  ]
    .filter(([command]) => !has(command!))
    .map(([, pkg]) => pkg!);
  if (missing.length === 0) return;
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  process.stderr.write(`installing ${missing.join(', ')} with apt-get\n`);
  execFileSync(sudo[0] ?? 'apt-get', [...(sudo.length ? ['apt-get'] : []), 'install', '-y', ...missing], {
    stdio: 'inherit',
  });
}

export interface WrkResult {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  /** Connect, read, write and timeout errors, and answers that were not 2xx/3xx. */
  readonly errors: { connect: number; read: number; write: number; timeout: number; non2xx: number };
}

export interface WrkOptions {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  readonly threads?: number;
  readonly headers?: Record<string, string>;
  /** wrk's own per-request timeout. */
  readonly timeoutSeconds?: number;
}

/** Runs wrk with the file-descriptor limit raised for it. */
export function wrk(options: WrkOptions): Promise<WrkResult> {
  const url = new URL(options.url);
  if (url.hostname !== '127.0.0.1') throw new Error('benchmarks only load loopback');
  const threads = options.threads ?? 2;
  const args = [
    '-t',
    String(threads),
    '-c',
    String(Math.max(threads, options.connections)),
    '-d',
    `${options.seconds}s`,
    '--latency',
    '--timeout',
    `${options.timeoutSeconds ?? 2}s`,
  ];
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push('-H', `${name}: ${value}`);
  args.push(options.url);
  const quoted = args.map((arg) => `'${arg.replace(/'/g, "'\\''")}'`).join(' ');
  const command = `ulimit -n ${fdLimit()} && exec wrk ${quoted}`;
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve(parseWrk(output)) : reject(new Error(`wrk failed (${code}): ${output}`)),
    );
  });
}

/** The hard limit of open files, which wrk and the servers raise their soft limit to. */
export function fdLimit(): number {
  try {
    return Number(execFileSync('bash', ['-c', 'ulimit -Hn']).toString().trim()) || 4096;
  } catch {
    return 4096;
  }
}

function toMs(value: string, unit: string): number {
  const n = Number(value);
  return unit === 'us' ? n / 1000 : unit === 's' ? n * 1000 : unit === 'm' ? n * 60_000 : n;
}

export function parseWrk(output: string): WrkResult {
  const latency = (p: string) => {
    const match = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(output);
    return match ? Math.round(toMs(match[1]!, match[2]!) * 100) / 100 : Number.NaN;
  };
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  return {
    requestsPerSecond: Math.round(Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1] ?? 0)),
    p50Ms: latency('50'),
    p99Ms: latency('99'),
    requests: Number(/(\d+) requests in/.exec(output)?.[1] ?? 0),
    errors: {
      connect: Number(errors?.[1] ?? 0),
      read: Number(errors?.[2] ?? 0),
      write: Number(errors?.[3] ?? 0),
      timeout: Number(errors?.[4] ?? 0),
      non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0),
    },
  };
}

export interface RunningNginx {
  readonly url: string;
  stop(): Promise<void>;
}

/** nginx serving `root` (files and their .gz, gzip_static) with `workers` processes, on a loopback port. */
export async function startNginx(root: string, workers: number, port: number): Promise<RunningNginx> {
  const prefix = fs.mkdtempSync(path.join(path.dirname(root), 'nginx-'));
  const conf = path.join(prefix, 'nginx.conf');
  fs.writeFileSync(
    conf,
    `worker_processes ${workers};
worker_rlimit_nofile ${fdLimit()};
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections ${Math.max(1024, Math.floor(fdLimit() / 2))}; }
http {
  access_log off;
  keepalive_requests 1000000;
  types { application/json json; }
  default_type application/json;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    gzip_static on;
    etag on;
    add_header Cache-Control "public, max-age=30, stale-while-revalidate=60";
    add_header Access-Control-Allow-Origin "*";
  }
}
`,
  );
  const child: ChildProcess = spawn('nginx', ['-p', prefix, '-c', conf, '-g', 'daemon off;'], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      await fetch(`${url}/`);
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGQUIT');
      }),
  };
}
