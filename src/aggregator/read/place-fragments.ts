// The hot department answer (/api/v1/departments/{code}/centers, no filter) joined from cached JSON fragments,
// one per place. During a scan cycle a department rebuild follows a change to one or two of its ~100 centres:
// the other places' entries are the same bytes as last time, so only the changed ones are made again. A
// fragment is reused only when every listing of its place is the same state object (a change to a centre
// replaces its state), with the same staleness and the same number of slots not yet begun at `now`: everything
// an entry shows depends on nothing else. The answer is byte-identical to JSON.stringify of the whole, and is
// assembled as bytes from the fragments' encoded JSON (json-bytes.ts): no string of the whole is ever made.
import { findDepartment } from '../../departments.js';
import { CentreState } from './centre-state.js';
import { encodedJson, jsonBytes } from './json-bytes.js';
import type { AnswerContent } from './prepared.js';
import type { Snapshot } from './read-model.js';
import type { StoredCentre } from '../store/store.js';
import { comparePlaceRows, isStale, placeGroups, placeRow } from './views.js';

interface PlaceFragment {
  readonly listings: readonly StoredCentre[];
  /** Per listing: -1 when stale, else how many of its slots have not begun. */
  readonly marks: readonly number[];
  /** Its entry's JSON, encoded. */
  readonly json: Buffer;
  readonly soonestAt: number | null;
  readonly name: string;
}

/** A department's fragments by place (its first listing's id); each build keeps only the places it showed. */
export type PlaceFragments = ReadonlyMap<string, PlaceFragment>;

export const NO_FRAGMENTS: PlaceFragments = new Map();

/** The body of the hot department answer, and the fragments to hand to the next build of it. */
export function departmentCentresFromFragments(
  snapshot: Snapshot,
  code: string,
  now: number,
  previous: PlaceFragments,
): { content: AnswerContent; fragments: PlaceFragments } {
  const department = findDepartment(code)!;
  const fragments = new Map<string, PlaceFragment>();
  for (const listings of placeGroups(snapshot, code, {})) {
    const key = listings[0]!.id;
    const marks = listings.map((centre) => markOf(snapshot, centre, now));
    const before = previous.get(key);
    if (before && sameListings(before, listings, marks)) {
      fragments.set(key, before);
      continue;
    }
    const row = placeRow(snapshot, listings, {}, now);
    fragments.set(key, {
      listings,
      marks,
      json: encodedJson(row.summary),
      soonestAt: row.soonestAt,
      name: row.name,
    });
  }
  const rows = [...fragments.values()].sort(comparePlaceRows);
  const body = jsonBytes([
    `{"department":${JSON.stringify({ code: department.code, name: department.name })},"centers":[`,
    { list: rows.map((row) => row.json) },
    ']}',
  ]);
  return { content: { body, soonestSlotAt: rows[0]?.soonestAt ?? null }, fragments };
}

/**
 * What of `now` a centre's entries depend on: -1 when stale, else how many of its slots have not begun. NaN
 * (never equal) for a centre whose slots are not packed: a plain snapshot is not cached.
 */
export function markOf(snapshot: Snapshot, centre: StoredCentre, now: number): number {
  if (!(centre instanceof CentreState)) return Number.NaN;
  return isStale(snapshot, centre, now) ? -1 : centre.countFrom(now);
}

function sameListings(fragment: PlaceFragment, listings: readonly StoredCentre[], marks: readonly number[]): boolean {
  if (fragment.listings.length !== listings.length) return false;
  for (let i = 0; i < listings.length; i += 1)
    if (fragment.listings[i] !== listings[i] || fragment.marks[i] !== marks[i]) return false;
  return true;
}
