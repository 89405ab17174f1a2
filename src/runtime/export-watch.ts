// `export --watch DIR`: keeps a folder of open-data files (and their .gz forms) in step with the database, for
// a static host or a CDN. The database's data version is polled; on a change every file is rebuilt, and only
// files whose bytes changed are written, each atomically (a temporary file renamed over the old one), so a
// reader of the folder never sees a half-written file, and a file and its .gz are never more than one rename apart.
import fs from 'node:fs/promises';
import path from 'node:path';
import { indexPage } from '../aggregator/open-data/export.js';
import { openDataFiles } from '../aggregator/open-data/files.js';
import type { ReadModel } from '../aggregator/read/read-model.js';
import type { Logger } from '../logger.js';

export interface PublishResult {
  /** Files (without their .gz) written this time, because they were new or their bytes changed. */
  readonly written: readonly string[];
  readonly version: string;
}

/** Publishes what changed since `previous` (file path -> ETag), which it updates. */
export async function publishChanges(
  readModel: ReadModel,
  outDir: string,
  previous: Map<string, string>,
): Promise<PublishResult> {
  const version = readModel.current().version;
  const written: string[] = [];
  const sizes: Array<{ path: string; bytes: number }> = [];
  for (const file of openDataFiles()) {
    const answer = readModel.answer(`od:${file.path}`, file.build);
    sizes.push({ path: file.path, bytes: answer.body.length });
    if (previous.get(file.path) === answer.etag) continue;
    const target = path.join(outDir, file.path);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await writeAtomically(`${target}.gz`, answer.gzip);
    await writeAtomically(target, answer.body);
    previous.set(file.path, answer.etag);
    written.push(file.path);
  }
  if (written.length > 0) await writeAtomically(path.join(outDir, 'index.html'), Buffer.from(indexPage(sizes)));
  return { written, version };
}

async function writeAtomically(target: string, bytes: Buffer): Promise<void> {
  const temporary = `${target}.${process.pid}.tmp`;
  await fs.writeFile(temporary, bytes);
  await fs.rename(temporary, target);
}

const REFRESH_MS = 60_000;

export interface WatchOptions {
  readonly readModel: ReadModel;
  readonly outDir: string;
  readonly log: Logger;
  /** How often the data version is looked at. */
  readonly intervalMs?: number;
  readonly signal: AbortSignal;
}

/** Publishes everything once, then what changes, until the signal. */
export async function watchExport(options: WatchOptions): Promise<void> {
  const { readModel, outDir, log, signal } = options;
  const etags = new Map<string, string>();
  let version: string | null = null;
  let publishedAt = Number.NEGATIVE_INFINITY;
  while (!signal.aborted) {
    // This process only exports: follow the change log here, whether or not the model polls by itself.
    readModel.settle();
    const current = readModel.current().version;
    // Time alone changes some files too (a slot that began, a new Paris day): once a minute regardless.
    if (current !== version || performance.now() - publishedAt >= REFRESH_MS) {
      publishedAt = performance.now();
      const began = performance.now();
      const result = await publishChanges(readModel, outDir, etags);
      version = result.version;
      if (result.written.length > 0)
        log.info(
          { dir: outDir, files: result.written.length, ms: Math.round(performance.now() - began) },
          'open-data files republished',
        );
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.intervalMs ?? 500);
      signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }
}
