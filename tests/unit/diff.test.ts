// The diff of a centre's scan against its stored slots: pure, plain values.
import { describe, expect, it } from 'vitest';
import {
  canonicalDoses,
  diffSlots,
  dosesOfKey,
  freshSlots,
  type StoredSlotRow,
} from '../../src/aggregator/ingest/diff.js';
import type { Dose, Slot, Vaccine } from '../../src/domain.js';

const T = Date.parse('2030-01-01T08:00:00Z');
const slot = (minutes: number, vaccine: Vaccine = 'Pfizer-BioNTech', doses: Dose[] = [1], motive = 'm1'): Slot => ({
  start: new Date(T + minutes * 60_000),
  vaccine,
  doses,
  motive,
});
const stored = (
  minutes: number,
  vaccine: Vaccine = 'Pfizer-BioNTech',
  dosesKey = '1',
  motive = 'm1',
  places = 1,
): StoredSlotRow => ({ startAt: T + minutes * 60_000, vaccine, dosesKey, motive, places });

describe('slot diff', () => {
  it('finds the slots that appeared, vanished and stayed', () => {
    const diff = diffSlots([stored(0), stored(5), stored(10)], freshSlots([slot(5), slot(10), slot(15)]));
    expect(diff.appeared.map((s) => s.startAt)).toEqual([T + 15 * 60_000]);
    expect(diff.gone.map((s) => s.startAt)).toEqual([T]);
    expect(diff.unchanged).toBe(2);
  });

  it('finds nothing to write when a re-scan finds the same slots, in any order', () => {
    const diff = diffSlots([stored(0), stored(5, 'Moderna', '1,2')], freshSlots([slot(5, 'Moderna', [2, 1]), slot(0)]));
    expect(diff).toEqual({ appeared: [], gone: [], resized: [], unchanged: 2 });
  });

  it('tells slots apart by vaccine and doses, not only by start', () => {
    const diff = diffSlots([stored(0)], freshSlots([slot(0, 'Moderna'), slot(0, 'Pfizer-BioNTech', [2]), slot(0)]));
    expect(diff.appeared.map((s) => `${s.vaccine}:${s.dosesKey}`)).toEqual(['Moderna:1', 'Pfizer-BioNTech:2']);
    expect(diff.unchanged).toBe(1);
  });

  it('collapses duplicates within one answer to one slot, counting its places', () => {
    const fresh = freshSlots([
      slot(0, 'Pfizer-BioNTech', [1], 'a'),
      slot(0, 'Pfizer-BioNTech', [1], 'a'),
      slot(0, 'Pfizer-BioNTech', [1, 1], 'a'),
      slot(5),
    ]);
    expect(fresh.map((s) => [s.startAt, s.motive, s.places])).toEqual([
      [T, 'a', 3],
      [T + 5 * 60_000, 'm1', 1],
    ]);
    expect(diffSlots([], fresh).appeared).toHaveLength(2);
    // The same places again: nothing to write. One place fewer: a resize, not a new slot.
    expect(diffSlots([stored(0, 'Pfizer-BioNTech', '1', 'a', 3), stored(5)], fresh).unchanged).toBe(2);
    const fewer = diffSlots(
      [stored(0, 'Pfizer-BioNTech', '1', 'a', 3), stored(5)],
      freshSlots([slot(0, 'Pfizer-BioNTech', [1], 'a'), slot(5)]),
    );
    expect(fewer.resized.map((r) => [r.placesBefore, r.slot.places])).toEqual([[3, 1]]);
    expect([fewer.appeared, fewer.gone]).toEqual([[], []]);
  });

  it('keeps two slots at one instant booked under two motives (two agendas) apart', () => {
    const fresh = freshSlots([
      slot(0, 'Pfizer-BioNTech', [1], 'agenda-a'),
      slot(0, 'Pfizer-BioNTech', [1], 'agenda-b'),
    ]);
    expect(fresh).toHaveLength(2);
    const diff = diffSlots([stored(0, 'Pfizer-BioNTech', '1', 'agenda-a')], fresh);
    expect(diff.appeared.map((s) => s.motive)).toEqual(['agenda-b']);
    expect(diff.unchanged).toBe(1);
  });

  it('keeps doses in one canonical order and reads a key back', () => {
    expect(canonicalDoses(['1_kid', 3, 1, 1])).toEqual([1, 3, '1_kid']);
    expect(dosesOfKey('1,3,1_kid')).toEqual([1, 3, '1_kid']);
    expect(dosesOfKey('')).toEqual([]);
  });

  it('agrees with a diff by identity keys on seeded random scans, odd motives included', () => {
    let seed = 20_211_129;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
    const motives = ['m1', 'M1', 'é', 'e\u0301', '\u{1F489}', '\uFF21', ''];
    const vaccines: Vaccine[] = ['Pfizer-BioNTech', 'Moderna', 'AstraZeneca'];
    const doseSets: Dose[][] = [[1], [2], [1, 2], [], ['1_kid']];
    const key = (s: { startAt: number; vaccine: string; dosesKey: string; motive: string }) =>
      JSON.stringify([s.startAt, s.vaccine, s.dosesKey, s.motive]);
    for (let round = 0; round < 200; round += 1) {
      const draw = () => slot(Math.floor(random() * 20), pick(vaccines), pick(doseSets), pick(motives));
      const before = freshSlots(Array.from({ length: Math.floor(random() * 30) }, draw));
      const stored = [...before].reverse().map(({ doses: _, ...row }) => row);
      const scan = Array.from({ length: Math.floor(random() * 30) }, draw);
      const diff = diffSlots(stored, freshSlots(scan));

      const counts = new Map<string, number>();
      for (const s of freshSlots(scan)) counts.set(key(s), s.places);
      const expectedGone = stored.filter((s) => !counts.has(key(s))).map(key);
      const storedKeys = new Map(stored.map((s) => [key(s), s.places]));
      const expectedAppeared = [...counts.keys()].filter((k) => !storedKeys.has(k));
      expect(diff.gone.map(key).sort()).toEqual(expectedGone.sort());
      expect(diff.appeared.map(key).sort()).toEqual(expectedAppeared.sort());
      expect(diff.resized.length + diff.unchanged).toBe([...counts.keys()].filter((k) => storedKeys.has(k)).length);
      for (const { slot: s, placesBefore } of diff.resized) expect(placesBefore).toBe(storedKeys.get(key(s)));
      expect(scan.length).toBe(freshSlots(scan).reduce((sum, s) => sum + s.places, 0));
    }
  });
});
