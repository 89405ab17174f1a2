// export --watch: the open-data files and their .gz are published, then republished when the data changes,
// only those whose bytes changed, each by a rename (no temporary file left behind, never a partial file).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReadModel } from '../../src/aggregator/read/read-model.js';
import { ManualClock } from '../../src/clock.js';
import { Store } from '../../src/aggregator/store/store.js';
import { silentLogger } from '../../src/logger.js';
import { publishChanges, watchExport } from '../../src/runtime/export-watch.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

let test: TestSystem;

beforeAll(async () => {
  test = await startTestSystem(['doctolib', 'keldoc']);
  await test.system.scheduler.runCycle('doctolib', true);
}, 120_000);

afterAll(() => test.close());

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

describe('export --watch', () => {
  it('publishes every file with its gzip form, then only what changed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'export-watch-'));
    const etags = new Map<string, string>();
    const first = await publishChanges(test.system.readModel, dir, etags);
    expect(first.written).toContain('75.json');
    const body = fs.readFileSync(path.join(dir, '75.json'));
    expect(gunzipSync(fs.readFileSync(path.join(dir, '75.json.gz')))).toEqual(body);
    expect(await (await test.get('/vitemadose/75.json')).text()).toBe(body.toString());
    expect((await publishChanges(test.system.readModel, dir, etags)).written).toEqual([]);

    await test.system.scheduler.runCycle('keldoc', true);
    const second = await publishChanges(test.system.readModel, dir, etags);
    expect(second.written).toContain('info_centres.json');
    expect(second.written).not.toContain('departements.json');
    expect(listFiles(dir).filter((file) => file.endsWith('.tmp'))).toEqual([]);
  });

  it('republishes from its own connection when another process writes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'export-watch-'));
    const store = new Store(test.databasePath);
    const stop = new AbortController();
    // The watcher's own clock moves on, as a real one would, so that it looks at the data version again.
    const clock = new ManualClock(test.clock.now());
    const ticking = setInterval(() => clock.advance(1_000), 50);
    const watching = watchExport({
      readModel: new ReadModel(store, clock, 30 * 60_000),
      outDir: dir,
      log: silentLogger,
      intervalMs: 50,
      signal: stop.signal,
    });
    try {
      const deadline = Date.now() + 20_000;
      while (!fs.existsSync(path.join(dir, 'index.html'))) {
        if (Date.now() > deadline) throw new Error('no first publication');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const before = fs.readFileSync(path.join(dir, 'info_centres.json'), 'utf8');
      // The writer (the test system) scans again a minute later: the files follow.
      test.clock.advance(60_000);
      await test.system.scheduler.runCycle('doctolib', false);
      const file = path.join(dir, 'info_centres.json');
      while (fs.readFileSync(file, 'utf8') === before) {
        if (Date.now() > deadline) throw new Error('the change was not republished');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      stop.abort();
      await watching;
      expect(gunzipSync(fs.readFileSync(`${file}.gz`))).toEqual(fs.readFileSync(file));
    } finally {
      clearInterval(ticking);
      stop.abort();
      await watching;
      store.close();
    }
  });
});
