// The place groups of a snapshot: the live read model keeps its own, incrementally; a snapshot built by
// hand (tests, one-off tools) gets them computed once from its centres.
import type { Snapshot } from '../read-model.js';
import { groupsOf, type PlaceIndex } from './groups.js';

const computed = new WeakMap<Snapshot, PlaceIndex>();

export function placesOf(snapshot: Snapshot): PlaceIndex {
  if (snapshot.places) return snapshot.places;
  let places = computed.get(snapshot);
  if (!places) computed.set(snapshot, (places = groupsOf(snapshot.centres)));
  return places;
}
