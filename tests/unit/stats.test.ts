// Live figures from a hand-built snapshot: what counts as a centre, the day windows, doses counted once
// per dose, stable CSV columns.
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/aggregator/read/csv.js';
import { FIGURE_COLUMNS, flattenFigures, statsNow } from '../../src/aggregator/read/stats.js';
import { centre, minutes, NOW, slot, snapshot } from '../support/snapshot.js';

const HOUR = 60;
// NOW is 09:00 Paris on Monday 2 March 2026: today ends in 15 h.
const world = snapshot([
  centre('a', {
    slots: [
      slot(minutes(-1)),
      slot(minutes(HOUR)),
      slot(minutes(20 * HOUR), 'Moderna', [1, 2]),
      slot(minutes(6 * 24 * HOUR), 'Janssen', []),
    ],
  }),
  centre('b', { platform: 'maiia', kind: 'drugstore', department: '13', slots: [] }),
  centre('c', {
    platform: 'maiia',
    kind: 'drugstore',
    department: '13',
    slots: [slot(minutes(10 * 24 * HOUR), 'Moderna', [3])],
  }),
  centre('stale', { lastSuccessAt: NOW - 2 * 3_600_000, slots: [slot(minutes(30))] }),
  centre('never', { lastSuccessAt: null, slots: [] }),
]);

describe('statistics now', () => {
  const stats = statsNow(world, NOW);

  it('counts centres whose state is known, apart from stale ones', () => {
    expect(stats.national).toMatchObject({ centers: 3, centers_with_slots: 2, stale_centers: 1, slots: 4 });
    expect(stats.national.by_platform.maiia).toEqual({ centers: 2, centers_with_slots: 1, slots: 1 });
    expect(stats.national.by_kind['vaccination-center']).toEqual({ centers: 1, centers_with_slots: 1, slots: 3 });
  });

  it('counts slots in Paris calendar-day windows from today', () => {
    expect(stats.national.slots_next_days).toEqual({ '1': 1, '2': 2, '7': 3, '28': 4 });
  });

  it('counts a slot for each dose it serves, and an unknown dose apart', () => {
    expect(stats.national.slots_by_dose).toEqual({ '1': 2, '2': 1, '3': 1, '1_kid': 0, unknown: 1 });
    expect(stats.national.slots_by_vaccine).toMatchObject({
      'Pfizer-BioNTech': 1,
      Moderna: 2,
      Janssen: 1,
      AstraZeneca: 0,
    });
  });

  it('has every department, zeros included, with its own figures', () => {
    expect(stats.departments).toHaveLength(102);
    expect(stats.departments.find((d) => d.code === '13')!.figures).toMatchObject({
      centers: 2,
      centers_with_slots: 1,
      slots: 1,
    });
    expect(stats.departments.find((d) => d.code === '01')!.figures.centers).toBe(0);
  });

  it('flattens to the stable columns, every one present', () => {
    const flat = flattenFigures(stats.national);
    expect(Object.keys(flat)).toEqual([...FIGURE_COLUMNS]);
    expect(FIGURE_COLUMNS.slice(0, 8)).toEqual([
      'centers',
      'centers_with_slots',
      'stale_centers',
      'slots',
      'slots_next_1_days',
      'slots_next_2_days',
      'slots_next_7_days',
      'slots_next_28_days',
    ]);
    expect(flat.platform_maiia_slots).toBe(1);
  });
});

describe('CSV', () => {
  it('writes a header, CRLF lines and quotes only what needs it', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x, y', 2],
          ['say "hi"', null],
          ["Collectivités d'Outremer", 0],
        ],
      ),
    ).toBe('a,b\r\n"x, y",2\r\n"say ""hi""",\r\nCollectivités d\'Outremer,0\r\n');
  });

  it('keeps a value that a spreadsheet would run as a formula inert', () => {
    expect(toCsv(['a'], [['=HYPERLINK("x")'], ['-1+2'], [-3]])).toBe('a\r\n"\'=HYPERLINK(""x"")"\r\n\'-1+2\r\n-3\r\n');
  });
});
