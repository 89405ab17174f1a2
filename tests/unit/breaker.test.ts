// The circuit breaker's transitions, on a clock the test moves.
import { describe, expect, it } from 'vitest';
import {
  CircuitBreaker,
  DEFAULT_BREAKER,
  type BreakerOptions,
  type BreakerTransition,
} from '../../src/scrapers/breaker.js';

function breakerWith(options: Partial<BreakerOptions> = {}) {
  const clock = { now: 1_000 };
  const transitions: BreakerTransition[] = [];
  const breaker = new CircuitBreaker('test', () => clock.now, { ...DEFAULT_BREAKER, ...options });
  breaker.onTransition((transition) => transitions.push(transition));
  const call = (ok: boolean) => {
    const permit = breaker.acquire();
    if (!permit) return 'refused';
    if (ok) permit.success();
    else permit.failure();
    return 'called';
  };
  return { breaker, clock, transitions, call };
}

describe('circuit breaker', () => {
  it('stays closed through scattered failures', () => {
    const { breaker, call } = breakerWith();
    for (let i = 0; i < 100; i += 1) expect(call(i % 4 !== 0)).toBe('called');
    expect(breaker.status()).toMatchObject({ state: 'closed', openings: 0 });
  });

  it('opens after a run of consecutive failures, and then fails fast', () => {
    const { breaker, call, transitions } = breakerWith({ consecutiveFailures: 3 });
    call(false);
    call(false);
    expect(breaker.status().state).toBe('closed');
    call(false);
    expect(breaker.status()).toMatchObject({ state: 'open', openings: 1 });
    expect(transitions.map((t) => [t.from, t.to])).toEqual([['closed', 'open']]);
    expect(transitions[0]!.reason).toMatch(/3 failures in a row/);
    for (let i = 0; i < 10; i += 1) expect(call(true)).toBe('refused');
    expect(breaker.status().rejected).toBe(10);
  });

  it('opens on the failure ratio over the window, once enough calls are known', () => {
    const { breaker, call } = breakerWith({
      consecutiveFailures: 100,
      failureRatio: 0.5,
      window: 10,
      minimumCalls: 10,
    });
    // Alternating: never two failures in a row, but half of the calls fail.
    for (let i = 0; i < 9; i += 1) call(i % 2 === 0);
    expect(breaker.status().state).toBe('closed');
    call(false);
    expect(breaker.status().state).toBe('open');
    expect(breaker.status().recentFailureRatio).toBeCloseTo(0.5);
  });

  it('half-opens after the cool-down, lets only the probes through, and closes when they succeed', () => {
    const { breaker, clock, call, transitions } = breakerWith({
      consecutiveFailures: 1,
      openMs: 60_000,
      probes: 1,
      successesToClose: 2,
    });
    call(false);
    clock.now += 59_999;
    expect(call(true)).toBe('refused');
    clock.now += 1;
    expect(breaker.status().state).toBe('half-open');
    const probe = breaker.acquire()!;
    expect(probe).not.toBeNull();
    expect(breaker.acquire()).toBeNull();
    probe.success();
    expect(breaker.status().state).toBe('half-open');
    expect(call(true)).toBe('called');
    expect(breaker.status()).toMatchObject({ state: 'closed', openings: 1, recoveries: 1 });
    expect(transitions.map((t) => t.to)).toEqual(['open', 'half-open', 'closed']);
  });

  it('opens again when a probe fails, for another full cool-down', () => {
    const { breaker, clock, call } = breakerWith({ consecutiveFailures: 1, openMs: 1_000 });
    call(false);
    clock.now += 1_000;
    expect(call(false)).toBe('called');
    expect(breaker.status()).toMatchObject({ state: 'open', openings: 1, failedProbes: 1, since: clock.now });
    clock.now += 999;
    expect(call(true)).toBe('refused');
    clock.now += 1;
    expect(call(true)).toBe('called');
    expect(call(true)).toBe('called');
    expect(breaker.status()).toMatchObject({ state: 'closed', recoveries: 1 });
  });

  it('ignores the outcome of calls begun before a transition', () => {
    const { breaker, call } = breakerWith({ consecutiveFailures: 2 });
    const slow = breaker.acquire()!;
    call(false);
    call(false);
    expect(breaker.status().state).toBe('open');
    slow.success();
    expect(breaker.status().state).toBe('open');
  });

  it('frees a probe slot for a call cancelled before it was made', () => {
    const { breaker, clock, call } = breakerWith({ consecutiveFailures: 1, openMs: 10 });
    call(false);
    clock.now += 10;
    breaker.acquire()!.cancel();
    expect(breaker.status().state).toBe('half-open');
    expect(breaker.acquire()).not.toBeNull();
  });

  it('heals: a success resets the run of failures', () => {
    const { breaker, call } = breakerWith({ consecutiveFailures: 3, minimumCalls: 1_000 });
    for (let i = 0; i < 20; i += 1) {
      call(false);
      call(false);
      call(true);
    }
    expect(breaker.status().state).toBe('closed');
  });

  it('makes callers that arrive during a probe wait for its outcome instead of failing', async () => {
    const { breaker, clock, call } = breakerWith({
      consecutiveFailures: 1,
      openMs: 10,
      probes: 1,
      successesToClose: 2,
    });
    call(false);
    clock.now += 10;
    const probe = (await breaker.acquireWhenReady(1_000))!;
    const waiting = [breaker.acquireWhenReady(1_000), breaker.acquireWhenReady(1_000), breaker.acquireWhenReady(1_000)];
    probe.success();
    const second = (await waiting[0])!;
    second.success();
    expect(breaker.status().state).toBe('closed');
    expect(await waiting[1]).not.toBeNull();
    expect(await waiting[2]).not.toBeNull();
    expect(breaker.status().rejected).toBe(0);
  });

  it('fails the waiting callers when the probe fails, and stops waiting at the limit', async () => {
    const { breaker, clock, call } = breakerWith({ consecutiveFailures: 1, openMs: 10 });
    call(false);
    clock.now += 10;
    const probe = (await breaker.acquireWhenReady(1_000))!;
    const waiting = breaker.acquireWhenReady(1_000);
    const impatient = breaker.acquireWhenReady(20);
    expect(await impatient).toBeNull();
    probe.failure();
    expect(await waiting).toBeNull();
    expect(breaker.status()).toMatchObject({ state: 'open', failedProbes: 1, rejected: 2 });
  });
});
