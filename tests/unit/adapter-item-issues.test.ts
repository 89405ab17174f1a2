// Item issues as the writer keeps them: counted per platform and kind in a real SQLite file, one row each
// however many cycles add to it, with the last message and instant.
import { describe, expect, it } from 'vitest';
import { ItemIssueTally, itemIssuesByPlatform, recordItemIssues } from '../../src/aggregator/store/item-issues.js';
import { Store } from '../../src/aggregator/store/store.js';
import { temporaryDatabasePath } from '../support/system.js';

describe('item issues store', () => {
  it('adds each cycle to its platform and kind, keeping the last message', () => {
    const store = new Store(temporaryDatabasePath());
    try {
      const tally = new ItemIssueTally();
      tally.add({ platform: 'maiia', kind: 'naive-time', message: 'first' });
      tally.add({ platform: 'maiia', kind: 'naive-time', message: 'second' });
      tally.add({ platform: 'valwin', kind: 'unsafe-url', message: 'javascript:' });
      recordItemIssues(store.connection, tally.drain(), 1_000);
      expect(tally.drain()).toEqual([]);
      tally.add({ platform: 'maiia', kind: 'naive-time', message: 'third' });
      recordItemIssues(store.connection, tally.drain(), 2_000);
      recordItemIssues(store.connection, [], 3_000);

      const stored = itemIssuesByPlatform(store.connection);
      expect(Object.fromEntries([...stored].map(([platform, kinds]) => [platform, Object.fromEntries(kinds)]))).toEqual(
        {
          maiia: { 'naive-time': { count: 3, lastMessage: 'third', lastAt: 2_000 } },
          valwin: { 'unsafe-url': { count: 1, lastMessage: 'javascript:', lastAt: 1_000 } },
        },
      );
      expect((store.connection.prepare('SELECT count(*) AS n FROM item_issues').get() as { n: number }).n).toBe(2);
    } finally {
      store.close();
    }
  });
});
