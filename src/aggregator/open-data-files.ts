// The catalogue of open-data files: one list that both the live routes (/vitemadose/...) and the `export`
// command read, so the two can never disagree on what exists or what it contains.
import { DEPARTMENTS } from '../departments.js';
import { centresFile, departementsFile } from './open-data.js';
import type { AnswerContent, Snapshot } from './read-model.js';

export interface OpenDataFile {
  /** Relative path under the open-data root, e.g. `75.json`. */
  readonly path: string;
  build(snapshot: Snapshot, now: number): AnswerContent;
}

export function openDataFiles(): OpenDataFile[] {
  return [
    { path: 'departements.json', build: () => ({ body: departementsFile() }) },
    { path: 'info_centres.json', build: (snapshot, now) => centresAnswer(snapshot, now) },
    ...DEPARTMENTS.map((department) => ({
      path: `${department.code}.json`,
      build: (snapshot: Snapshot, now: number) => centresAnswer(snapshot, now, department.code),
    })),
  ];
}

function centresAnswer(snapshot: Snapshot, now: number, department?: string): AnswerContent {
  const file = centresFile(snapshot, now, department);
  const soonest = file.centres_disponibles[0]?.prochain_rdv;
  return { body: JSON.stringify(file), soonestSlotAt: soonest ? Date.parse(soonest) : null };
}
