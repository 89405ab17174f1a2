// `start`: the supervisor of the system's processes. It runs the sandbox (in sandbox mode) and the one writer
// as child processes, and the API processes as node:cluster workers sharing the public port, then:
// - replaces an API process that dies, and restarts a writer that dies while the API processes keep serving
//   what the database holds (backing off when a process keeps dying);
// - stops everything on SIGINT or SIGTERM, children first, and exits once every child has exited;
// - under npm, also stops when its parent goes away, so that a signal that reaches only npm leaves nothing
//   running. The children watch the supervisor in turn through their IPC channel (src/runtime/child.ts).
import { fork, type ChildProcess } from 'node:child_process';
import cluster, { type Worker } from 'node:cluster';
import { answerAcceptorRequests } from '../api/acceptors.js';
import type { Config } from '../config.js';
import type { PlatformId } from '../domain.js';
import type { Logger } from '../logger.js';
import { checkPortFree, ListenFailure } from './listening.js';
import { reportMemory } from './memory-report.js';
import { roleEnv, roleExecArgv } from './role-flags.js';
import { forgetRunningSandbox, recordRunningSandbox } from './running-sandbox.js';
import { isFailed, isReady, ROLE_COMMANDS, type ReadyMessage, type Role } from './messages.js';

export interface SupervisorOptions {
  readonly config: Config;
  readonly log: Logger;
  /** The CLI entry file, run again with an internal command per role. */
  readonly entry: string;
}

/**
 * A child that exited before it was ready: the start fails with its exit code (2 for bad configuration), and
 * with the reason the child gave, if it gave one.
 */
class StartFailure extends Error {
  constructor(
    readonly role: Role,
    readonly code: number,
    readonly reason: string | null,
  ) {
    super(
      reason === null ? `the ${role} process exited with code ${code} before it was ready` : `cannot start: ${reason}`,
    );
  }
}

/** How long a stopping child may take before it is killed. */
const STOP_TIMEOUT_MS = 10_000;
const PARENT_POLL_MS = 500;

type Ready<R extends Role> = Extract<ReadyMessage, { role: R }>;

export class Supervisor {
  private stopping = false;
  private running = false;
  private requestStop: (code: number, reason: string) => void = () => undefined;
  private sandbox: ChildProcess | null = null;
  private writer: ChildProcess | null = null;
  private sandboxUrls: Partial<Record<PlatformId, string>> | null = null;
  private readonly workers = new Set<Worker>();
  private readonly crashes: Record<Role, number[]> = { sandbox: [], writer: [], api: [] };

  constructor(private readonly options: SupervisorOptions) {}

  async run(): Promise<number> {
    const { log } = this.options;
    const stopped = new Promise<number>((resolve) => {
      this.requestStop = (code, reason) => {
        if (this.stopping) return;
        this.stopping = true;
        log.info({ reason }, 'stopping: every process of the system');
        resolve(code);
      };
    });
    const onSignal = (signal: NodeJS.Signals) => {
      if (this.stopping) {
        // A second signal: stop waiting for anyone.
        this.killAll('SIGKILL');
        process.exit(signal === 'SIGINT' ? 130 : 143);
      }
      this.requestStop(0, signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const parentWatch = this.watchParent();
    const stopReporting = reportMemory('supervisor', log, this.options.config.memoryReportMs);
    // Every process of the system reads one sandbox clock (settings.ts): the children inherit its origin.
    process.env.SANDBOX_CLOCK_ORIGIN ??= String(Date.now());
    // Each API process accepts its own connections from the shared socket: handing every connection over from
    // this process (node's round-robin default) makes the supervisor the bottleneck of a rush of connections.
    cluster.schedulingPolicy = cluster.SCHED_NONE;
    cluster.setupPrimary({
      exec: this.options.entry,
      args: [ROLE_COMMANDS.api],
      execArgv: this.execArgv('api'),
    });
    cluster.on('exit', (worker, code, signal) => this.onWorkerExit(worker, code, signal));

    let code: number;
    try {
      // A taken port is refused before anything starts: the writer would otherwise scrape and write first.
      await checkPortFree(this.options.config.port, this.options.config.host, 'PORT');
      await checkPortFree(this.options.config.adminPort, this.options.config.adminHost, 'ADMIN_PORT');
      const started = await Promise.race([this.startAll(), stopped.then(() => null)]);
      if (started) {
        this.running = true;
        this.announce(started.api, started.writer, started.sandbox);
      }
      code = await stopped;
    } catch (failure) {
      if (failure instanceof ListenFailure) {
        log.error({ host: failure.host, port: failure.port, code: failure.code }, `cannot start: ${failure.message}`);
        code = 1;
      } else if (failure instanceof StartFailure) {
        log.error({ role: failure.role, code: failure.code }, failure.message);
        code = failure.code === 0 ? 1 : failure.code;
      } else {
        throw failure;
      }
      this.stopping = true;
    } finally {
      if (parentWatch) clearInterval(parentWatch);
      stopReporting();
    }
    await this.stopAll();
    log.info('stopped');
    return code;
  }

  private async startAll(): Promise<{ sandbox: Ready<'sandbox'> | null; writer: Ready<'writer'>; api: Ready<'api'> }> {
    const { config } = this.options;
    let sandbox: Ready<'sandbox'> | null = null;
    if (config.mode === 'sandbox' && !config.sandbox.baseUrls) {
      const started = await this.startChild('sandbox', {});
      this.sandbox = started.child;
      sandbox = started.ready;
      this.sandboxUrls = sandbox.baseUrls;
    }
    const writer = await this.startWriter();
    // Once the writer has made the database's folder: a `scrape` beside this system finds the sandbox there.
    if (sandbox && this.sandbox?.pid) recordRunningSandbox(config.databasePath, this.sandbox.pid, sandbox.baseUrls);
    // The writer has migrated the database: the API processes can open it.
    const apis = await Promise.all(Array.from({ length: config.apiProcesses }, () => this.forkApi()));
    return { sandbox, writer, api: apis[0]! };
  }

  private announce(api: Ready<'api'>, writer: Ready<'writer'>, sandbox: Ready<'sandbox'> | null): void {
    const { config, log } = this.options;
    log.info(
      {
        api: api.url,
        page: `${api.url}/`,
        admin: writer.adminUrl,
        apiProcesses: config.apiProcesses,
        pids: {
          supervisor: process.pid,
          sandbox: this.sandbox?.pid ?? null,
          writer: this.writer?.pid ?? null,
          api: [...this.workers].map((worker) => worker.process.pid),
        },
        database: config.databasePath,
        mode: config.mode,
      },
      `slot aggregator running: open ${api.url}/ or ${api.url}/api/v1/departments/75/centers`,
    );
    if (sandbox)
      log.info(
        {
          platforms: sandbox.baseUrls,
          centres: sandbox.centres,
          truth: `${sandbox.controlUrl}/__sandbox/truth`,
          faults: `${sandbox.controlUrl}/__sandbox/faults`,
        },
        'sandbox platforms',
      );
  }

  private async startWriter(): Promise<Ready<'writer'>> {
    const env: Record<string, string> = this.sandboxUrls ? { SANDBOX_BASE_URLS: JSON.stringify(this.sandboxUrls) } : {};
    const started = await this.startChild('writer', env);
    this.writer = started.child;
    return started.ready;
  }

  private startChild<R extends 'sandbox' | 'writer'>(
    role: R,
    env: Record<string, string>,
  ): Promise<{ child: ChildProcess; ready: Ready<R> }> {
    const child = fork(this.options.entry, [ROLE_COMMANDS[role]], {
      env: { ...process.env, ...this.roleEnv(role), ...env },
      execArgv: this.execArgv(role),
    });
    return new Promise((resolve, reject) => {
      let reason: string | null = null;
      const onExit = (code: number | null) => reject(new StartFailure(role, code ?? 1, reason));
      child.once('exit', onExit);
      child.on('message', (message) => {
        if (isFailed(message)) reason = message.message;
        if (!isReady(message, role)) return;
        child.off('exit', onExit);
        child.once('exit', (code, signal) => this.onChildExit(role, child, code, signal));
        resolve({ child, ready: message as Ready<R> });
      });
    });
  }

  private execArgv(role: Role): string[] {
    return roleExecArgv(role, process.execArgv, this.options.config.roleHeapFlags);
  }

  private roleEnv(role: Role): Record<string, string> {
    return roleEnv(role, process.env, this.options.config.roleHeapFlags);
  }

  private forkApi(): Promise<Ready<'api'>> {
    // Added to the supervisor's own environment, which a worker inherits.
    const worker = cluster.fork(this.roleEnv('api'));
    // More accepts per event-loop pass under a rush (api/acceptors.ts): the worker asks for copies of its socket.
    answerAcceptorRequests(worker);
    this.workers.add(worker);
    return new Promise((resolve, reject) => {
      let reason: string | null = null;
      worker.once('exit', (code) => reject(new StartFailure('api', code ?? 1, reason)));
      worker.on('message', (message) => {
        if (isFailed(message)) reason = message.message;
        if (isReady(message, 'api')) resolve(message as Ready<'api'>);
      });
    });
  }

  private onWorkerExit(worker: Worker, code: number | null, signal: string | null): void {
    this.workers.delete(worker);
    if (this.stopping || !this.running) return;
    const delay = this.backoff('api');
    this.options.log.warn(
      { pid: worker.process.pid, code, signal, restartInMs: delay },
      'an API process exited; replacing it',
    );
    setTimeout(() => {
      if (!this.stopping) this.forkApi().catch(() => undefined); // its exit comes back here
    }, delay);
  }

  private onChildExit(
    role: 'sandbox' | 'writer',
    child: ChildProcess,
    code: number | null,
    signal: string | null,
  ): void {
    if (this.stopping) return;
    const { log } = this.options;
    if (role === 'sandbox') {
      // The writer's base URLs point at it: without it there is nothing to scrape.
      log.error({ pid: child.pid, code, signal }, 'the sandbox process exited; stopping the system');
      this.requestStop(1, 'sandbox exited');
      return;
    }
    this.writer = null;
    const delay = this.backoff('writer');
    log.error(
      { pid: child.pid, code, signal, restartInMs: delay },
      'the writer process exited; the API processes keep serving the stored data; restarting it',
    );
    const restart = () => {
      if (this.stopping) return;
      this.startWriter().then(
        (ready) => log.info({ pid: this.writer?.pid, admin: ready.adminUrl }, 'writer restarted'),
        (failure: unknown) => {
          const retryIn = this.backoff('writer');
          log.error(
            { err: failure instanceof Error ? failure.message : String(failure), retryInMs: retryIn },
            'the writer failed to restart',
          );
          setTimeout(restart, retryIn);
        },
      );
    };
    setTimeout(restart, delay);
  }

  /** 250 ms after a first crash, doubling with each crash of the last minute, at most 30 s. */
  private backoff(role: Role): number {
    const now = Date.now();
    const recent = [...this.crashes[role].filter((at) => now - at < 60_000), now];
    this.crashes[role] = recent;
    return Math.min(30_000, 250 * 2 ** (recent.length - 1));
  }

  /** Under npm, the parent is npm (or its shell): if it goes, whatever the signal, the system goes too. */
  private watchParent(): NodeJS.Timeout | null {
    if (!process.env.npm_lifecycle_event) return null;
    const parent = process.ppid;
    const timer = setInterval(() => {
      if (process.ppid !== parent) this.requestStop(0, 'parent process gone');
    }, PARENT_POLL_MS);
    timer.unref();
    return timer;
  }

  /** API processes and the writer first (the writer interrupts its cycles), then the sandbox they call. */
  private async stopAll(): Promise<void> {
    this.stopping = true;
    const first = [...[...this.workers].map((worker) => worker.process), ...(this.writer ? [this.writer] : [])];
    await Promise.all(first.map((child) => stopChild(child)));
    if (this.sandbox) {
      await stopChild(this.sandbox);
      if (this.sandbox.pid) forgetRunningSandbox(this.options.config.databasePath, this.sandbox.pid);
    }
  }

  private killAll(signal: NodeJS.Signals): void {
    for (const child of [...[...this.workers].map((worker) => worker.process), this.writer, this.sandbox])
      child?.kill(signal);
  }
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (exited(child)) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A child still loading may not listen to its channel yet; a signal always arrives.
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await gone;
  clearTimeout(timer);
}
