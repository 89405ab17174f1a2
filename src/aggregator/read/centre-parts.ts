// What each centre brings to its department's parts (its share of the figures, its entry in the centres files),
// cached per centre. During a scan cycle a department is rebuilt after a change to one or two of its ~100
// centres: the others bring what they brought last time, so a rebuild makes only the changed centres' parts
// again and sums the rest. Everything a part shows depends only on the centre's state (a change replaces it),
// whether it is stale, how many of its slots have not begun (they are sorted: that count says which), and
// the Paris day (the day windows of the figures): those are the cache key.
import { CENTRE_KINDS, DOSES, PLATFORMS, VACCINES } from '../../domain.js';
import { centreEntry, type CentreEntry } from '../open-data/centres.js';
import { CentreState, firstFrom } from './centre-state.js';
import { markOf } from './place-fragments.js';
import type { Snapshot } from './read-model.js';
import {
  centreFigures,
  DAY_WINDOWS,
  dayWindowEnds,
  emptyColumns,
  FIGURE_COLUMNS,
  type FigureColumns,
} from './stats.js';
import type { StoredCentre } from '../store/store.js';
import { isPublic, isStale } from './views.js';

export interface CentrePart {
  readonly centre: StoredCentre;
  readonly mark: number;
  /** The end of the first day window (the Paris midnight after now) it was made for. */
  readonly dayEnd: number;
  /** Null when the centre counts nowhere (not public). */
  readonly figures: FigureColumns | null;
  /** Null when the centres files leave it out. */
  readonly entry: CentreEntry | null;
}

/** A department's centre parts by centre id; each build keeps only the centres it saw. */
export type CentreParts = ReadonlyMap<string, CentrePart>;

export const NO_CENTRE_PARTS: CentreParts = new Map();

/** The parts of these centres now, reusing those of `previous` that still hold. */
export function centreParts(
  snapshot: Snapshot,
  centres: readonly StoredCentre[],
  now: number,
  previous: CentreParts,
): Map<string, CentrePart> {
  const windowEnds = dayWindowEnds(now);
  const parts = new Map<string, CentrePart>();
  for (const centre of centres) {
    const mark = markOf(snapshot, centre, now);
    const before = previous.get(centre.id);
    if (before && before.centre === centre && before.mark === mark && before.dayEnd === windowEnds[0]) {
      parts.set(centre.id, before);
      continue;
    }
    parts.set(centre.id, {
      centre,
      mark,
      dayEnd: windowEnds[0]!,
      figures:
        centre instanceof CentreState
          ? packedFigures(snapshot, centre, now, windowEnds)
          : centreFigures(snapshot, centre, now, windowEnds),
      entry: centreEntry(snapshot, centre, now),
    });
  }
  return parts;
}

const COLUMN = new Map(FIGURE_COLUMNS.map((column, i) => [column, i]));
const columnOf = (name: string): number => COLUMN.get(name)!;
const STALE = columnOf('stale_centers');
/** A group's columns: its centres, its centres with slots, its slots. */
type GroupColumns = readonly [number, number, number];
const groupColumns = (prefix: string): GroupColumns => [
  columnOf(`${prefix}centers`),
  columnOf(`${prefix}centers_with_slots`),
  columnOf(`${prefix}slots`),
];
const GROUPS = {
  all: groupColumns(''),
  platform: new Map(PLATFORMS.map((platform) => [platform, groupColumns(`platform_${platform}_`)])),
  kind: new Map(CENTRE_KINDS.map((kind) => [kind, groupColumns(`kind_${kind}_`)])),
};
const WINDOW_COLUMNS = DAY_WINDOWS.map((days) => columnOf(`slots_next_${days}_days`));
const VACCINE_COLUMNS = VACCINES.map((vaccine) => columnOf(`vaccine_${vaccine}`));
/** By bit of the dose mask (DOSES order). */
const DOSE_COLUMNS = DOSES.map((dose) => columnOf(`dose_${dose}`));
const UNKNOWN_DOSE = columnOf('dose_unknown');

/**
 * centreFigures read straight from the packed slots, without making a slot object: what a scanned centre costs
 * its department's rebuild.
 */
function packedFigures(
  snapshot: Snapshot,
  centre: CentreState,
  now: number,
  windowEnds: readonly number[],
): FigureColumns | null {
  if (!isPublic(centre)) return null;
  const columns = emptyColumns();
  if (isStale(snapshot, centre, now)) {
    columns[STALE] = 1;
    return columns;
  }
  const { starts, vaccines, doses } = centre.packed;
  const first = firstFrom(centre.packed, now);
  const count = starts.length - first;
  for (const group of [GROUPS.all, GROUPS.platform.get(centre.platform)!, GROUPS.kind.get(centre.kind)!]) {
    add(columns, group[0], 1);
    add(columns, group[1], count > 0 ? 1 : 0);
    add(columns, group[2], count);
  }
  for (let i = first; i < starts.length; i += 1) {
    for (let w = 0; w < windowEnds.length; w += 1) if (starts[i]! < windowEnds[w]!) add(columns, WINDOW_COLUMNS[w]!, 1);
    add(columns, VACCINE_COLUMNS[vaccines[i]!]!, 1);
    const mask = doses[i]!;
    if (mask === 0) add(columns, UNKNOWN_DOSE, 1);
    for (let bit = 0; bit < DOSE_COLUMNS.length; bit += 1) if (mask & (1 << bit)) add(columns, DOSE_COLUMNS[bit]!, 1);
  }
  return columns;
}

function add(columns: FigureColumns, at: number, count: number): void {
  columns[at] = columns[at]! + count;
}
