// Writes the open-data files to a folder, each with a .gz sibling, for any static host or CDN.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ReadModel } from './read-model.js';
import { openDataFiles } from './open-data-files.js';

export async function exportOpenData(readModel: ReadModel, outDir: string): Promise<string[]> {
  const written: string[] = [];
  for (const file of openDataFiles()) {
    const answer = readModel.answer(`od:${file.path}`, file.build);
    const target = path.join(outDir, file.path);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, answer.body);
    await fs.writeFile(`${target}.gz`, answer.gzip);
    written.push(file.path);
  }
  return written;
}
