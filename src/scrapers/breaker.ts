// A circuit breaker per platform. While a platform keeps failing, asking it again only adds load and delays
// every scan: after repeated failures (a run of them, or too high a share of the recent calls) the breaker
// opens and calls fail at once; after a cool-down it lets a few probe calls through (half-open) and closes
// again when they succeed. Time comes from the scraping clock, so tests drive it with the sandbox clock.

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** This many failures in a row open the breaker. */
  readonly consecutiveFailures: number;
  /** Or this share of failures among the last `window` calls (once `minimumCalls` are known). */
  readonly failureRatio: number;
  readonly window: number;
  readonly minimumCalls: number;
  /** How long an open breaker refuses calls before probing. */
  readonly openMs: number;
  /** Probe calls in flight at once while half-open. */
  readonly probes: number;
  /** Successful probes needed to close. */
  readonly successesToClose: number;
}

export const DEFAULT_BREAKER: BreakerOptions = {
  consecutiveFailures: 5,
  failureRatio: 0.5,
  window: 20,
  minimumCalls: 10,
  openMs: 60_000,
  probes: 1,
  successesToClose: 2,
};

export interface BreakerStatus {
  readonly state: BreakerState;
  /** When the breaker entered its state (epoch ms of the breaker's clock). */
  readonly since: number;
  /** Closed -> open transitions. */
  readonly openings: number;
  /** Half-open -> closed transitions: the platform came back. */
  readonly recoveries: number;
  /** Half-open -> open transitions: a probe failed. */
  readonly failedProbes: number;
  /** Calls refused without being sent. */
  readonly rejected: number;
  readonly consecutiveFailures: number;
  /** Share of failures among the recent calls (0 when none). */
  readonly recentFailureRatio: number;
}

export interface BreakerTransition {
  readonly from: BreakerState;
  readonly to: BreakerState;
  readonly at: number;
  readonly reason: string;
}

/** The right to make one call; report how it went exactly once. */
export interface BreakerPermit {
  success(): void;
  failure(): void;
  /** The call was not made after all (shutdown): it counts neither way. */
  cancel(): void;
}

export class CircuitBreaker {
  private state: BreakerState = 'closed';
  private since: number;
  private generation = 0;
  private recent: boolean[] = [];
  private consecutive = 0;
  private probesInFlight = 0;
  private probeSuccesses = 0;
  private counts = { openings: 0, recoveries: 0, failedProbes: 0, rejected: 0 };
  private readonly listeners: Array<(transition: BreakerTransition) => void> = [];
  private waiters: Array<() => void> = [];

  constructor(
    readonly name: string,
    private readonly now: () => number,
    readonly options: BreakerOptions = DEFAULT_BREAKER,
  ) {
    this.since = now();
  }

  onTransition(listener: (transition: BreakerTransition) => void): void {
    this.listeners.push(listener);
  }

  /**
   * A permit to call, waiting while the breaker probes: a caller that arrives while a probe is in flight
   * waits for its outcome (up to `maxWaitMs`) instead of failing, so one probe does not fail every scan
   * queued behind it. Null when the call must fail fast: open, or the probing did not end in time.
   */
  async acquireWhenReady(maxWaitMs: number): Promise<BreakerPermit | null> {
    const deadline = Date.now() + maxWaitMs;
    for (;;) {
      const permit = this.tryAcquire();
      if (permit || this.state !== 'half-open') return this.refusedUnless(permit);
      const left = deadline - Date.now();
      if (left <= 0) return this.refusedUnless(null);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        timer.unref();
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** A permit to call, or null when the call must fail fast (no waiting). */
  acquire(): BreakerPermit | null {
    return this.refusedUnless(this.tryAcquire());
  }

  private refusedUnless(permit: BreakerPermit | null): BreakerPermit | null {
    if (!permit) this.counts.rejected += 1;
    return permit;
  }

  private tryAcquire(): BreakerPermit | null {
    if (this.state === 'open') {
      if (this.now() - this.since < this.options.openMs) return null;
      this.transition('half-open', 'cool-down over: probing');
    }
    if (this.state === 'half-open') {
      if (this.probesInFlight >= this.options.probes) return null;
      this.probesInFlight += 1;
      return this.permit(this.generation, true);
    }
    return this.permit(this.generation, false);
  }

  status(): BreakerStatus {
    const failures = this.recent.filter((ok) => !ok).length;
    return {
      state: this.state === 'open' && this.now() - this.since >= this.options.openMs ? 'half-open' : this.state,
      since: this.since,
      ...this.counts,
      consecutiveFailures: this.consecutive,
      recentFailureRatio: this.recent.length === 0 ? 0 : failures / this.recent.length,
    };
  }

  private permit(generation: number, probe: boolean): BreakerPermit {
    let settled = false;
    const settle = (ok: boolean | null) => {
      if (settled) return;
      settled = true;
      // A call that began in an earlier state (before an opening, say) says nothing about the current one.
      if (generation !== this.generation) return;
      if (probe) this.probesInFlight -= 1;
      if (ok === true) this.onSuccess(probe);
      else if (ok === false) this.onFailure(probe);
      if (probe) this.wakeWaiters();
    };
    return { success: () => settle(true), failure: () => settle(false), cancel: () => settle(null) };
  }

  private onSuccess(probe: boolean): void {
    this.consecutive = 0;
    if (probe) {
      this.probeSuccesses += 1;
      if (this.probeSuccesses >= this.options.successesToClose)
        this.transition('closed', `${this.probeSuccesses} probes succeeded`);
      return;
    }
    this.remember(true);
  }

  private onFailure(probe: boolean): void {
    this.consecutive += 1;
    if (probe) {
      this.counts.failedProbes += 1;
      this.transition('open', 'a probe failed');
      return;
    }
    this.remember(false);
    const failures = this.recent.filter((ok) => !ok).length;
    if (this.consecutive >= this.options.consecutiveFailures) {
      this.transition('open', `${this.consecutive} failures in a row`);
    } else if (
      this.recent.length >= this.options.minimumCalls &&
      failures / this.recent.length >= this.options.failureRatio
    ) {
      this.transition('open', `${failures} failures in the last ${this.recent.length} calls`);
    }
  }

  private remember(ok: boolean): void {
    this.recent.push(ok);
    if (this.recent.length > this.options.window) this.recent.shift();
  }

  private transition(to: BreakerState, reason: string): void {
    const from = this.state;
    const at = this.now();
    this.state = to;
    this.since = at;
    this.generation += 1;
    this.probesInFlight = 0;
    this.probeSuccesses = 0;
    if (to === 'open' && from === 'closed') this.counts.openings += 1;
    if (to === 'closed') {
      this.counts.recoveries += 1;
      this.recent = [];
      this.consecutive = 0;
    }
    for (const listener of this.listeners) listener({ from, to, at, reason });
    this.wakeWaiters();
  }

  private wakeWaiters(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
