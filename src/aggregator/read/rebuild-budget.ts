// What the background may spend rebuilding departments: a share of one core. During a national scan cycle
// every department changes all the time, and a minimum interval per department alone still let each API
// process spend most of a core on rebuilds (101 departments, twice a second), taken from the writer and the
// sandbox that make the changes. The budget is a bucket of milliseconds that refills with time at `share` per
// millisecond, up to one second's worth: a quiet system rebuilds a change at once, a churning one rebuilds the
// departments in turn, oldest change first, as fast as the share allows. A trade of freshness for the scans'
// CPU, so off unless configured (READ_REBUILD_SHARE).

export class RebuildBudget {
  private credit: number;
  private at: number;

  /** `share` of a core (0 < share; Infinity: no limit); `elapsed` in milliseconds from any fixed origin. */
  constructor(
    private readonly share: number,
    private readonly elapsed: () => number,
  ) {
    if (!(share > 0)) throw new RangeError('the rebuild share must be positive');
    this.credit = this.cap();
    this.at = elapsed();
  }

  /** Whether a background rebuild may start now. */
  available(): boolean {
    this.refill();
    return this.credit > 0;
  }

  /** elapsed() at which a rebuild may start. */
  readyAt(): number {
    this.refill();
    return this.credit > 0 ? this.at : this.at + -this.credit / this.share;
  }

  /**
   * Only what the background chose to rebuild is charged: a request's rebuild (its answer was out of date) and
   * settle() cannot wait, and charging them would hold the background back after start for their sake.
   */
  spend(ms: number): void {
    this.refill();
    this.credit -= ms;
  }

  private cap(): number {
    return this.share * 1_000;
  }

  private refill(): void {
    const now = this.elapsed();
    // (No time passed gains nothing, even at an infinite share: 0 x Infinity would be NaN.)
    if (now > this.at) this.credit = Math.min(this.cap(), this.credit + (now - this.at) * this.share);
    this.at = now;
  }
}
