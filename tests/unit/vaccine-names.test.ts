import { describe, expect, it } from 'vitest';
import { isBoosterCapable, vaccineFromName } from '../../src/scrapers/vaccine-names.js';
import { normalisePhone } from '../../src/scrapers/phone.js';

describe('vaccine from a motive name', () => {
  it.each([
    ["Vaccination Covid -55ans suite à une première injection d'AZ (ARNm)", 'ARNm'],
    ['Vaccination ARN suite à une 1ere injection Astra Zeneca', 'ARNm'],
    ['Vaccination Covid +55ans AZ', 'AstraZeneca'],
    ['Vaccination Covid Pfizer', 'Pfizer-BioNTech'],
    ['Injection pfizer 1ère dose', 'Pfizer-BioNTech'],
    ['Rappel MODERNA (3ème dose)', 'Moderna'],
    ['Vaccin Johnson & Johnson injection unique', 'Janssen'],
    ['Vaccination AstraZeneca 2e dose', 'AstraZeneca'],
  ])('%s -> %s', (name, brand) => {
    expect(vaccineFromName(name)).toBe(brand);
  });

  it('does not read brands inside ordinary words', () => {
    expect(vaccineFromName('Centre de vaccination de la Marne')).toBeNull();
    expect(vaccineFromName('Vaccination au bazar municipal')).toBeNull();
    expect(vaccineFromName('Consultation pré-vaccinale')).toBeNull();
  });

  it('gives no brand to contra-indication consultations', () => {
    expect(vaccineFromName('Consultation contre indications Pfizer')).toBeNull();
  });

  it('knows which brands were boosters', () => {
    expect(isBoosterCapable('Moderna')).toBe(true);
    expect(isBoosterCapable('Janssen')).toBe(false);
  });
});

describe('phone normalisation', () => {
  it.each([
    ['01 23 45 67 89', '+33123456789'],
    ['01.23.45.67.89', '+33123456789'],
    ['0033123456789', '+33123456789'],
    ['+33 1 23 45 67 89', '+33123456789'],
    ['123456789', '+33123456789'],
    // Overseas departments have their own country codes.
    ['0262 12 34 56', '+262262123456'],
    ['0692 12 34 56', '+262692123456'],
    ['0269 61 12 34', '+262269611234'],
    ['0590 12 34 56', '+590590123456'],
    ['0594 12 34 56', '+594594123456'],
    ['0596 12 34 56', '+596596123456'],
    ['0696 12 34 56', '+596696123456'],
    ['0508 41 12 34', '+508508411234'],
  ])('%s -> %s', (raw, expected) => {
    expect(normalisePhone(raw)).toBe(expected);
  });

  it('gives null for nothing usable', () => {
    expect(normalisePhone('')).toBeNull();
    expect(normalisePhone(null)).toBeNull();
    expect(normalisePhone('appelez-nous')).toBeNull();
  });
});
