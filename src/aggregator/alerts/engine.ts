// Follows the change log and tells listeners when their filter moves from no slot to slots. Each process
// that serves alerts runs one: an API process for its own SSE clients, the writer for the webhooks, so each
// listener hears each alert once. The cost follows the changes: only departments the new changes touched
// (and keys waiting out their hold) are looked at, one query per department.
import type { Clock } from '../../clock.js';
import type { AlertsDb } from './alerts-db.js';
import { initialState, pending, step, type DebouncePolicy, type DebounceState } from './debounce.js';
import {
  filterInputOf,
  filterKey,
  matchingCentres,
  type AlertFilter,
  type AlertFilterInput,
  type OfferRow,
} from './filter.js';

export interface AlertEvent {
  /** Unique per engine (the SSE event id). */
  readonly id: string;
  readonly type: 'slots-available';
  readonly department: string;
  readonly filter: AlertFilterInput;
  /** The centres with matching slots when the alert fired (`centers`: the API's JSON spelling). */
  readonly centers: readonly string[];
  /** ISO instant the alert fired. */
  readonly at: string;
}

export type AlertListener = (event: AlertEvent) => void;

interface KeyState {
  readonly filter: AlertFilter;
  state: DebounceState;
  /** The matching centres at the last look. */
  centres: string[];
  readonly listeners: Set<AlertListener>;
}

export interface AlertEngineOptions {
  readonly policy: DebouncePolicy;
  /** Where free slots start from: the data's clock (frozen in tests). */
  readonly clock: Clock;
  /** The debounce's clock: real elapsed time by default. */
  readonly now?: () => number;
}

const CHANGES_PER_READ = 5_000;

export class AlertEngine {
  private readonly keys = new Map<string, KeyState>();
  private readonly byDepartment = new Map<string, Set<string>>();
  private cursor: number;
  private timer: NodeJS.Timeout | null = null;
  private fired = 0;
  private readonly now: () => number;

  constructor(
    private readonly db: AlertsDb,
    private readonly options: AlertEngineOptions,
  ) {
    this.cursor = db.lastChange();
    this.now = options.now ?? Date.now;
  }

  /** Listens to a filter; the returned function stops listening. */
  listen(filter: AlertFilter, listener: AlertListener): () => void {
    const key = filterKey(filter);
    let entry = this.keys.get(key);
    if (!entry) {
      const centres = matchingCentres(filter, this.offers(filter.department));
      entry = { filter, state: initialState(centres.length > 0, this.now()), centres, listeners: new Set() };
      this.keys.set(key, entry);
      const inDepartment = this.byDepartment.get(filter.department) ?? new Set();
      inDepartment.add(key);
      this.byDepartment.set(filter.department, inDepartment);
    }
    entry.listeners.add(listener);
    const owned = entry;
    return () => {
      owned.listeners.delete(listener);
      if (owned.listeners.size > 0 || this.keys.get(key) !== owned) return;
      this.keys.delete(key);
      const inDepartment = this.byDepartment.get(filter.department);
      inDepartment?.delete(key);
      if (inDepartment?.size === 0) this.byDepartment.delete(filter.department);
    };
  }

  /** Whether a filter has matching slots now, as last seen (the SSE stream's first event tells it). */
  available(filter: AlertFilter): boolean {
    return (this.keys.get(filterKey(filter))?.centres.length ?? 0) > 0;
  }

  start(pollMs: number): void {
    this.stop();
    this.timer = setInterval(() => this.poll(), pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Reads the new changes, looks again at the departments they touched and at waiting keys; fires. */
  poll(): void {
    const touched = new Set<string>();
    for (;;) {
      const changes = this.db.changesSince(this.cursor, CHANGES_PER_READ);
      for (const change of changes) if (change.department !== null) touched.add(change.department);
      if (changes.length > 0) this.cursor = changes[changes.length - 1]!.seq;
      if (changes.length < CHANGES_PER_READ) break;
    }
    // A log reset under us (a new database) leaves the cursor ahead: start again from its end.
    if (this.cursor > this.db.lastChange()) this.cursor = this.db.lastChange();
    const now = this.now();
    const offers = new Map<string, OfferRow[]>();
    for (const entry of this.keys.values()) {
      const department = entry.filter.department;
      if (touched.has(department)) {
        if (!offers.has(department)) offers.set(department, this.offers(department));
        entry.centres = matchingCentres(entry.filter, offers.get(department)!);
      } else if (!pending(entry.state)) continue;
      const next = step(entry.state, entry.centres.length > 0, now, this.options.policy);
      entry.state = next.state;
      if (next.fire) this.fire(entry, now);
    }
  }

  private fire(entry: KeyState, now: number): void {
    this.fired += 1;
    const event: AlertEvent = {
      id: `${this.cursor}-${this.fired}`,
      type: 'slots-available',
      department: entry.filter.department,
      filter: filterInputOf(entry.filter),
      centers: entry.centres,
      at: new Date(now).toISOString(),
    };
    // A listener that throws (a closed socket) must not keep the others from hearing.
    for (const listener of [...entry.listeners]) {
      try {
        listener(event);
      } catch {
        // the listener's own business
      }
    }
  }

  private offers(department: string): OfferRow[] {
    return this.db.offers(department, this.options.clock.now().getTime());
  }
}
