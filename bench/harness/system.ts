// The system as `npm start` runs it, for the benchmarks: a supervisor, the sandbox, one writer and the API
// processes, each a real process; its announced addresses and pids, its log events, the memory of each of
// its processes, and the database it writes (read-only here).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { fdLimit } from './tools.js';

export const ADMIN_TOKEN = 'benchmark-admin-token-0123456789';

export interface LogEvent {
  readonly time: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

export interface Pids {
  supervisor: number;
  sandbox: number | null;
  writer: number;
  api: number[];
}

let built = false;

/** dist/ from the sources as they are now, once per bench run: a stale build would measure other code. */
function buildOnce(): void {
  if (built) return;
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  built = true;
}

export class BenchSystem {
  readonly events: LogEvent[] = [];
  api = '';
  admin = '';
  sandboxControl = '';
  pids: Pids | null = null;
  private readonly child: ChildProcess;
  private readonly peaks = new Map<string, number>();
  private sampler: NodeJS.Timeout | null = null;

  constructor(
    readonly dir: string,
    env: Record<string, string>,
  ) {
    // As `npm start` runs it: compiled JavaScript (under tsx each process held ~45 MiB more).
    const entry = path.resolve('dist/cli.js');
    const vars = {
      ...process.env,
      MODE: 'sandbox',
      PORT: '0',
      LOG_LEVEL: 'info',
      RATE_LIMIT_PER_MINUTE: '0',
      MAX_CONNECTIONS_PER_CLIENT: '0',
      ADMIN_TOKEN,
      DATABASE_PATH: path.join(dir, 'slots.sqlite'),
      DISCOVERY_CRON: '0 0 1 1 *',
      SCAN_CRON: '0 0 1 1 *',
      ...env,
    };
    // The servers take 10,000 connections in the rush: their open-file limit is raised first.
    this.child = spawn('bash', ['-c', `ulimit -n ${fdLimit()} && exec node --enable-source-maps '${entry}' start`], {
      env: vars,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let pending = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) this.onLine(line);
    });
  }

  static async start(env: Record<string, string>, timeoutMs = 240_000): Promise<BenchSystem> {
    buildOnce();
    const system = new BenchSystem(fs.mkdtempSync(path.join(os.tmpdir(), 'slots-bench-')), env);
    await system.until((event) => event.msg.startsWith('slot aggregator running'), timeoutMs, 'the system to start');
    system.sampleMemory();
    return system;
  }

  private onLine(line: string): void {
    // BENCH_LOG keeps the system's log for a later look (the run's directory is removed at the end).
    if (process.env.BENCH_LOG) fs.appendFileSync(process.env.BENCH_LOG, `${line}\n`);
    let event: LogEvent;
    try {
      event = JSON.parse(line) as LogEvent;
    } catch {
      return;
    }
    this.events.push(event);
    if (event.msg.startsWith('slot aggregator running')) {
      this.api = event.api as string;
      this.admin = event.admin as string;
      this.pids = event.pids as Pids;
    }
    if (event.msg === 'sandbox platforms') this.sandboxControl = String(event.truth).replace('/__sandbox/truth', '');
  }

  /** Resolves with the first event (from `from` on) that `match` accepts. */
  async until(match: (event: LogEvent) => boolean, timeoutMs: number, what: string, from = 0): Promise<LogEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.slice(from).find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      if (this.child.exitCode !== null) throw new Error(`the system exited while waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Every platform's cycle (scan) done, counting events from index `from`. */
  async cycleDone(platforms: readonly string[], from: number, timeoutMs: number): Promise<Map<string, LogEvent>> {
    const done = new Map<string, LogEvent>();
    for (const platform of platforms)
      done.set(
        platform,
        await this.until(
          (event) => event.msg === 'scan cycle done' && event.platform === platform,
          timeoutMs,
          `${platform}'s cycle`,
          from,
        ),
      );
    return done;
  }

  async runCycle(withDiscovery: boolean): Promise<void> {
    const response = await fetch(`${this.admin}/api/v1/admin/scan${withDiscovery ? '?discovery=true' : ''}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    if (response.status !== 202) throw new Error(`admin scan: ${response.status} ${await response.text()}`);
  }

  async sandboxRequests(): Promise<Record<string, number>> {
    return (
      (await (await fetch(`${this.sandboxControl}/__sandbox/requests`)).json()) as { platforms: Record<string, number> }
    ).platforms;
  }

  /** Current pids by role: API processes may have been replaced since the start. */
  processes(): Array<{ role: string; pid: number }> {
    const list: Array<{ role: string; pid: number }> = [];
    if (!this.pids) return list;
    list.push({ role: 'supervisor', pid: this.pids.supervisor });
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== this.pids.supervisor) continue;
        const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
        const role = /__(sandbox|writer|api)/.exec(cmdline)?.[1];
        if (role) list.push({ role, pid: Number(entry) });
      } catch {
        // gone meanwhile
      }
    }
    return list;
  }

  private sampleMemory(): void {
    this.sampler = setInterval(() => {
      for (const { role, pid } of this.processes()) {
        const rss = rssMiB(pid);
        if (rss !== null) this.peaks.set(role, Math.max(this.peaks.get(role) ?? 0, rss));
      }
    }, 250);
  }

  /** Peak resident memory by role (the largest API process for `api`), MiB, since the start or the last reset. */
  peakMemory(reset = false): Record<string, number> {
    const peaks = Object.fromEntries(this.peaks);
    if (reset) this.peaks.clear();
    return peaks;
  }

  /** CPU seconds (user + system) the writer has used. */
  writerCpuSeconds(): number {
    return this.cpuSecondsByRole().writer ?? Number.NaN;
  }

  /**
   * CPU seconds (user + system) used so far by each role, the API processes summed: what shares the machine's
   * cores during a cycle. A replaced API process's seconds leave the sum with it.
   */
  cpuSecondsByRole(): Record<string, number> {
    const seconds: Record<string, number> = {};
    for (const { role, pid } of this.processes()) {
      const used = cpuSeconds(pid);
      if (used !== null) seconds[role] = (seconds[role] ?? 0) + used;
    }
    return seconds;
  }

  database(): Database.Database {
    return new Database(path.join(this.dir, 'slots.sqlite'), { readonly: true, fileMustExist: true });
  }

  async stop(): Promise<void> {
    if (this.sampler) clearInterval(this.sampler);
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    await exited;
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export function rssMiB(pid: number): number | null {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

export function cpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, fields 14 and 15 of proc(5), in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}
