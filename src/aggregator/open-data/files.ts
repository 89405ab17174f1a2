// The catalogue of open-data files: one list that both the live routes (/vitemadose/...) and the `export`
// command read, so the two can never disagree on what exists or what it contains.
import { DEPARTMENTS } from '../../departments.js';
import { centresFile, centresFileBytes, departementsFile } from './centres.js';
import { centresOpenData, creneauxQuotidiens } from './slots.js';
import {
  statsByDateDepFile,
  statsByDateFile,
  statsByVaccineFile,
  statsCenterTypesFile,
  statsFile,
  statsFileJson,
} from './stats.js';
import type { AnswerContent, Snapshot } from '../read/read-model.js';

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
    ...DEPARTMENTS.map((department) => ({
      path: `${department.code}/creneaux-quotidiens.json`,
      build: (snapshot: Snapshot, now: number) => ({
        body: JSON.stringify(creneauxQuotidiens(snapshot, now, department.code)),
        soonestSlotAt: soonestOf(snapshot, now, department.code),
      }),
    })),
    { path: 'centres_open_data.json', build: (snapshot) => ({ body: JSON.stringify(centresOpenData(snapshot)) }) },
    {
      path: 'stats.json',
      build: (snapshot, now) => fromCentres(snapshot, now, (file) => statsFileJson(statsFile(file))),
    },
    {
      path: 'stats_by_vaccine.json',
      build: (snapshot, now) => fromCentres(snapshot, now, (file) => JSON.stringify(statsByVaccineFile(file))),
    },
    { path: 'stats_by_date.json', build: (snapshot) => ({ body: JSON.stringify(statsByDateFile(snapshot)) }) },
    { path: 'stats_by_date_dep.json', build: (snapshot) => ({ body: JSON.stringify(statsByDateDepFile(snapshot)) }) },
    {
      path: 'stats_center_types.json',
      build: (snapshot) => ({ body: JSON.stringify(statsCenterTypesFile(snapshot)) }),
    },
  ];
}

function centresAnswer(snapshot: Snapshot, now: number, department?: string): AnswerContent {
  const { file, body } = centresFileBytes(snapshot, now, department);
  const soonest = file.centres_disponibles[0]?.prochain_rdv;
  return { body, soonestSlotAt: soonest ? Date.parse(soonest) : null };
}

/** Files built from the centres file change when a slot begins, as that file does. */
function fromCentres(
  snapshot: Snapshot,
  now: number,
  render: (file: ReturnType<typeof centresFile>) => string,
): AnswerContent {
  const file = centresFile(snapshot, now);
  const soonest = file.centres_disponibles[0]?.prochain_rdv;
  return { body: render(file), soonestSlotAt: soonest ? Date.parse(soonest) : null };
}

function soonestOf(snapshot: Snapshot, now: number, department: string): number | null {
  const soonest = centresFile(snapshot, now, department).centres_disponibles[0]?.prochain_rdv;
  return soonest ? Date.parse(soonest) : null;
}
