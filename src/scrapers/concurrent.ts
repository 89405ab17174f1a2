// Discovery at the platform's pace: a platform answers each request in some tens of milliseconds, so walking
// its departments one request at a time leaves the per-host rate limit mostly unused (Keldoc's discovery of
// 1,203 centres, some 4,500 requests, took minutes). Several departments are walked at once instead; the
// per-host rate limit of the HTTP client still bounds the pace.
import pLimit from 'p-limit';

/** Departments (or organisations) walked at once in a discovery; the rate limit sets the pace, not this. */
export const DISCOVERY_CONCURRENCY = 8;

/**
 * Runs the sources, at most `concurrency` at a time, yielding their items as they come. A failing source
 * fails the whole (the caller decides what a failed discovery keeps); stopping early stops every source.
 */
export async function* mergeConcurrently<T>(
  sources: ReadonlyArray<() => AsyncIterable<T>>,
  concurrency: number,
): AsyncGenerator<T> {
  const queue: T[] = [];
  // Set from the sources' callbacks, read by the consumer loop below.
  const state: { failure: { error: unknown } | null; done: boolean; stopped: boolean; wake: (() => void) | null } = {
    failure: null,
    done: false,
    stopped: false,
    wake: null,
  };
  const notify = () => {
    state.wake?.();
    state.wake = null;
  };
  const limit = pLimit(Math.max(1, concurrency));
  void Promise.all(
    sources.map((source) =>
      limit(async () => {
        if (state.stopped || state.failure) return;
        try {
          for await (const item of source()) {
            if (state.stopped) return;
            queue.push(item);
            notify();
          }
        } catch (error) {
          state.failure ??= { error };
        }
        notify();
      }),
    ),
  ).then(() => {
    state.done = true;
    notify();
  });
  try {
    while (true) {
      while (queue.length > 0) yield queue.shift()!;
      if (state.failure) throw state.failure.error;
      if (state.done) break;
      await new Promise<void>((resolve) => (state.wake = resolve));
    }
  } finally {
    state.stopped = true;
    limit.clearQueue();
  }
}

/** `map` over `items` with at most `concurrency` calls at once, results yielded in the items' order. */
export async function* mapConcurrently<T, R>(
  items: readonly T[],
  concurrency: number,
  map: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  const limit = pLimit(Math.max(1, concurrency));
  const pending = items.map((item) => limit(() => map(item)));
  try {
    for (const result of pending) yield await result;
  } finally {
    limit.clearQueue();
  }
}
