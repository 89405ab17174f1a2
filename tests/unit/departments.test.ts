import { describe, expect, it } from 'vitest';
import { departementsFile } from '../../src/aggregator/open-data/centres.js';
import { DEPARTMENTS, departmentOfInsee, inseeFromPostalCode } from '../../src/departments.js';

describe('departments', () => {
  it('has the 102 codes of the open-data format, sorted, 2A at index 28, om last', () => {
    const codes = DEPARTMENTS.map((department) => department.code);
    expect(codes).toHaveLength(102);
    expect(codes).not.toContain('20');
    expect(codes).not.toContain('975');
    expect(codes[28]).toBe('2A');
    expect(codes.at(-1)).toBe('om');
    expect([...codes].sort()).toEqual(codes);
  });

  it('maps INSEE codes to departments, overseas collectivities to om', () => {
    expect(departmentOfInsee('75056')).toBe('75');
    expect(departmentOfInsee('2A004')).toBe('2A');
    expect(departmentOfInsee('1053')).toBe('01');
    expect(departmentOfInsee('97411')).toBe('974');
    expect(departmentOfInsee('97502')).toBe('om');
    expect(departmentOfInsee('97801')).toBe('om');
    expect(departmentOfInsee('abc')).toBeNull();
  });

  it('finds the INSEE code of a postal code', () => {
    expect(inseeFromPostalCode('75012')).toBe('75056');
    expect(inseeFromPostalCode('01000')).toBe('01053');
    expect(inseeFromPostalCode('00000')).toBeNull();
  });

  it('writes departements.json with float region codes, as the original file', () => {
    const text = departementsFile();
    expect(text).toContain('{"code_departement":"2A","nom_departement":"Corse-du-Sud","code_region":94.0,"nom_region":"Corse"}');
    expect(text.endsWith('{"code_departement":"om","nom_departement":"Collectivités d\'Outremer","code_region":-1,"nom_region":"Outremer"}]')).toBe(true);
    expect(JSON.parse(text)).toHaveLength(102);
  });
});
