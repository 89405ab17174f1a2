// A process's memory in its log, for the benchmarks and for whoever wonders where the MiB go: the resident
// size, V8's heap (used and reserved), memory outside it (external, of which array buffers), and, in a debug
// run started with --expose-gc, the live heap after a full collection every `gcEvery` reports.
import type { Logger } from '../logger.js';

export interface MemoryReport {
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
  readonly arrayBuffers: number;
  /** The heap still used after a full collection (only with --expose-gc). */
  readonly liveHeap?: number;
}

const MIB = 1024 * 1024;
const mib = (bytes: number) => Math.round((bytes / MIB) * 10) / 10;

/** The current figures, MiB with one decimal. */
export function memoryNow(collect = false): MemoryReport {
  const usage = process.memoryUsage();
  const report = {
    rss: mib(usage.rss),
    heapUsed: mib(usage.heapUsed),
    heapTotal: mib(usage.heapTotal),
    external: mib(usage.external),
    arrayBuffers: mib(usage.arrayBuffers),
  };
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!collect || !gc) return report;
  gc();
  return { ...report, liveHeap: mib(process.memoryUsage().heapUsed) };
}

/** Logs `memory` every `everyMs` (nothing when 0); returns the stop. The timer never keeps the process alive. */
export function reportMemory(role: string, log: Logger, everyMs: number, gcEvery = 6): () => void {
  if (everyMs <= 0) return () => undefined;
  let count = 0;
  const timer = setInterval(() => {
    count += 1;
    log.info({ role, pid: process.pid, memory: memoryNow(count % gcEvery === 0) }, 'memory');
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
