// The statistics files of open-data-format.md §6. `stats.json` and `stats_by_vaccine.json` come from the
// centres file (as the original built them from info_centres.json); the `stats_by_date*` and
// `stats_center_types` histories come from the statistics history the store keeps.
//
// Two defects of the original are corrected on purpose (README.md says so):
// - stats.json: a department's `creneaux` is the sum of its centres' appointment_count, not that sum times
//   the number of its available centres;
// - stats_by_vaccine.json: a vaccine's value is the number of available centres offering it, not its square.
// And `stats_by_date_dep.json` has its `dates`, which the original generator forgot to append.
import { DEPARTMENTS } from '../../departments.js';
import { CENTRE_KINDS, PLATFORM_LABELS, PLATFORMS } from '../../domain.js';
import { parisHourLabel } from '../../time.js';
import { NATIONAL_SCOPE, type StatsBucket } from '../store/history-store.js';
import type { CentresFile } from './centres.js';
import type { Snapshot } from '../read/read-model.js';
import { mergedBuckets } from '../read/stats-history.js';
import { getOrInsert } from '../../maps.js';

export interface StatsFile {
  tout_departement: { disponibles: number; total: number; creneaux: number };
  [department: string]: { disponibles: number; indisponibles?: number; creneaux: number; total: number };
}

export function statsFile(centres: CentresFile): StatsFile {
  const national = { disponibles: 0, total: 0, creneaux: 0 };
  const departments = new Map<
    string,
    { disponibles: number; indisponibles: number; creneaux: number; total: number }
  >();
  const of = (code: string) => {
    const entry = getOrInsert(departments, code, () => ({ disponibles: 0, indisponibles: 0, creneaux: 0, total: 0 }));
    return entry;
  };
  for (const centre of centres.centres_disponibles) {
    national.disponibles += 1;
    national.total += 1;
    national.creneaux += centre.appointment_count;
    const department = of(centre.departement);
    department.disponibles += 1;
    department.total += 1;
    department.creneaux += centre.appointment_count;
  }
  for (const centre of centres.centres_indisponibles) {
    national.total += 1;
    const department = of(centre.departement);
    department.indisponibles += 1;
    department.total += 1;
  }
  const file: StatsFile = { tout_departement: national };
  const order = new Map(DEPARTMENTS.map((department, i) => [department.code, i]));
  const codes = [...departments.keys()]
    .filter((code) => code !== '')
    .sort((a, b) => (order.get(a) ?? 999) - (order.get(b) ?? 999) || (a < b ? -1 : 1));
  for (const code of codes) file[code] = departments.get(code)!;
  return file;
}

/**
 * stats.json as the original wrote it: `tout_departement` first, then departments in code order. A plain
 * JSON.stringify would put integer-like keys (`13`, `971`) before every other key.
 */
export function statsFileJson(file: StatsFile): string {
  const order = new Map(DEPARTMENTS.map((department, i) => [department.code, i]));
  const codes = Object.keys(file)
    .filter((key) => key !== 'tout_departement')
    .sort((a, b) => (order.get(a) ?? 999) - (order.get(b) ?? 999) || (a < b ? -1 : 1));
  const entries = ['tout_departement', ...codes].map((key) => `${JSON.stringify(key)}:${JSON.stringify(file[key])}`);
  return `{${entries.join(',')}}`;
}

export function statsByVaccineFile(centres: CentresFile): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const centre of centres.centres_disponibles) {
    for (const vaccine of centre.vaccine_type) counts[vaccine] = (counts[vaccine] ?? 0) + 1;
  }
  return counts;
}

/** The points of the open-data histories: labels `YYYY-MM-DD HH:00:00` (Paris) and integer means. */
interface HistoryTable {
  readonly dates: string[];
  value(scope: string, column: string): number[];
  scopes(): Set<string>;
}

function historyTable(snapshot: Snapshot): HistoryTable {
  const buckets = mergedBuckets(snapshot.history.buckets('hour'), snapshot.history.buckets('day'));
  const starts = [...new Set(buckets.map((bucket) => bucket.bucketStart))].sort((a, b) => a - b);
  const position = new Map(starts.map((start, i) => [start, i]));
  const byScope = new Map<string, StatsBucket[]>();
  for (const bucket of buckets) {
    const list = getOrInsert(byScope, bucket.scope, () => []);
    list.push(bucket);
  }
  return {
    dates: starts.map((start) => parisHourLabel(new Date(start))),
    value(scope, column) {
      const values = new Array<number>(starts.length).fill(0);
      for (const bucket of byScope.get(scope) ?? [])
        values[position.get(bucket.bucketStart)!] = Math.round((bucket.sums[column] ?? 0) / bucket.samples);
      return values;
    },
    scopes: () => new Set(byScope.keys()),
  };
}

export function statsByDateFile(snapshot: Snapshot): {
  dates: string[];
  total_centres_disponibles: number[];
  total_centres: number[];
  total_appointments: number[];
} {
  const table = historyTable(snapshot);
  return {
    dates: table.dates,
    total_centres_disponibles: table.value(NATIONAL_SCOPE, 'centers_with_slots'),
    total_centres: table.value(NATIONAL_SCOPE, 'centers'),
    total_appointments: table.value(NATIONAL_SCOPE, 'slots'),
  };
}

export function statsByDateDepFile(snapshot: Snapshot): {
  dates: string[];
  dep_centres_disponibles: Record<string, number[]>;
  dep_centres: Record<string, number[]>;
  dep_appointments: Record<string, number[]>;
} {
  const table = historyTable(snapshot);
  const file = {
    dates: table.dates,
    dep_centres_disponibles: {} as Record<string, number[]>,
    dep_centres: {} as Record<string, number[]>,
    dep_appointments: {} as Record<string, number[]>,
  };
  const scopes = table.scopes();
  for (const department of DEPARTMENTS) {
    if (!scopes.has(department.code)) continue;
    const centres = table.value(department.code, 'centers');
    // Departments that never had a centre are left out, as the original only knew departments it had seen.
    if (centres.every((value) => value === 0)) continue;
    file.dep_centres_disponibles[department.code] = table.value(department.code, 'centers_with_slots');
    file.dep_centres[department.code] = centres;
    file.dep_appointments[department.code] = table.value(department.code, 'slots');
  }
  return file;
}

type GroupSeries = { disponible: number[]; total: number[]; creneaux: number[] };

export function statsCenterTypesFile(snapshot: Snapshot): {
  dates: string[];
  plateformes: Record<string, GroupSeries>;
  center_types: Record<string, GroupSeries>;
} {
  const table = historyTable(snapshot);
  const group = (prefix: string): GroupSeries | null => {
    const total = table.value(NATIONAL_SCOPE, `${prefix}_centers`);
    if (total.every((value) => value === 0)) return null;
    return {
      disponible: table.value(NATIONAL_SCOPE, `${prefix}_centers_with_slots`),
      total,
      creneaux: table.value(NATIONAL_SCOPE, `${prefix}_slots`),
    };
  };
  const plateformes: Record<string, GroupSeries> = {};
  for (const platform of PLATFORMS) {
    const series = group(`platform_${platform}`);
    if (series) plateformes[PLATFORM_LABELS[platform]] = series;
  }
  const centerTypes: Record<string, GroupSeries> = {};
  for (const kind of CENTRE_KINDS) {
    const series = group(`kind_${kind}`);
    if (series) centerTypes[kind] = series;
  }
  return { dates: table.dates, plateformes, center_types: centerTypes };
}
