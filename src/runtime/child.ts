// The life of a child process of `start`: start its role, say it is ready, and stop cleanly on the first of
// a stop message, SIGINT, SIGTERM, or the loss of its parent. The parent is watched through the IPC channel
// (it closes when the parent dies, however it dies), so a child never outlives the system it belongs to.
import type { Logger } from '../logger.js';
import { ListenFailure } from './listening.js';
import { reportMemory } from './memory-report.js';
import { isStop, type FailedMessage, type ReadyMessage, type Role } from './messages.js';

export interface StartedRole {
  readonly ready: ReadyMessage;
  stop(): Promise<void>;
}

/** A stop that hangs (a stuck connection, a scan that ignores its signal) must not keep the process alive. */
const STOP_DEADLINE_MS = 8_000;

export async function runChild(
  role: Role,
  log: Logger,
  start: () => Promise<StartedRole>,
  memoryReportMs = 0,
): Promise<number> {
  let starting = true;
  const stopReporting = reportMemory(role, log, memoryReportMs);
  const stopRequested = new Promise<string>((resolve) => {
    // Asked to stop while still starting: nothing is served or half-done yet (SQLite keeps the file whole), so
    // leave at once rather than finish starting only to stop.
    const request = (reason: string) => (starting ? process.exit(0) : resolve(reason));
    process.once('SIGINT', () => request('SIGINT'));
    process.once('SIGTERM', () => request('SIGTERM'));
    process.on('message', (message) => {
      if (isStop(message)) request('stop message');
    });
    process.once('disconnect', () => request('parent gone'));
  });
  let started: StartedRole;
  try {
    started = await start();
  } catch (failure) {
    // A taken port is told as a sentence, to the supervisor (which reports it once, not once per API process);
    // anything else (bad configuration: exit 2) goes to the CLI's own handling, as a process alone would.
    if (!(failure instanceof ListenFailure) || !process.connected) throw failure;
    await new Promise((resolve) =>
      process.send!({ type: 'failed', role, message: failure.message } satisfies FailedMessage, undefined, {}, resolve),
    );
    return 1;
  }
  starting = false;
  if (process.connected) process.send!(started.ready);
  const reason = await stopRequested;
  log.info({ role, pid: process.pid, reason }, `${role} process stopping`);
  const deadline = setTimeout(() => {
    log.error({ role, pid: process.pid }, `${role} process did not stop within ${STOP_DEADLINE_MS} ms; exiting`);
    process.exit(1);
  }, STOP_DEADLINE_MS);
  deadline.unref();
  stopReporting();
  await started.stop();
  clearTimeout(deadline);
  return 0;
}
