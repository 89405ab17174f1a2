// Scan writes grouped into one transaction: a commit writes every page the transaction dirtied (the change
// log's tail, the scans table and its indexes) to the WAL, so one commit per centre cost more than the rows
// it wrote. Each centre still goes in its own savepoint: a centre that fails to write is rolled back alone
// and the others commit. A write waits at most `maxDelayMs` for company, which bounds what it adds to the
// time from a scan to the API. One queue per store connection, shared by every platform's scan.
import type { Centre, ScanOutcome } from '../../domain.js';
import type { Store } from '../store/store.js';

export interface WriteQueueOptions {
  /** The longest a finished scan waits before its commit. */
  readonly maxDelayMs: number;
  /** Scans per transaction at most (bounds how long one commit holds the writer's event loop). */
  readonly maxBatch: number;
}

export const DEFAULT_WRITE_QUEUE: WriteQueueOptions = { maxDelayMs: 50, maxBatch: 200 };

interface PendingScan {
  readonly centre: Pick<Centre, 'id' | 'platform'>;
  readonly outcome: ScanOutcome;
  readonly checkedAt: number;
  readonly durationMs: number;
  /** Told when this scan could not be written. */
  readonly onFailure: (error: unknown) => void;
}

export class ScanWriteQueue {
  private pending: PendingScan[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly writeBatch: (scans: readonly PendingScan[]) => Array<[PendingScan, unknown]>;

  constructor(
    store: Store,
    private readonly options: WriteQueueOptions = DEFAULT_WRITE_QUEUE,
  ) {
    this.writeBatch = store.connection.transaction((scans: readonly PendingScan[]) => {
      const failures: Array<[PendingScan, unknown]> = [];
      for (const scan of scans) {
        try {
          // A transaction inside a transaction is a savepoint (better-sqlite3): a throw undoes this centre only.
          store.recordScan(scan.centre, scan.outcome, scan.checkedAt, scan.durationMs);
        } catch (error) {
          failures.push([scan, error]);
        }
      }
      return failures;
    });
  }

  add(scan: PendingScan): void {
    this.pending.push(scan);
    if (this.pending.length >= this.options.maxBatch) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.options.maxDelayMs);
  }

  /** Commits what waits, now. A failed commit (a full disk...) loses these scans only: the stored data stays. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const scans = this.pending;
    this.pending = [];
    if (scans.length === 0) return;
    let failures: Array<[PendingScan, unknown]>;
    try {
      failures = this.writeBatch(scans);
    } catch (error) {
      failures = scans.map((scan) => [scan, error]);
    }
    for (const [scan, error] of failures) scan.onFailure(error);
  }

  get size(): number {
    return this.pending.length;
  }
}

const queues = new WeakMap<Store, ScanWriteQueue>();

/** The queue of this store connection's scan writes. */
export function writeQueueOf(store: Store): ScanWriteQueue {
  let queue = queues.get(store);
  if (!queue) {
    queue = new ScanWriteQueue(store);
    queues.set(store, queue);
  }
  return queue;
}
