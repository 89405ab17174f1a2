// What each centre brings to its department's parts (its share of the figures, its entry in the centres files),
// cached per centre. During a scan cycle a department is rebuilt after a change to one or two of its ~100
// centres: the others bring what they brought last time, so a rebuild makes only the changed centres' parts
// again and sums the rest. Everything a part shows depends only on the centre's state (a change replaces it),
// whether it is stale, how many of its slots have not begun (they are sorted: that count says which), and
// the Paris day (the day windows of the figures): those are the cache key.
import { centreEntry, type CentreEntry } from '../open-data/centres.js';
import { markOf } from './place-fragments.js';
import type { Snapshot } from './read-model.js';
import { centreFigures, dayWindowEnds, type FigureColumns } from './stats.js';
import type { StoredCentre } from '../store/store.js';

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
      figures: centreFigures(snapshot, centre, now, windowEnds),
      entry: centreEntry(snapshot, centre, now),
    });
  }
  return parts;
}
