// The hot answers: what most requests ask for, prepared before anyone asks. Per department: its centres
// (the default /api/v1/departments/{code}/centers) and its two open-data files, plus its part of every
// national answer. Nationally: the overview, info_centres.json and the files made from it, the statistics,
// all assembled from the departments' parts, so a change in one department costs that department's rebuild
// and an assembly, never a pass over every slot of the country.
import { DEPARTMENTS } from '../../departments.js';
import {
  assembleCentresFileBytes,
  departementsFile,
  partsOfEntries,
  type CentresFileParts,
} from '../open-data/centres.js';
import { centresOpenData } from '../open-data/slots.js';
import { statsByVaccineFile, statsFile, statsFileJson } from '../open-data/stats.js';
import { centreParts, NO_CENTRE_PARTS, type CentreParts } from './centre-parts.js';
import { departmentCentresFromFragments, NO_FRAGMENTS, type PlaceFragments } from './place-fragments.js';
import type { AnswerContent } from './prepared.js';
import type { Snapshot } from './read-model.js';
import {
  addColumns,
  emptyColumns,
  emptyFigures,
  figuresOfColumns,
  statsContent,
  statsFromParts,
  type Figures,
  type StatsNow,
} from './stats.js';
import {
  departmentCentres,
  departmentOverviewRow,
  overviewFromRows,
  type OverviewRow,
  type SearchFilter,
} from './views.js';

/** The key of centres without a (known) department: they count in the national answers only. */
export const NO_DEPARTMENT = '';

/** What a department brings to the national answers. */
export interface DepartmentPart {
  readonly centres: CentresFileParts;
  readonly figures: Figures;
  /** Absent for the centres without a department. */
  readonly overview: OverviewRow | null;
}

/** What a department's build keeps for the next one: what it made per place and per centre. */
export interface DepartmentCache {
  /** Of the centres answer (place-fragments.ts). */
  readonly fragments: PlaceFragments;
  /** Of the figures and the centres files (centre-parts.ts). */
  readonly centres: CentreParts;
}

export const NO_CACHE: DepartmentCache = { fragments: NO_FRAGMENTS, centres: NO_CENTRE_PARTS };

export interface DepartmentBuild {
  readonly answers: ReadonlyMap<string, AnswerContent>;
  readonly part: DepartmentPart;
  /** For the next build of the department. */
  readonly cache: DepartmentCache;
}

/** The answer cache keys of the hot answers, as the routes name them. */
export const hotKeys = {
  departmentCentres: (code: string) => `department:${code}:${JSON.stringify({})}`,
  openData: (path: string) => `od:${path}`,
  overview: 'departments',
  stats: (format: 'json' | 'csv') => `stats:${format}`,
};

/** Open-data files that are national hot answers (the history-based ones are built on demand). */
const NATIONAL_FILES = [
  'departements.json',
  'info_centres.json',
  'stats.json',
  'stats_by_vaccine.json',
  'centres_open_data.json',
] as const;

/** Which department (or 'national') a hot key belongs to; null for a key built on demand. */
export function hotOwner(key: string): string | null {
  const department = /^department:([^:]+):\{\}$/.exec(key);
  if (department) return isKnown(department[1]!) ? department[1]! : null;
  const file = /^od:(.+)$/.exec(key);
  if (file) {
    if ((NATIONAL_FILES as readonly string[]).includes(file[1]!)) return 'national';
    // A department's day file (creneaux-quotidiens) is built when asked: it cost a sixth of every rebuild of
    // the department, for a file few clients read.
    const own = /^([^/]+)\.json$/.exec(file[1]!);
    return own && isKnown(own[1]!) ? own[1]! : null;
  }
  if (key === hotKeys.overview || key === hotKeys.stats('json') || key === hotKeys.stats('csv')) return 'national';
  return null;
}

/**
 * The hot key a plain GET path (with its query string) is answered from, for the HTTP fast lane; null when
 * the path is not a hot answer (a query string always makes it an on-demand one).
 */
export function hotKeyOfPath(pathWithQuery: string): string | null {
  if (pathWithQuery.includes('?')) return null;
  if (pathWithQuery === '/api/v1/departments') return hotKeys.overview;
  if (pathWithQuery === '/api/v1/stats.csv') return hotKeys.stats('csv');
  const centres = /^\/api\/v1\/departments\/([^/]+)\/centers$/.exec(pathWithQuery);
  if (centres) return isKnown(centres[1]!) ? hotKeys.departmentCentres(centres[1]!) : null;
  const file = /^\/vitemadose\/(.+)$/.exec(pathWithQuery);
  if (file) return hotOwner(hotKeys.openData(file[1]!)) ? hotKeys.openData(file[1]!) : null;
  return null;
}

const KNOWN = new Set(DEPARTMENTS.map((department) => department.code));

function isKnown(code: string): boolean {
  return KNOWN.has(code);
}

/**
 * A department's hot answers and part, from the live snapshot; the centres and places unchanged since the
 * build that made `cache` are not made again.
 */
export function buildDepartment(
  snapshot: Snapshot,
  code: string,
  now: number,
  cache: DepartmentCache = NO_CACHE,
  withAnswers = true,
): DepartmentBuild {
  const centres = code === NO_DEPARTMENT ? homelessCentres(snapshot) : (snapshot.byDepartment.get(code) ?? []);
  const ownParts = centreParts(snapshot, centres, now, cache.centres);
  const sums = emptyColumns();
  for (const own of ownParts.values()) if (own.figures) addColumns(sums, own.figures);
  const parts = partsOfEntries([...ownParts.values()].map((own) => own.entry));
  const part: DepartmentPart = {
    centres: parts,
    figures: figuresOfColumns(sums),
    overview: isKnown(code) ? departmentOverviewRow(snapshot, code, now) : null,
  };
  const answers = new Map<string, AnswerContent>();
  let fragments = NO_FRAGMENTS;
  // A statistics-only model (the writer's) needs the part alone.
  if (withAnswers && isKnown(code)) {
    const centresAnswer = departmentCentresFromFragments(snapshot, code, now, cache.fragments);
    fragments = centresAnswer.fragments;
    answers.set(hotKeys.departmentCentres(code), centresAnswer.content);
    const { file, body } = assembleCentresFileBytes([parts], snapshot.lastCheckedAt, now);
    answers.set(hotKeys.openData(`${code}.json`), { body, soonestSlotAt: soonestOfFile(file) });
  }
  return { answers, part, cache: { fragments, centres: ownParts } };
}

/** The national hot answers, assembled from every department's part. */
export function buildNational(
  snapshot: Snapshot,
  parts: ReadonlyMap<string, DepartmentPart>,
  stats: StatsNow,
  now: number,
): Map<string, AnswerContent> {
  const answers = new Map<string, AnswerContent>();
  const { file, body } = assembleCentresFileBytes(
    [...parts.values()].map((part) => part.centres),
    snapshot.lastCheckedAt,
    now,
  );
  const soonest = soonestOfFile(file);
  answers.set(hotKeys.openData('departements.json'), { body: departementsFile() });
  answers.set(hotKeys.openData('info_centres.json'), { body, soonestSlotAt: soonest });
  answers.set(hotKeys.openData('stats.json'), { body: statsFileJson(statsFile(file)), soonestSlotAt: soonest });
  answers.set(hotKeys.openData('stats_by_vaccine.json'), {
    body: JSON.stringify(statsByVaccineFile(file)),
    soonestSlotAt: soonest,
  });
  answers.set(hotKeys.openData('centres_open_data.json'), { body: JSON.stringify(centresOpenData(snapshot)) });
  const overview = overviewFromRows(
    DEPARTMENTS.map(
      (department) => parts.get(department.code)?.overview ?? departmentOverviewRow(snapshot, department.code, now),
    ),
  );
  answers.set(hotKeys.overview, {
    body: JSON.stringify({ departments: overview.departments }),
    soonestSlotAt: overview.soonestSlotAt,
  });
  answers.set(hotKeys.stats('json'), statsContent(stats, 'json'));
  answers.set(hotKeys.stats('csv'), statsContent(stats, 'csv'));
  return answers;
}

export function nationalStats(parts: ReadonlyMap<string, DepartmentPart>, now: number): StatsNow {
  const byDepartment = new Map<string, Figures>();
  for (const [code, part] of parts) if (code !== NO_DEPARTMENT) byDepartment.set(code, part.figures);
  return statsFromParts(now, byDepartment, parts.get(NO_DEPARTMENT)?.figures ?? emptyFigures());
}

/** The body of /api/v1/departments/{code}/centers, hot (no filter) or on demand. */
export function departmentCentresContent(
  snapshot: Snapshot,
  code: string,
  filter: SearchFilter,
  now: number,
): AnswerContent {
  const result = departmentCentres(snapshot, code, filter, now)!;
  return {
    body: JSON.stringify({ department: result.department, centers: result.centers }),
    soonestSlotAt: result.soonestSlotAt,
  };
}

function homelessCentres(snapshot: Snapshot) {
  return snapshot.centres.filter((centre) => !centre.department || !snapshot.byDepartment.has(centre.department));
}

function soonestOfFile(file: { centres_disponibles: ReadonlyArray<{ prochain_rdv: string | null }> }): number | null {
  const soonest = file.centres_disponibles[0]?.prochain_rdv;
  return soonest ? Date.parse(soonest) : null;
}
