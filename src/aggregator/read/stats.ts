// The journalists' figures, national and per department, computed from a snapshot. The same figures feed
// the live answer, its CSV, and the samples of the history, so a point of a time series always means what
// the live figure means.
import { DEPARTMENTS } from '../../departments.js';
import { CENTRE_KINDS, PLATFORMS, VACCINES, type CentreKind, type PlatformId, type Vaccine } from '../../domain.js';
import { addDaysToDate, parisDate, parisMidnight, toParisIso } from '../../time.js';
import { NATIONAL_SCOPE } from '../store/history-store.js';
import { CSV_TYPE, toCsv } from './csv.js';
import type { AnswerContent } from './prepared.js';
import type { Snapshot } from './read-model.js';
import type { StoredCentre } from '../store/store.js';
import { isPublic, isStale, matchingSlots } from './views.js';

export interface GroupFigures {
  /** Centres whose state is known: a scan succeeded within the freshness limit. */
  centers: number;
  centers_with_slots: number;
  slots: number;
}

export const DOSE_KEYS = ['1', '2', '3', '1_kid', 'unknown'] as const;
export type DoseKey = (typeof DOSE_KEYS)[number];

/** The slot windows, in Paris calendar days from today (1 = today only, 2 = today and tomorrow...). */
export const DAY_WINDOWS = [1, 2, 7, 28] as const;

export interface Figures extends GroupFigures {
  /** Centres whose last successful scan is too old to say anything: counted apart, never as "no slot". */
  stale_centers: number;
  slots_next_days: { '1': number; '2': number; '7': number; '28': number };
  slots_by_vaccine: Record<Vaccine, number>;
  /** A slot bookable for several doses counts for each of them. */
  slots_by_dose: Record<DoseKey, number>;
  by_platform: Record<PlatformId, GroupFigures>;
  by_kind: Record<CentreKind, GroupFigures>;
}

export interface StatsNow {
  readonly generated_at: string;
  readonly national: Figures;
  readonly departments: ReadonlyArray<{ readonly code: string; readonly name: string; readonly figures: Figures }>;
}

export function emptyFigures(): Figures {
  const group = (): GroupFigures => ({ centers: 0, centers_with_slots: 0, slots: 0 });
  return {
    ...group(),
    stale_centers: 0,
    slots_next_days: { '1': 0, '2': 0, '7': 0, '28': 0 },
    slots_by_vaccine: Object.fromEntries(VACCINES.map((vaccine) => [vaccine, 0])) as Record<Vaccine, number>,
    slots_by_dose: Object.fromEntries(DOSE_KEYS.map((dose) => [dose, 0])) as Record<DoseKey, number>,
    by_platform: Object.fromEntries(PLATFORMS.map((platform) => [platform, group()])) as Record<
      PlatformId,
      GroupFigures
    >,
    by_kind: Object.fromEntries(CENTRE_KINDS.map((kind) => [kind, group()])) as Record<CentreKind, GroupFigures>,
  };
}

/** National and per-department figures at `now` (all 102 departments, zeros included, in format order). */
export function statsNow(snapshot: Snapshot, now: number): StatsNow {
  const byDepartment = new Map<string, Figures>();
  for (const [code, centres] of snapshot.byDepartment) byDepartment.set(code, figuresOf(snapshot, centres, now));
  const homeless = figuresOf(
    snapshot,
    snapshot.centres.filter((centre) => !centre.department || !snapshot.byDepartment.has(centre.department)),
    now,
  );
  return statsFromParts(now, byDepartment, homeless);
}

/** The figures of some centres (a department's): the part of the national figures they make. */
export function figuresOf(snapshot: Snapshot, centres: readonly StoredCentre[], now: number): Figures {
  const windowEnds = dayWindowEnds(now);
  const figures = emptyFigures();
  for (const centre of centres) if (isPublic(centre)) addCentre(figures, snapshot, centre, now, windowEnds);
  return figures;
}

/** The last answer, good for every instant from `from` up to the end of that Paris day. */
let lastWindowEnds: { from: number; ends: readonly number[] } = { from: Number.NaN, ends: [Number.NaN] };

/** Where the day windows of the figures end (Paris midnights): they move only at midnight. */
export function dayWindowEnds(now: number): readonly number[] {
  if (now >= lastWindowEnds.from && now < lastWindowEnds.ends[0]!) return lastWindowEnds.ends;
  const ends = DAY_WINDOWS.map((days) => parisMidnight(addDaysToDate(parisDate(new Date(now)), days))!.getTime());
  lastWindowEnds = { from: now, ends };
  return ends;
}

/**
 * Figures as counts in FIGURE_COLUMNS order: what a department sums over its centres, cheaply (240 bytes a
 * centre; a department's counts stay far below 2^32).
 */
export type FigureColumns = Uint32Array;

/**
 * One centre's share of its department's figures (null when it counts nowhere: not public), to be cached
 * while the centre and the slots it offers stay the same, and summed with its department's.
 */
export function centreFigures(
  snapshot: Snapshot,
  centre: StoredCentre,
  now: number,
  windowEnds: readonly number[],
): FigureColumns | null {
  if (!isPublic(centre)) return null;
  const figures = emptyFigures();
  addCentre(figures, snapshot, centre, now, windowEnds);
  const flat = flattenFigures(figures);
  return Uint32Array.from(FIGURE_COLUMNS, (column) => flat[column]!);
}

/** Sums of columns, as figures (the inverse of flattenFigures, in FIGURE_COLUMNS order). */
export function figuresOfColumns(columns: FigureColumns): Figures {
  const figures = emptyFigures();
  let i = 0;
  const next = () => columns[i++]!;
  const group = (into: GroupFigures) => {
    into.centers = next();
    into.centers_with_slots = next();
    into.slots = next();
  };
  figures.centers = next();
  figures.centers_with_slots = next();
  figures.stale_centers = next();
  figures.slots = next();
  for (const days of DAY_WINDOWS) figures.slots_next_days[String(days) as '1'] = next();
  for (const vaccine of VACCINES) figures.slots_by_vaccine[vaccine] = next();
  for (const dose of DOSE_KEYS) figures.slots_by_dose[dose] = next();
  for (const platform of PLATFORMS) group(figures.by_platform[platform]);
  for (const kind of CENTRE_KINDS) group(figures.by_kind[kind]);
  return figures;
}

export function emptyColumns(): FigureColumns {
  return new Uint32Array(FIGURE_COLUMNS.length);
}

export function addColumns(into: FigureColumns, from: FigureColumns): void {
  for (let i = 0; i < into.length; i += 1) into[i]! += from[i]!;
}

/** National figures as the sum of the departments' (and of the centres without a known department). */
export function statsFromParts(now: number, byDepartment: ReadonlyMap<string, Figures>, homeless: Figures): StatsNow {
  const national = emptyFigures();
  addFigures(national, homeless);
  const departments = DEPARTMENTS.map((department) => {
    const figures = byDepartment.get(department.code) ?? emptyFigures();
    addFigures(national, figures);
    return { code: department.code, name: department.name, figures };
  });
  // A department the table does not know still counts nationally.
  for (const [code, figures] of byDepartment)
    if (!DEPARTMENTS.some((department) => department.code === code)) addFigures(national, figures);
  return { generated_at: toParisIso(new Date(now)), national, departments };
}

function addGroup(into: GroupFigures, from: GroupFigures): void {
  into.centers += from.centers;
  into.centers_with_slots += from.centers_with_slots;
  into.slots += from.slots;
}

export function addFigures(into: Figures, from: Figures): void {
  addGroup(into, from);
  into.stale_centers += from.stale_centers;
  for (const key of Object.keys(into.slots_next_days) as Array<keyof Figures['slots_next_days']>)
    into.slots_next_days[key] += from.slots_next_days[key];
  for (const vaccine of VACCINES) into.slots_by_vaccine[vaccine] += from.slots_by_vaccine[vaccine];
  for (const dose of DOSE_KEYS) into.slots_by_dose[dose] += from.slots_by_dose[dose];
  for (const platform of PLATFORMS) addGroup(into.by_platform[platform], from.by_platform[platform]);
  for (const kind of CENTRE_KINDS) addGroup(into.by_kind[kind], from.by_kind[kind]);
}

function addCentre(
  figures: Figures,
  snapshot: Snapshot,
  centre: StoredCentre,
  now: number,
  windowEnds: readonly number[],
): void {
  if (isStale(snapshot, centre, now)) {
    figures.stale_centers += 1;
    return;
  }
  const slots = matchingSlots(centre, {}, now);
  const groups = [figures, figures.by_platform[centre.platform], figures.by_kind[centre.kind]];
  for (const group of groups) {
    group.centers += 1;
    if (slots.length > 0) group.centers_with_slots += 1;
    group.slots += slots.length;
  }
  for (const slot of slots) {
    DAY_WINDOWS.forEach((days, i) => {
      if (slot.startAt < windowEnds[i]!) figures.slots_next_days[String(days) as '1'] += 1;
    });
    figures.slots_by_vaccine[slot.vaccine] += 1;
    if (slot.doses.length === 0) figures.slots_by_dose.unknown += 1;
    for (const dose of new Set(slot.doses)) figures.slots_by_dose[String(dose) as DoseKey] += 1;
  }
}

/**
 * The figures as flat, stably named columns: the CSV header, and the keys of a history sample. The order
 * only ever grows at the end of a group; a column is never renamed (once, before 1.0: `centres` became
 * `centers`, as everywhere in the API's JSON, and migration 7 renamed the stored history's keys).
 */
export const FIGURE_COLUMNS: readonly string[] = [
  'centers',
  'centers_with_slots',
  'stale_centers',
  'slots',
  ...DAY_WINDOWS.map((days) => `slots_next_${days}_days`),
  ...VACCINES.map((vaccine) => `vaccine_${vaccine}`),
  ...DOSE_KEYS.map((dose) => `dose_${dose}`),
  ...PLATFORMS.flatMap((platform) => [
    `platform_${platform}_centers`,
    `platform_${platform}_centers_with_slots`,
    `platform_${platform}_slots`,
  ]),
  ...CENTRE_KINDS.flatMap((kind) => [`kind_${kind}_centers`, `kind_${kind}_centers_with_slots`, `kind_${kind}_slots`]),
];

export function flattenFigures(figures: Figures): Record<string, number> {
  const flat: Record<string, number> = {
    centers: figures.centers,
    centers_with_slots: figures.centers_with_slots,
    stale_centers: figures.stale_centers,
    slots: figures.slots,
  };
  for (const days of DAY_WINDOWS) flat[`slots_next_${days}_days`] = figures.slots_next_days[String(days) as '1'];
  for (const vaccine of VACCINES) flat[`vaccine_${vaccine}`] = figures.slots_by_vaccine[vaccine];
  for (const dose of DOSE_KEYS) flat[`dose_${dose}`] = figures.slots_by_dose[dose];
  const group = (prefix: string, values: GroupFigures) => {
    flat[`${prefix}_centers`] = values.centers;
    flat[`${prefix}_centers_with_slots`] = values.centers_with_slots;
    flat[`${prefix}_slots`] = values.slots;
  };
  for (const platform of PLATFORMS) group(`platform_${platform}`, figures.by_platform[platform]);
  for (const kind of CENTRE_KINDS) group(`kind_${kind}`, figures.by_kind[kind]);
  return flat;
}

/** /api/v1/stats as JSON, or as CSV with one row for France and one per department. */
export function statsContent(stats: StatsNow, format: 'json' | 'csv'): AnswerContent {
  if (format === 'json') return { body: JSON.stringify(stats) };
  const row = (scope: string, code: string, name: string, values: Record<string, number>) => [
    scope,
    code,
    name,
    ...FIGURE_COLUMNS.map((column) => values[column] ?? 0),
  ];
  const rows = [
    row('national', NATIONAL_SCOPE, 'France', flattenFigures(stats.national)),
    ...stats.departments.map((department) =>
      row('department', department.code, department.name, flattenFigures(department.figures)),
    ),
  ];
  return { body: toCsv(['scope', 'code', 'name', ...FIGURE_COLUMNS], rows), contentType: CSV_TYPE };
}
