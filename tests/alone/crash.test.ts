// Crash safety: a child process ingesting scans is killed with SIGKILL at random moments, 20 times over the
// same database file. After each kill the file passes PRAGMA integrity_check and every centre holds exactly
// one complete scan (its previous one or its new one), never a mix of two.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/aggregator/store/store.js';
import { randomFor } from '../../src/sandbox/random.js';
import { CRASH_CENTRES, expectedScan, generationOf } from '../support/crash-model.js';
import { temporaryDatabasePath } from '../support/system.js';

const KILLS = 20;
const CHILD = path.resolve('tests/support/crash-ingest.ts');

/** Whole generations the child writes before a mid-ingestion kill is aimed: the test's progress, whatever the load. */
const GENERATIONS_BEFORE_AIM = 2;

/**
 * Starts the ingestion and kills it: `afterReady` ms after it finished GENERATIONS_BEFORE_AIM generations (so the
 * kill lands inside the next one), or `fromStart` ms after spawn.
 */
async function ingestAndKill(
  file: string,
  timing: { afterReady: number } | { fromStart: number },
): Promise<{ killedIngesting: boolean }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let ready = false;
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  await new Promise<void>((resolve) => {
    if ('fromStart' in timing) setTimeout(resolve, timing.fromStart);
    let generations = 0;
    let aimed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      if (text.includes('ready')) ready = true;
      generations += text.match(/^generation \d+$/gm)?.length ?? 0;
      if (ready && !aimed && 'afterReady' in timing && generations >= GENERATIONS_BEFORE_AIM) {
        aimed = true;
        setTimeout(resolve, timing.afterReady);
      }
    });
    void exited.then(() => resolve());
  });
  child.kill('SIGKILL');
  const how = await exited;
  if (how !== 'SIGKILL') throw new Error(`the ingestion ended by itself (${String(how)}): ${stderr}`);
  return { killedIngesting: ready };
}

function checkDatabase(file: string): { generations: Set<number>; slots: number } {
  const store = new Store(file);
  try {
    expect(store.integrityCheck()).toBe('ok');
    const generations = new Set<number>();
    let slots = 0;
    const centres = store.connection.prepare('SELECT id FROM centres ORDER BY id').all() as Array<{ id: string }>;
    expect(centres.length === 0 || centres.length === CRASH_CENTRES).toBe(true);
    for (const { id } of centres) {
      const rows = store.connection
        .prepare('SELECT start_at, motive FROM slots WHERE centre_id = ? ORDER BY start_at')
        .all(id) as Array<{ start_at: number; motive: string }>;
      const motives = new Set(rows.map((row) => row.motive));
      expect(motives.size, `${id} holds slots of ${[...motives].join(', ')}`).toBeLessThanOrEqual(1);
      const last = store.connection
        .prepare("SELECT slot_count FROM scans WHERE centre_id = ? AND outcome <> 'issue' ORDER BY id DESC LIMIT 1")
        .get(id) as { slot_count: number } | undefined;
      if (rows.length === 0) {
        // Never scanned, or its last successful scan had no slot.
        expect(last?.slot_count ?? 0).toBe(0);
        continue;
      }
      const g = generationOf(rows[0]!.motive);
      const expected = expectedScan(id, g);
      expect(expected.issue, `${id}: generation ${g} ended in an issue, its slots must not be stored`).toBe(false);
      expect(rows.map((row) => row.start_at)).toEqual(expected.starts);
      // The scan record and the slots were written together.
      expect(last?.slot_count).toBe(rows.length);
      generations.add(g);
      slots += rows.length;
    }
    return { generations, slots };
  } finally {
    store.close();
  }
}

describe('crash safety', () => {
  it(`keeps a sound database and whole scans through ${KILLS} SIGKILLs during ingestion`, {
    timeout: 120_000,
  }, async () => {
    const file = temporaryDatabasePath();
    const random = randomFor('crash-test');
    let killedIngesting = 0;
    let generationsSeen = new Set<number>();
    for (let run = 0; run < KILLS; run += 1) {
      // Mostly mid-ingestion; one kill in five anywhere from the start (opening, migrating, first writes).
      const timing =
        run % 5 === 4 ? { fromStart: Math.floor(random() * 900) } : { afterReady: Math.floor(random() * 400) };
      const outcome = await ingestAndKill(file, timing);
      if (outcome.killedIngesting) killedIngesting += 1;
      if (fs.existsSync(file)) {
        const { generations } = checkDatabase(file);
        generationsSeen = new Set([...generationsSeen, ...generations]);
      }
    }
    expect(killedIngesting).toBeGreaterThanOrEqual(KILLS * 0.7);
    // The kills landed while scans were being replaced: several generations were written and survived.
    expect(Math.max(...generationsSeen)).toBeGreaterThan(KILLS);
  });
});
