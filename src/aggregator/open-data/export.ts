// Writes the open-data files to a folder, each with a .gz sibling, plus an index.html listing every JSON file
// with its size (as the original site had), ready for any static host or CDN.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ReadModel } from '../read/read-model.js';
import { openDataFiles } from './files.js';

export async function exportOpenData(readModel: ReadModel, outDir: string): Promise<string[]> {
  // Everything the store holds now, with every rebuild done: the files are one consistent picture.
  readModel.settle();
  const written: Array<{ path: string; bytes: number }> = [];
  for (const file of openDataFiles()) {
    const answer = readModel.answer(`od:${file.path}`, file.build);
    const target = path.join(outDir, file.path);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, answer.body);
    await fs.writeFile(`${target}.gz`, answer.gzip);
    written.push({ path: file.path, bytes: answer.body.length });
  }
  await fs.writeFile(path.join(outDir, 'index.html'), indexPage(written));
  return [...written.map((file) => file.path), 'index.html'];
}

export function indexPage(files: ReadonlyArray<{ path: string; bytes: number }>): string {
  const escapeHtml = (text: string) =>
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const rows = files.map(
    (file) =>
      `<li><a href="${escapeHtml(file.path)}">${escapeHtml(file.path)}</a> ` +
      `(${file.bytes} bytes, <a href="${escapeHtml(file.path)}.gz">gzip</a>)</li>`,
  );
  return (
    '<!doctype html>\n<html lang="fr">\n<head><meta charset="utf-8"><title>Open data</title></head>\n' +
    `<body>\n<h1>Open data</h1>\n<ul>\n${rows.join('\n')}\n</ul>\n</body>\n</html>\n`
  );
}
