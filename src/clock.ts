/** Where "now" comes from, so that tests and the sandbox can move time at will. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(instant: Date): void {
    this.current = instant.getTime();
  }

  advance(milliseconds: number): void {
    this.current += milliseconds;
  }
}

/**
 * A clock that starts at a chosen instant and runs `speed` times faster than the real one (the sandbox's own
 * clock, SANDBOX_CLOCK_START and SANDBOX_CLOCK_SPEED): a weekday morning's rush to watch at any hour. Processes
 * that share `origin` (the real instant the clock started) read the same time.
 */
export class SpedClock implements Clock {
  constructor(
    readonly start: Date,
    readonly speed: number,
    readonly origin: number = Date.now(),
  ) {}

  now(): Date {
    return new Date(this.start.getTime() + (Date.now() - this.origin) * this.speed);
  }
}
