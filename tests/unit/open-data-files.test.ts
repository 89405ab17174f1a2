// The open-data files of open-data-format.md from hand-built snapshots: the daily slot file and its tags,
// the flat centre list, the statistics files with the two defects of the original corrected.
import { describe, expect, it } from 'vitest';
import type { StatsBucket } from '../../src/aggregator/store/history-store.js';
import { centresFile } from '../../src/aggregator/open-data/centres.js';
import { openDataFiles } from '../../src/aggregator/open-data/files.js';
import { centresOpenData, creneauxQuotidiens, tagCounts } from '../../src/aggregator/open-data/slots.js';
import {
  statsByDateDepFile,
  statsByDateFile,
  statsByVaccineFile,
  statsCenterTypesFile,
  statsFile,
  statsFileJson,
} from '../../src/aggregator/open-data/stats.js';
import { centre, minutes, NOW, slot, snapshot } from '../support/snapshot.js';

const DAY = 24 * 60;
const world = snapshot([
  centre('a', {
    firstSeenAt: 2,
    slots: [
      slot(minutes(60), 'Pfizer-BioNTech', [1, 2]),
      slot(minutes(90), 'Moderna', [3]),
      slot(minutes(DAY + 60), 'Pfizer-BioNTech', ['1_kid']),
    ],
  }),
  centre('b', {
    firstSeenAt: 1,
    slots: [slot(minutes(120), 'Pfizer-BioNTech', []), slot(minutes(20 * DAY), 'Pfizer-BioNTech', [1])],
  }),
  centre('c', { firstSeenAt: 3, slots: [] }),
  centre('d', { firstSeenAt: 4, department: '13', slots: [slot(minutes(30), 'Moderna', [1])] }),
  centre('dup', { firstSeenAt: 5, bookingUrl: 'https://example.org/a', slots: [] }),
  centre('pro', { firstSeenAt: 6, name: 'Vaccination des professionnels de santé', slots: [slot(minutes(30))] }),
  centre('never', { firstSeenAt: 0, lastSuccessAt: null, slots: [] }),
]);

describe('creneaux-quotidiens.json', () => {
  it('has today and the next 11 days, with per-centre counts of every tag in the fixed order', () => {
    const file = creneauxQuotidiens(world, NOW, '75');
    expect(file.departement).toBe('75');
    expect(file.creneaux_quotidiens.map((day) => day.date)).toEqual(
      Array.from({ length: 12 }, (_, i) => `2026-03-${String(2 + i).padStart(2, '0')}`),
    );
    const [today, tomorrow] = file.creneaux_quotidiens;
    expect(today!.total).toBe(3);
    expect(today!.creneaux_par_lieu).toEqual([
      {
        lieu: 'a',
        creneaux_par_tag: [
          { tag: 'all', creneaux: 2 },
          { tag: 'first_or_second_dose', creneaux: 2 },
          { tag: 'kids_first_dose', creneaux: 0 },
          { tag: 'third_dose', creneaux: 1 },
          { tag: 'unknown_dose', creneaux: 0 },
        ],
      },
      {
        lieu: 'b',
        creneaux_par_tag: [
          { tag: 'all', creneaux: 1 },
          { tag: 'first_or_second_dose', creneaux: 0 },
          { tag: 'kids_first_dose', creneaux: 0 },
          { tag: 'third_dose', creneaux: 0 },
          { tag: 'unknown_dose', creneaux: 1 },
        ],
      },
    ]);
    expect(tomorrow!.creneaux_par_lieu.map((place) => place.lieu)).toEqual(['a']);
    // The slot 20 days ahead is outside the file's range; reserved centres publish nothing.
    expect(file.creneaux_quotidiens.reduce((sum, day) => sum + day.total, 0)).toBe(4);
  });

  it('counts a [1, 2] slot twice in first_or_second_dose, as the format does', () => {
    expect(tagCounts([1, 2]).first_or_second_dose).toBe(2);
    expect(tagCounts([]).unknown_dose).toBe(1);
  });
});

describe('centres_open_data.json', () => {
  it('lists every centre that answered, reserved ones too, once per URL, in the order first seen', () => {
    expect(centresOpenData(world).map((entry) => entry.url.split('/').pop())).toEqual(['b', 'a', 'c', 'd', 'pro']);
    expect(centresOpenData(world)[0]).toEqual({
      departement: '75',
      plateforme: 'Doctolib',
      nom: 'Centre b',
      url: 'https://example.org/b',
    });
  });
});

describe('statistics files', () => {
  const centres = centresFile(world, NOW);

  it(
    "stats.json: a department's creneaux is the plain sum (the original " + 'multiplied it by its available centres)',
    () => {
      expect(statsFile(centres)).toEqual({
        tout_departement: { disponibles: 3, total: 5, creneaux: 6 },
        '13': { disponibles: 1, indisponibles: 0, creneaux: 1, total: 1 },
        '75': { disponibles: 2, indisponibles: 2, creneaux: 5, total: 4 },
      });
    },
  );

  it('stats.json is written with tout_departement first, then departments in code order', () => {
    expect(Object.keys(JSON.parse(statsFileJson(statsFile(centres))) as object)).toEqual([
      '13',
      '75',
      'tout_departement',
    ]);
    expect(statsFileJson(statsFile(centres))).toMatch(/^\{"tout_departement":\{[^}]*\},"13":\{[^}]*\},"75":/);
  });

  it('stats_by_vaccine.json: available centres per vaccine (the original squared it)', () => {
    expect(statsByVaccineFile(centres)).toEqual({ 'Pfizer-BioNTech': 2, Moderna: 2 });
  });

  it('history files: daily points before the hourly ones, integer means, every list aligned on dates', () => {
    const bucket = (
      granularity: 'hour' | 'day',
      scope: string,
      at: string,
      samples: number,
      sums: Record<string, number>,
    ): StatsBucket => ({ granularity, scope, bucketStart: Date.parse(at), samples, sums });
    const history = snapshot([], {
      day: [
        bucket('day', 'FR', '2026-02-27T23:00:00Z', 2, {
          centers: 20,
          centers_with_slots: 9,
          slots: 101,
          platform_doctolib_centers: 20,
          kind_drugstore_centers: 4,
        }),
        bucket('day', '75', '2026-02-27T23:00:00Z', 2, { centers: 4, slots: 10 }),
      ],
      hour: [
        bucket('hour', 'FR', '2026-03-02T08:00:00Z', 1, {
          centers: 11,
          centers_with_slots: 5,
          slots: 40,
          platform_doctolib_centers: 11,
          platform_doctolib_slots: 40,
        }),
        bucket('hour', '13', '2026-03-02T08:00:00Z', 1, { centers: 1 }),
      ],
    });
    expect(statsByDateFile(history)).toEqual({
      dates: ['2026-02-28 00:00:00', '2026-03-02 09:00:00'],
      total_centres_disponibles: [5, 5],
      total_centres: [10, 11],
      total_appointments: [51, 40],
    });
    const byDep = statsByDateDepFile(history);
    expect(byDep.dates).toHaveLength(2);
    expect(byDep.dep_centres).toEqual({ '13': [0, 1], '75': [2, 0] });
    expect(byDep.dep_appointments['75']).toEqual([5, 0]);
    const types = statsCenterTypesFile(history);
    expect(Object.keys(types.plateformes)).toEqual(['Doctolib']);
    expect(types.plateformes.Doctolib).toEqual({ disponible: [0, 0], total: [10, 11], creneaux: [0, 40] });
    expect(Object.keys(types.center_types)).toEqual(['drugstore']);
  });
});

describe('the catalogue', () => {
  it('has every file of the format: 102 department files, 102 daily files and the national ones', () => {
    const paths = openDataFiles().map((file) => file.path);
    expect(paths).toHaveLength(2 + 102 + 102 + 6);
    for (const name of [
      'departements.json',
      'info_centres.json',
      'centres_open_data.json',
      'stats.json',
      'stats_by_date.json',
      'stats_by_date_dep.json',
      'stats_center_types.json',
      'stats_by_vaccine.json',
      '2A.json',
      'om.json',
      '971/creneaux-quotidiens.json',
    ]) {
      expect(paths).toContain(name);
    }
  });
});
