import { describe, expect, it } from 'vitest';
import { departementsFile } from '../../src/aggregator/open-data/centres.js';
import {
  DEPARTMENTS,
  departmentOfInsee,
  departmentOfPostalCode,
  departmentOfPostalDigits,
  inseeFromPostalCode,
} from '../../src/departments.js';
import { placeOfPostalCode } from '../../src/scrapers/postal.js';

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

  it('names only departments of the official list: no 20, no 99', () => {
    expect(departmentOfInsee('20004')).toBeNull();
    expect(departmentOfInsee('99138')).toBeNull();
    expect(departmentOfPostalDigits('99000')).toBeNull();
    expect(departmentOfPostalDigits('00100')).toBeNull();
    expect(departmentOfPostalDigits('98000')).toBeNull();
  });

  it('gives a department to postal codes the commune table lacks: CEDEX step, then the digits', () => {
    // Commune table.
    expect(placeOfPostalCode('13001')).toEqual({ insee: '13055', department: '13' });
    // CEDEX codes: Paris is one commune, so its CEDEX codes keep the commune; elsewhere only the digits speak.
    expect(inseeFromPostalCode('75700')).toBeNull();
    expect(placeOfPostalCode('75700')).toEqual({ insee: '75056', department: '75' });
    expect(placeOfPostalCode('13354')).toEqual({ insee: null, department: '13' });
    expect(placeOfPostalCode('69361')).toEqual({ insee: null, department: '69' });
    expect(placeOfPostalCode('1999')).toEqual({ insee: null, department: '01' });
    // Corsica splits by the third digit; overseas codes have three.
    expect(departmentOfPostalCode('20090')).toBe('2A');
    expect(departmentOfPostalCode('20199')).toBe('2A');
    expect(departmentOfPostalCode('20299')).toBe('2B');
    expect(departmentOfPostalCode('97499')).toBe('974');
    expect(departmentOfPostalCode('97188')).toBe('971');
    expect(departmentOfPostalCode('97133')).toBe('om'); // Saint-Barthélemy, from the commune table
    expect(departmentOfPostalCode('98799')).toBe('om');
    expect(placeOfPostalCode('99999')).toEqual({ insee: null, department: null });
    expect(placeOfPostalCode('not a code')).toEqual({ insee: null, department: null });
  });

  it('finds the INSEE code of a postal code', () => {
    expect(inseeFromPostalCode('75012')).toBe('75056');
    expect(inseeFromPostalCode('01000')).toBe('01053');
    expect(inseeFromPostalCode('00000')).toBeNull();
  });

  it('writes departements.json with float region codes, as the original file', () => {
    const text = departementsFile();
    expect(text).toContain(
      '{"code_departement":"2A","nom_departement":"Corse-du-Sud","code_region":94.0,"nom_region":"Corse"}',
    );
    expect(
      text.endsWith(
        '{"code_departement":"om","nom_departement":"Collectivités ' +
          'd\'Outremer","code_region":-1,"nom_region":"Outremer"}]',
      ),
    ).toBe(true);
    expect(JSON.parse(text)).toHaveLength(102);
  });
});
