// The time helpers read and render the common shapes by arithmetic instead of luxon (issue 9: luxon was the
// largest CPU cost per slot on both sides of a scan). These tests hold them to luxon's own answers, over
// seeded random instants and around every daylight-saving change of a few years.
import { DateTime, FixedOffsetZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { randomFor } from '../../src/sandbox/random.js';
import {
  addDaysToDate,
  parisDate,
  parisHourLabel,
  parseInstantWithOffset,
  toParisIso,
  toParisIsoMillis,
  toParisLocalNaive,
} from '../../src/time.js';

const PARIS = 'Europe/Paris';
const random = randomFor('time-fast-paths', 1);

/** Random instants from 1950 to 2100, and every second-ish around the DST changes of 2020-2027. */
function instants(): Date[] {
  const out: Date[] = [];
  const from = Date.UTC(1950, 0, 1);
  const to = Date.UTC(2100, 0, 1);
  for (let i = 0; i < 3000; i += 1) out.push(new Date(from + Math.floor(random() * (to - from))));
  for (let year = 2020; year <= 2027; year += 1) {
    for (const month of [2, 9]) {
      // The last Sunday of March and October, 01:00 UTC.
      const lastDay = new Date(Date.UTC(year, month + 1, 0));
      const sunday = lastDay.getUTCDate() - lastDay.getUTCDay();
      const change = Date.UTC(year, month, sunday, 1);
      for (let delta = -7_200_000; delta <= 7_200_000; delta += 599_999) out.push(new Date(change + delta));
    }
  }
  return out;
}

describe('time helpers against luxon', () => {
  it('render every instant as luxon renders it in Paris time', () => {
    for (const instant of instants()) {
      const paris = DateTime.fromJSDate(instant, { zone: PARIS });
      const fixed = DateTime.fromMillis(instant.getTime(), { zone: FixedOffsetZone.instance(paris.offset) });
      expect(toParisIso(instant)).toBe(
        fixed.startOf('second').toISO({ suppressMilliseconds: true, includeOffset: true }),
      );
      expect(toParisIsoMillis(instant)).toBe(fixed.toISO({ suppressMilliseconds: false, includeOffset: true }));
      expect(parisDate(instant)).toBe(paris.toISODate());
      expect(toParisLocalNaive(instant)).toBe(paris.toFormat("yyyy-MM-dd'T'HH:mm:ss"));
      expect(parisHourLabel(instant)).toBe(paris.toFormat('yyyy-MM-dd HH:00:00'));
    }
  });

  it('read every shape of offset date-time as luxon reads it', () => {
    const offsets = ['Z', '+02:00', '+0200', '-05:30', '+01:00', '-0000', '+14:00'];
    const fractions = ['', '.0', '.29', '.123', '.999999', '.5'];
    for (const instant of instants().slice(0, 1500)) {
      const offset = offsets[Math.floor(random() * offsets.length)]!;
      const fraction = fractions[Math.floor(random() * fractions.length)]!;
      const local = DateTime.fromJSDate(instant, { zone: 'UTC' }).toFormat("yyyy-MM-dd'T'HH:mm");
      for (const text of [
        `${local}${offset}`,
        `${local}:${String(instant.getUTCSeconds()).padStart(2, '0')}${fraction}${offset}`,
      ]) {
        const trimmed = text.replace(/(\.\d{3})\d+/, '$1');
        const expected = DateTime.fromISO(trimmed, { setZone: true });
        expect(parseInstantWithOffset(text)?.getTime() ?? null, text).toBe(
          expected.isValid ? expected.toMillis() : null,
        );
      }
    }
  });

  it('leave what is not a plain date-time to luxon, with the same verdicts', () => {
    for (const text of [
      '2021-04-10T24:00:00+02:00',
      '2021-02-30T10:00:00Z',
      '2021-04-10T10:00:60Z',
      '2021-04-10T10:00,5Z',
      '2021-04-10 10:00:00Z',
      '20210410T100000Z',
    ]) {
      const expected = DateTime.fromISO(text, { setZone: true });
      expect(parseInstantWithOffset(text)?.getTime() ?? null, text).toBe(expected.isValid ? expected.toMillis() : null);
    }
  });

  it('add days to a calendar date as luxon does', () => {
    for (const instant of instants().slice(0, 500)) {
      const date = instant.toISOString().slice(0, 10);
      const days = Math.floor(random() * 800) - 400;
      expect(addDaysToDate(date, days)).toBe(DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate());
    }
    expect(addDaysToDate('2021-02-28', 1)).toBe('2021-03-01');
    expect(addDaysToDate('2024-02-28', 1)).toBe('2024-02-29');
  });
});
