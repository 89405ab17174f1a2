// When an alert fires: on the move from no slot to slots, and not for a single flickering slot. A key (one
// filter) fires once its slots have stayed for `holdMs`, at most once per `cooldownMs`, and only again after
// it went back to no slot: a department that keeps its slots is not announced twice. Pure: the state in, the
// state out, the clock a number.

export interface DebouncePolicy {
  /** Slots must stay at least this long before the alert goes (a slot taken within it never alerts). */
  readonly holdMs: number;
  /** A key fires at most once per this span, however often it flickers. */
  readonly cooldownMs: number;
}

export const DEFAULT_DEBOUNCE: DebouncePolicy = { holdMs: 2_000, cooldownMs: 5 * 60_000 };

export interface DebounceState {
  /** True once the key has been seen without slots since it last fired: a new move may fire. */
  readonly armed: boolean;
  /** Since when slots have been there without a break; null when there are none. */
  readonly availableSince: number | null;
  readonly lastFiredAt: number | null;
}

/**
 * The state of a key first seen at `now`. Slots already there when the key is first seen are no transition:
 * the key waits for them to go before it can fire.
 */
export function initialState(available: boolean, now: number): DebounceState {
  return { armed: !available, availableSince: available ? now : null, lastFiredAt: null };
}

export interface Step {
  readonly state: DebounceState;
  readonly fire: boolean;
}

/** The key's state after seeing `available` at `now` (called on each change and on each tick). */
export function step(state: DebounceState, available: boolean, now: number, policy: DebouncePolicy): Step {
  if (!available) return { state: { armed: true, availableSince: null, lastFiredAt: state.lastFiredAt }, fire: false };
  const availableSince = state.availableSince ?? now;
  const held = now - availableSince >= policy.holdMs;
  const cooled = state.lastFiredAt === null || now - state.lastFiredAt >= policy.cooldownMs;
  if (state.armed && held && cooled) return { state: { armed: false, availableSince, lastFiredAt: now }, fire: true };
  return { state: { ...state, availableSince }, fire: false };
}

/** Whether a key in this state may fire later without any new change (a tick must look at it again). */
export function pending(state: DebounceState): boolean {
  return state.armed && state.availableSince !== null;
}
