// The place groups of a snapshot: the live read model keeps its own, incrementally; a snapshot built by
// hand (tests, one-off tools) gets them computed once from its centres.
import type { Snapshot } from '../read-model.js';
import { groupsOf, type PlaceIndex } from './groups.js';
import { getOrInsert } from '../../../maps.js';

const computed = new WeakMap<Snapshot, PlaceIndex>();

export function placesOf(snapshot: Snapshot): PlaceIndex {
  if (snapshot.places) return snapshot.places;
  return getOrInsert(computed, snapshot, () => groupsOf(snapshot.centres));
}
