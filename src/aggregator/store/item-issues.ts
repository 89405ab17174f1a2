// Item issues (src/scrapers/problems.ts) as the writer keeps them: a count per platform and kind, with the
// last message and instant, so /api/v1/platforms shows what the adapters had to leave out and why. The
// table stays one row per platform and kind however long the system runs.
import type Database from 'better-sqlite3';
import type { ItemIssue } from '../../scrapers/problems.js';
import { getOrInsert } from '../../maps.js';

export interface ItemIssueCount {
  readonly platform: string;
  readonly kind: string;
  readonly count: number;
  readonly lastMessage: string;
}

/** Counts item issues during one cycle, in memory; `drain` hands them over for one write. */
export class ItemIssueTally {
  private readonly counts = new Map<string, { platform: string; kind: string; count: number; lastMessage: string }>();

  readonly add = (issue: ItemIssue): void => {
    const key = `${issue.platform}\u0000${issue.kind}`;
    const entry = this.counts.get(key);
    if (entry) {
      entry.count += 1;
      entry.lastMessage = issue.message;
    } else {
      this.counts.set(key, { platform: issue.platform, kind: issue.kind, count: 1, lastMessage: issue.message });
    }
  };

  drain(): ItemIssueCount[] {
    const entries = [...this.counts.values()];
    this.counts.clear();
    return entries;
  }
}

export function recordItemIssues(db: Database.Database, counts: readonly ItemIssueCount[], at: number): void {
  if (counts.length === 0) return;
  const upsert = db.prepare(`
    INSERT INTO item_issues (platform, kind, count, last_message, last_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (platform, kind) DO UPDATE SET count = count + excluded.count,
      last_message = excluded.last_message, last_at = excluded.last_at`);
  db.transaction(() => {
    for (const entry of counts) upsert.run(entry.platform, entry.kind, entry.count, entry.lastMessage, at);
  })();
}

export interface StoredItemIssue {
  readonly count: number;
  readonly lastMessage: string;
  readonly lastAt: number;
}

/** Every platform's item issues by kind. */
export function itemIssuesByPlatform(db: Database.Database): Map<string, Map<string, StoredItemIssue>> {
  const rows = db
    .prepare('SELECT platform, kind, count, last_message, last_at FROM item_issues ORDER BY platform, kind')
    .all() as {
    platform: string;
    kind: string;
    count: number;
    last_message: string;
    last_at: number;
  }[];
  const byPlatform = new Map<string, Map<string, StoredItemIssue>>();
  for (const row of rows) {
    const kinds = getOrInsert(byPlatform, row.platform, () => new Map());
    kinds.set(row.kind, { count: row.count, lastMessage: row.last_message, lastAt: row.last_at });
  }
  return byPlatform;
}
