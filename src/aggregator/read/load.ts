// What the read model reads from the store: everything once (at start, or when the change log was pruned
// past its position), then only the centres the changes name.
import type { Store } from '../store/store.js';
import { CentreState, NO_SLOTS, PackedSlotsBuilder, packSlots, type PackedSlots } from './centre-state.js';

/** Every listed centre with its packed slots, and the change log position they reflect (read first). */
export function loadEverything(store: Store): { seq: number; centres: CentreState[] } {
  const seq = store.changeLogBounds().last;
  const records = store.centreRecords();
  const slots = new Map<string, PackedSlots>();
  const builder = new PackedSlotsBuilder();
  let current: string | null = null;
  for (const [centreId, startAt, vaccine, dosesKey, places] of store.allSlotRows()) {
    if (centreId !== current) {
      if (current !== null) slots.set(current, builder.take());
      current = centreId;
    }
    builder.add(startAt, vaccine, dosesKey, places);
  }
  if (current !== null) slots.set(current, builder.take());
  return { seq, centres: records.map((record) => new CentreState(record, slots.get(record.id) ?? NO_SLOTS)) };
}

/** What the changes after `seq` touched: per centre, whether its slots changed; and the new position. */
export function touchedSince(
  store: Store,
  seq: number,
  batch: number,
): { seq: number; touched: Map<string, { slots: boolean }> } {
  const touched = new Map<string, { slots: boolean }>();
  let last = seq;
  for (;;) {
    const changes = store.changesSince(last, batch);
    for (const change of changes) {
      const entry = touched.get(change.centreId) ?? { slots: false };
      if (change.kind !== 'centre-changed') entry.slots = true;
      touched.set(change.centreId, entry);
      last = change.seq;
    }
    if (changes.length < batch) return { seq: last, touched };
  }
}

/**
 * The new state of each touched centre (null when it is gone or retired): its record read again, its slots
 * only when they changed.
 */
export function reloadCentres(
  store: Store,
  touched: ReadonlyMap<string, { slots: boolean }>,
  before: ReadonlyMap<string, CentreState>,
): Map<string, CentreState | null> {
  const records = new Map(store.centreRecords([...touched.keys()]).map((record) => [record.id, record]));
  const states = new Map<string, CentreState | null>();
  for (const [id, { slots }] of touched) {
    const record = records.get(id);
    const previous = before.get(id);
    states.set(
      id,
      record ? new CentreState(record, slots || !previous ? packSlots(store.slotRowsOf(id)) : previous.packed) : null,
    );
  }
  return states;
}
