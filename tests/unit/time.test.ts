import { describe, expect, it } from 'vitest';
import {
  addDaysToDate,
  parisDate,
  parisMidnight,
  parseInstantWithOffset,
  parseParisLocal,
  toParisIso,
  toParisLocalNaive,
} from '../../src/time.js';

describe('time helpers', () => {
  it('renders instants in Paris time with the offset of the date (winter +01:00, summer +02:00)', () => {
    expect(toParisIso(new Date('2021-01-15T08:00:00Z'))).toBe('2021-01-15T09:00:00+01:00');
    expect(toParisIso(new Date('2021-07-15T08:00:00.123Z'))).toBe('2021-07-15T10:00:00+02:00');
  });

  it('gives the Paris calendar date, which differs from the UTC date late in the evening', () => {
    expect(parisDate(new Date('2021-05-19T22:30:00Z'))).toBe('2021-05-20');
    expect(parisDate(new Date('2021-05-19T21:30:00Z'))).toBe('2021-05-19');
  });

  it('finds Paris midnight of a date, and refuses a malformed one', () => {
    expect(parisMidnight('2021-05-20')!.toISOString()).toBe('2021-05-19T22:00:00.000Z');
    expect(parisMidnight('2021-01-20')!.toISOString()).toBe('2021-01-19T23:00:00.000Z');
    expect(parisMidnight('2021-02-30')).toBeNull();
    expect(parisMidnight('20210220')).toBeNull();
    expect(addDaysToDate('2021-10-30', 2)).toBe('2021-11-01');
  });

  it('reads offsets in every form platforms send, microseconds included', () => {
    expect(parseInstantWithOffset('2021-04-20T16:53:00.000000+0200')!.toISOString()).toBe('2021-04-20T14:53:00.000Z');
    expect(parseInstantWithOffset('2021-04-10T21:45:00.000+02:00')!.toISOString()).toBe('2021-04-10T19:45:00.000Z');
    expect(parseInstantWithOffset('2021-05-13T13:40:00.000Z')!.toISOString()).toBe('2021-05-13T13:40:00.000Z');
  });

  it('refuses to guess the zone of an offset-less string, and reads Paris local time when told to', () => {
    expect(parseInstantWithOffset('2021-06-01T09:30:00')).toBeNull();
    expect(parseInstantWithOffset('garbage+02:00')).toBeNull();
    expect(parseParisLocal('2021-06-01T09:30:00')!.toISOString()).toBe('2021-06-01T07:30:00.000Z');
    expect(parseParisLocal('2021-12-01 09:30:00')!.toISOString()).toBe('2021-12-01T08:30:00.000Z');
    expect(parseParisLocal('2021-06-01T09:30:00Z')).toBeNull();
    // Across the autumn DST change the same wall-clock hour maps to different UTC hours.
    expect(parseParisLocal('2021-10-30T10:00:00')!.toISOString()).toBe('2021-10-30T08:00:00.000Z');
    expect(parseParisLocal('2021-11-01T10:00:00')!.toISOString()).toBe('2021-11-01T09:00:00.000Z');
    expect(toParisLocalNaive(new Date('2021-11-01T09:00:00Z'))).toBe('2021-11-01T10:00:00');
  });
});
