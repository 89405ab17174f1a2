// Where the HTTP client's waits come from (retry back-off, Retry-After, rate limiting). Production waits for
// real; a soak test hands in a virtual timer so that thousands of waits cost no wall time at all.

export interface Timer {
  /** Milliseconds on a monotonic scale (only differences mean anything). */
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason when it is aborted first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realTimer: Timer = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(handle);
        reject(signal!.reason);
      };
      const handle = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * A timer whose time only moves when someone sleeps: a sleep of `ms` moves "now" to at least the sleeper's
 * start + `ms` and resolves on the next turn of the event loop. Concurrent sleepers share one timeline, so a
 * token bucket still sees time pass at the pace it asked for.
 */
export class VirtualTimer implements Timer {
  private current = 0;
  /** Total virtual time slept, for reports. */
  slept = 0;

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const wake = this.current + Math.max(0, ms);
    this.slept += Math.max(0, ms);
    return new Promise((resolve) =>
      setImmediate(() => {
        if (wake > this.current) this.current = wake;
        resolve();
      }),
    );
  }
}
