// The pure parts of the pages: the tile map's layout and SVG, the population behind the per-inhabitant map,
// the commune index of the search box, and the security policy of each path.
import { describe, expect, it } from 'vitest';
import { communeIndex, communeShards, nameShardKey } from '../../src/api/pages.js';
import { contentSecurityPolicy } from '../../src/api/security-headers.js';
import { DEPARTMENT_POPULATION, TILES, tileMapSvg } from '../../src/api/tile-map.js';
import { DEPARTMENTS } from '../../src/departments.js';

describe('the department tile map', () => {
  it('has one tile per department, each in its own cell', () => {
    expect(TILES.map((tile) => tile.code).sort()).toEqual(DEPARTMENTS.map((department) => department.code).sort());
    expect(new Set(TILES.map((tile) => `${tile.row}:${tile.column}`)).size).toBe(TILES.length);
  });

  it('draws every tile with its value in a tooltip, escaped, and marks missing values', () => {
    const svg = tileMapSvg({
      title: 'Créneaux <test>',
      values: new Map([
        ['75', 1200],
        ['13', 0],
      ]),
      format: (v) => `${v} créneaux`,
      legend: 'moins → plus',
    });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<g><title>/g)).toHaveLength(DEPARTMENTS.length);
    expect(svg).toContain('<title>75 Paris : 1200 créneaux</title>');
    expect(svg).toContain('<title>13 Bouches-du-Rhône : 0 créneaux</title>');
    expect(svg).toContain('<title>2A Corse-du-Sud : pas de données</title>');
    expect(svg).toContain('Créneaux &lt;test&gt;');
    expect(svg).not.toContain('<test>');
  });

  it("knows each department's population from its communes", () => {
    expect(DEPARTMENT_POPULATION.get('75')).toBeGreaterThan(2_000_000);
    expect(DEPARTMENT_POPULATION.get('48')).toBeLessThan(100_000);
    for (const department of DEPARTMENTS)
      expect(DEPARTMENT_POPULATION.get(department.code) ?? 0, department.code).toBeGreaterThan(0);
  });
});

describe('the commune index', () => {
  const rows = JSON.parse(communeIndex()) as Array<[string, string, string, string]>;

  it('lists current communes, most populous first, with department and postal codes', () => {
    expect(rows[0]).toEqual(['Paris', '75056', '75', expect.stringContaining('75011')]);
    expect(rows.find((row) => row[1] === '2A004')).toEqual(['Ajaccio', '2A004', '2A', '20000 20090 20167']);
    expect(rows.length).toBeGreaterThan(34_000);
  });

  it('is cut in pieces by the first two characters of the folded name and of each postal code', () => {
    const shards = new Map([...communeShards()].map(([key, body]) => [key, JSON.parse(body) as typeof rows]));
    expect([
      nameShardKey('Saint-Étienne'),
      nameShardKey('St Étienne'),
      nameShardKey("L'Abergement"),
      nameShardKey('Éze'),
    ]).toEqual(['sa', 'sa', 'l_', 'ez']);
    expect(shards.get('pa')![0]![0]).toBe('Paris');
    expect(shards.get('75')!.map((row) => row[0])).toEqual(['Paris']);
    expect(shards.get('33')!.some((row) => row[0] === 'Bordeaux')).toBe(true);
    const inseeByShard = new Map([...shards].map(([key, shard]) => [key, new Set(shard.map((row) => row[1]))]));
    expect(rows.filter((row) => !inseeByShard.get(nameShardKey(row[0]))?.has(row[1]))).toEqual([]);
  });
});

describe('the content security policy', () => {
  it('allows scripts from the origin only, and framing only of the embed pages', () => {
    for (const path of ['/', '/statistiques', '/api/v1/departments', '/embed.js']) {
      expect(contentSecurityPolicy(path)).toContain("script-src 'self'");
      expect(contentSecurityPolicy(path)).toContain("frame-ancestors 'none'");
    }
    expect(contentSecurityPolicy('/embed/75')).toContain('frame-ancestors *');
    expect(contentSecurityPolicy('/embed/75')).not.toContain("'unsafe-inline'");
  });
});
