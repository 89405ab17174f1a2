// What a scan changed, compared with what is stored: the slots that appeared and the ones that vanished.
// Pure, so the rule "a re-scan that finds the same slots writes nothing" is tested with plain values.
import { DOSES, type Dose, type Slot, type Vaccine } from '../../domain.js';
import { slotVaccine } from './vaccine.js';
import { compareStrings } from '../../text.js';

/**
 * A slot's identity: its start instant, vaccine and doses, and the motive (the platform's agenda or product)
 * it is booked under, which is what tells two bookable slots at one instant apart on the platforms we read
 * (none gives a slot id of its own). The same identity several times in one answer is one slot row with
 * that many places: Mapharma gives `places_dispo` seats per instant, and each seat is an appointment.
 */
export interface SlotIdentity {
  readonly startAt: number;
  readonly vaccine: Vaccine;
  /** The doses in canonical order joined by commas (`1,2`, `1_kid`, empty when unknown). */
  readonly dosesKey: string;
  readonly motive: string;
}

/** A slot as stored: its identity and how many places it has. */
export interface StoredSlotRow extends SlotIdentity {
  readonly places: number;
}

/** A slot from a scan, ready to store. */
export interface FreshSlot extends StoredSlotRow {
  readonly doses: readonly Dose[];
}

export interface SlotDiff {
  readonly appeared: readonly FreshSlot[];
  readonly gone: readonly StoredSlotRow[];
  /** Same identity, another number of places. */
  readonly resized: ReadonlyArray<{ readonly slot: FreshSlot; readonly placesBefore: number }>;
  readonly unchanged: number;
}

/** Doses in the order of DOSES, each once: `[2, 1, 1]` and `[1, 2]` are the same slot. */
export function canonicalDoses(doses: readonly Dose[]): Dose[] {
  return DOSES.filter((dose) => doses.includes(dose));
}

export function dosesKeyOf(doses: readonly Dose[]): string {
  return doses.join(',');
}

/** Parses a stored doses key back (`1,2` → `[1, 2]`, `1_kid` stays a string). */
export function dosesOfKey(key: string): Dose[] {
  if (key === '') return [];
  return key.split(',').map((part) => (part === '1_kid' ? '1_kid' : (Number(part) as Dose)));
}

/**
 * Orders identities (start first). Both sides of a diff are sorted by it and walked together: at a million
 * slots a scan, a key string per slot and a Map per scan cost more than writing the rows.
 */
export function compareIdentities(a: SlotIdentity, b: SlotIdentity): number {
  return (
    a.startAt - b.startAt ||
    compareStrings(a.vaccine, b.vaccine) ||
    compareStrings(a.dosesKey, b.dosesKey) ||
    compareStrings(a.motive, b.motive)
  );
}

/** A scan's slots as distinct identities (in identity order), each with the number of times the answer gave it. */
export function freshSlots(slots: readonly Slot[]): FreshSlot[] {
  const all = slots.map((slot) => {
    const doses = canonicalDoses(slot.doses);
    return {
      startAt: slot.start.getTime(),
      vaccine: slotVaccine(slot),
      doses,
      dosesKey: dosesKeyOf(doses),
      motive: slot.motive,
      places: 1,
    };
  });
  all.sort(compareIdentities);
  const distinct: typeof all = [];
  for (const slot of all) {
    const last = distinct[distinct.length - 1];
    if (last && compareIdentities(last, slot) === 0) last.places += 1;
    else distinct.push(slot);
  }
  return distinct;
}

/** Compares the stored slots of a centre with a scan's distinct slots (as freshSlots gives them). */
export function diffSlots(stored: readonly StoredSlotRow[], fresh: readonly FreshSlot[]): SlotDiff {
  // The store gives them in key order already (its collation may differ on unusual text: sorted again, which
  // costs one pass when they are in order).
  const before = [...stored].sort(compareIdentities);
  const after = isSorted(fresh) ? fresh : [...fresh].sort(compareIdentities);
  const appeared: FreshSlot[] = [];
  const gone: StoredSlotRow[] = [];
  const resized: Array<{ slot: FreshSlot; placesBefore: number }> = [];
  let unchanged = 0;
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    const old = before[i];
    const slot = after[j];
    const order = !old ? 1 : !slot ? -1 : compareIdentities(old, slot);
    if (order < 0) {
      gone.push(old!);
      i += 1;
    } else if (order > 0) {
      appeared.push(slot!);
      j += 1;
    } else {
      if (old!.places === slot!.places) unchanged += 1;
      else resized.push({ slot: slot!, placesBefore: old!.places });
      i += 1;
      j += 1;
    }
  }
  return { appeared, gone, resized, unchanged };
}

function isSorted(slots: readonly SlotIdentity[]): boolean {
  for (let k = 1; k < slots.length; k += 1) if (compareIdentities(slots[k - 1]!, slots[k]!) >= 0) return false;
  return true;
}
