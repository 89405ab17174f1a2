// What a scan changed, compared with what is stored: the slots that appeared and the ones that vanished.
// Pure, so the rule "a re-scan that finds the same slots writes nothing" is tested with plain values.
import { DOSES, type Dose, type Slot, type Vaccine } from '../../domain.js';
import { slotVaccine } from './vaccine.js';

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

export function identityKey(slot: SlotIdentity): string {
  return `${slot.startAt}|${slot.vaccine}|${slot.dosesKey}|${slot.motive}`;
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

/** A scan's slots as distinct identities, each with the number of times the answer gave it. */
export function freshSlots(slots: readonly Slot[]): FreshSlot[] {
  const byKey = new Map<string, { -readonly [K in keyof FreshSlot]: FreshSlot[K] }>();
  for (const slot of slots) {
    const doses = canonicalDoses(slot.doses);
    const fresh = {
      startAt: slot.start.getTime(),
      vaccine: slotVaccine(slot),
      doses,
      dosesKey: dosesKeyOf(doses),
      motive: slot.motive,
      places: 1,
    };
    const key = identityKey(fresh);
    const seen = byKey.get(key);
    if (seen) seen.places += 1;
    else byKey.set(key, fresh);
  }
  return [...byKey.values()];
}

/** Compares the stored slots of a centre with a scan's distinct slots. */
export function diffSlots(stored: readonly StoredSlotRow[], fresh: readonly FreshSlot[]): SlotDiff {
  const before = new Map<string, StoredSlotRow>();
  for (const row of stored) before.set(identityKey(row), row);
  const appeared: FreshSlot[] = [];
  const resized: Array<{ slot: FreshSlot; placesBefore: number }> = [];
  let unchanged = 0;
  for (const slot of fresh) {
    const key = identityKey(slot);
    const previous = before.get(key);
    if (!previous) {
      appeared.push(slot);
      continue;
    }
    before.delete(key);
    if (previous.places === slot.places) unchanged += 1;
    else resized.push({ slot, placesBefore: previous.places });
  }
  return { appeared, gone: [...before.values()], resized, unchanged };
}
