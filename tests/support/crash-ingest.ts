// The child process of the crash test: ingests scan after scan into a SQLite file through the real pipeline
// and store, until it is killed. Each centre's scan of generation g has a known, generation-tagged content,
// so whoever opens the file afterwards can tell whether a centre holds exactly one scan or a mix.
//   node --import tsx tests/support/crash-ingest.ts <database>
import { scanPlatform } from '../../src/aggregator/ingest/pipeline.js';
import { Store } from '../../src/aggregator/store/store.js';
import { ManualClock } from '../../src/clock.js';
import type { Centre, ScanEvent, Slot } from '../../src/domain.js';
import { silentLogger } from '../../src/logger.js';
import type { PlatformAdapter } from '../../src/scrapers/adapter.js';
import { crashCentres, expectedScan, generationOf } from './crash-model.js';

const file = process.argv[2]!;
const store = new Store(file);
const clock = new ManualClock(new Date('2030-01-01T00:00:00Z'));
store.upsertCentres(crashCentres(), clock.now().getTime());
let generation = (store.connection.prepare('SELECT max(motive) AS m FROM slots').get() as { m: string | null }).m;
let g = generation ? generationOf(generation) + 1 : 1;

const adapter: PlatformAdapter = {
  platform: 'doctolib',
  async *discover() {},
  async *scan(centre: Centre): AsyncIterable<ScanEvent> {
    const scan = expectedScan(centre.id, g);
    // Batches, with pauses between them, so that a kill can land anywhere in a scan.
    for (let i = 0; i < scan.starts.length; i += 50) {
      const slots: Slot[] = scan.starts
        .slice(i, i + 50)
        .map((start) => ({ start: new Date(start), vaccine: 'Pfizer-BioNTech', doses: [1], motive: scan.motive }));
      yield { kind: 'slots', slots };
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (scan.issue) yield { kind: 'issue', issue: { reason: 'http-error', message: `generation ${g} failed` } };
  },
};

process.stdout.write('ready\n');
for (;;) {
  clock.advance(60_000);
  await scanPlatform(
    adapter,
    store.centresToScan('doctolib', 0),
    store,
    { http: { request: () => Promise.reject(new Error('no http')) }, clock, log: silentLogger },
    { horizonDays: 60, concurrency: 4 },
  );
  generation = String(g);
  // The test waits for whole generations before it aims a kill, so that slow machines still write several.
  process.stdout.write(`generation ${g}\n`);
  g += 1;
}
