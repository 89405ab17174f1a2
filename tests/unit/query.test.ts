import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/errors.js';
import { parseSlotFilter } from '../../src/api/query.js';

describe('slot filter from a query string', () => {
  it('reads vaccine, dose and Paris calendar dates (to inclusive)', () => {
    expect(parseSlotFilter({ vaccine: 'Moderna', dose: '3', from: '2021-06-01', to: '2021-06-02' })).toEqual({
      vaccine: 'Moderna',
      dose: 3,
      from: Date.parse('2021-05-31T22:00:00Z'),
      to: Date.parse('2021-06-02T22:00:00Z'),
    });
    expect(parseSlotFilter({ dose: '1_kid' })).toEqual({ dose: '1_kid' });
    expect(parseSlotFilter({})).toEqual({});
  });

  it.each([
    [{ vaccine: 'Sputnik' }, /vaccine/],
    [{ dose: '4' }, /dose/],
    [{ from: '2021-13-01' }, /from: 2021-13-01 is not a calendar date/],
    [{ from: '01/06/2021' }, /from: must be a date/],
    [{ from: '2021-06-03', to: '2021-06-01' }, /from: must not be after to/],
    [{ dose: ['1', '2'] }, /dose: give one value/],
    [{ vaccin: 'Moderna' }, /vaccin: unknown parameter/],
  ])('refuses %o with a 400 that names the parameter', (query, message) => {
    try {
      parseSlotFilter(query);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(400);
      expect((error as ApiError).message).toMatch(message);
    }
  });
});
