// What a scan changed, compared with what is stored: the slots that appeared, the ones that vanished, and
// those whose identity stayed but whose source motive moved. Pure, so the rule "a re-scan that finds the
// same slots writes nothing" is tested with plain values.
import { DOSES, type Dose, type Slot, type Vaccine } from '../../domain.js';

/**
 * A slot's identity: its start instant, vaccine and doses. Two slots of one answer with the same identity
 * are one slot (a platform listing it under two motives, or twice on two pages).
 */
export interface SlotIdentity {
  readonly startAt: number;
  readonly vaccine: Vaccine;
  /** The doses in canonical order joined by commas (`1,2`, `1_kid`, empty when unknown). */
  readonly dosesKey: string;
}

/** A slot as stored: its identity and the motive it was found under. */
export interface StoredSlotRow extends SlotIdentity {
  readonly motive: string;
}

/** A slot from a scan, ready to store. */
export interface FreshSlot extends StoredSlotRow {
  readonly doses: readonly Dose[];
}

export interface SlotDiff {
  readonly appeared: readonly FreshSlot[];
  readonly gone: readonly StoredSlotRow[];
  /** Same identity, another motive: an update of the stored row, no appearance. */
  readonly moved: readonly FreshSlot[];
  readonly unchanged: number;
}

export function identityKey(slot: SlotIdentity): string {
  return `${slot.startAt}|${slot.vaccine}|${slot.dosesKey}`;
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

/** A scan's slots as distinct identities, the first occurrence of each kept. */
export function freshSlots(slots: readonly Slot[]): FreshSlot[] {
  const seen = new Set<string>();
  const result: FreshSlot[] = [];
  for (const slot of slots) {
    const doses = canonicalDoses(slot.doses);
    const fresh: FreshSlot = { startAt: slot.start.getTime(), vaccine: slot.vaccine, doses, dosesKey: dosesKeyOf(doses), motive: slot.motive };
    const key = identityKey(fresh);
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(fresh);
  }
  return result;
}

/** Compares the stored slots of a centre with a scan's distinct slots. */
export function diffSlots(stored: readonly StoredSlotRow[], fresh: readonly FreshSlot[]): SlotDiff {
  const before = new Map<string, StoredSlotRow>();
  for (const row of stored) before.set(identityKey(row), row);
  const appeared: FreshSlot[] = [];
  const moved: FreshSlot[] = [];
  let unchanged = 0;
  for (const slot of fresh) {
    const key = identityKey(slot);
    const previous = before.get(key);
    if (!previous) appeared.push(slot);
    else {
      before.delete(key);
      if (previous.motive === slot.motive) unchanged += 1;
      else moved.push(slot);
    }
  }
  return { appeared, gone: [...before.values()], moved, unchanged };
}
