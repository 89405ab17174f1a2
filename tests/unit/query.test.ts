import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/errors.js';
import { parseHistoryQuery, parseSearchQuery, parseSlotFilter } from '../../src/api/query.js';

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
    [{ to: '9999-12-31' }, /to: 9999-12-31 is out of range \(2000-01-01 to 2099-12-31\)/],
    [{ to: '2100-01-01T00:00Z' }, /to: .* is out of range/],
    [{ from: '1999-12-31' }, /from: 1999-12-31 is out of range/],
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

describe('search query', () => {
  const search = (query: Record<string, unknown>) =>
    parseSearchQuery(query, { withDepartment: true, withPaging: true });

  it('reads place filters, date-times in Paris time, and paging', () => {
    expect(
      search({
        department: '2A',
        commune: '2A004',
        postal_code: '20000',
        platform: 'maiia',
        lat: '41.9',
        lon: '8.7',
        radius_km: '12.5',
        limit: '10',
      }),
    ).toEqual({
      filter: {
        department: '2A',
        commune: '2A004',
        postalCode: '20000',
        platform: 'maiia',
        near: { latitude: 41.9, longitude: 8.7, radiusKm: 12.5 },
      },
      limit: 10,
    });
    expect(search({ from: '2026-03-02T09:30', to: '2026-03-02T10:00:00Z' }).filter).toEqual({
      from: Date.parse('2026-03-02T08:30:00Z'),
      to: Date.parse('2026-03-02T10:00:00Z'),
    });
    expect(search({}).limit).toBe(50);
  });

  it.each([
    [{ department: '20' }, 'unknown_department'],
    [{ department: '../etc' }, 'invalid_parameter'],
    [{ commune: '99999' }, 'unknown_commune'],
    [{ postal_code: '00000' }, 'unknown_postal_code'],
    [{ lat: '48.8' }, 'invalid_parameter'],
    [{ radius_km: '5' }, 'invalid_parameter'],
    [{ lat: '48.8', lon: '2.3', radius_km: '0' }, 'invalid_parameter'],
    [{ lat: '48.8', lon: '2.3', radius_km: '501' }, 'invalid_parameter'],
    [{ lat: '91', lon: '2.3' }, 'invalid_parameter'],
    [{ lat: '1e2', lon: '2.3' }, 'invalid_parameter'],
    [{ limit: '0' }, 'invalid_parameter'],
    [{ limit: '201' }, 'invalid_parameter'],
    [{ cursor: 'garbage' }, 'invalid_cursor'],
    [{ from: '2026-03-02T25:00' }, 'invalid_parameter'],
    [{ from: '2026-03-05', to: '2026-03-02T10:00' }, 'invalid_parameter'],
    [{ platform: "doctolib' OR 1=1 --" }, 'invalid_parameter'],
    [{ vaccine: 'x'.repeat(201) }, 'parameter_too_long'],
    [Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`p${i}`, '1'])), 'too_many_parameters'],
    [{ dose: { $gt: '' } }, 'invalid_parameter'],
    [{ limit: '10', sort: 'distance' }, 'unknown_parameter'],
  ])('refuses %o with %s', (query, code) => {
    try {
      search(query);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(400);
      expect((error as ApiError).code).toBe(code);
    }
  });

  it('history: granularity, department scope, dates', () => {
    expect(parseHistoryQuery({})).toEqual({ granularity: 'hour', scope: 'FR' });
    expect(parseHistoryQuery({ granularity: 'day', department: '971', from: '2026-03-01' })).toEqual({
      granularity: 'day',
      scope: '971',
      from: Date.parse('2026-02-28T23:00:00Z'),
    });
    expect(() => parseHistoryQuery({ granularity: 'minute' })).toThrow(ApiError);
    expect(() => parseHistoryQuery({ department: '975' })).toThrow(/no department/);
    expect(() => parseHistoryQuery({ to: '9999-12-31' })).toThrow(/to: 9999-12-31 is out of range/);
    // The last day accepted is inclusive: its end is the first instant of the next year.
    expect(parseHistoryQuery({ to: '2099-12-31' }).to).toBe(Date.parse('2099-12-31T23:00:00Z'));
  });
});
