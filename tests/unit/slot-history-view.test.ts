// The slot history answers from plain rows: Paris hours and days, means and medians in minutes, totals, CSV.
import { describe, expect, it } from 'vitest';
import { lifetimeBin } from '../../src/aggregator/ingest/roll-up.js';
import {
  centreHistory,
  centreHistoryCsv,
  dailyFigures,
  dailyFiguresCsv,
} from '../../src/aggregator/read/slot-history-view.js';

const MIN = 60_000;
const T = Date.parse('2030-01-01T08:00:00Z');

describe('slot history answers', () => {
  it("shows a centre's hours in Paris time with the mean time its gone slots stayed free", () => {
    const history = centreHistory({ id: 'c1', name: 'Centre', department: '75' }, [
      { hourStart: T, appeared: 3, taken: 1, expired: 0, lifetimeSumMs: 30 * MIN, lifetimeCount: 1, freeSlots: 2 },
      {
        hourStart: T + 60 * MIN,
        appeared: 0,
        taken: 1,
        expired: 1,
        lifetimeSumMs: 90 * MIN,
        lifetimeCount: 2,
        freeSlots: 0,
      },
    ]);
    expect(history.hours.map((hour) => [hour.at, hour.free_slots, hour.mean_free_minutes])).toEqual([
      ['2030-01-01T09:00:00+01:00', 2, 30],
      ['2030-01-01T10:00:00+01:00', 0, 45],
    ]);
    expect(history.totals).toEqual({ appeared: 3, taken: 2, expired: 1, mean_free_minutes: 40 });
    expect(centreHistoryCsv(history)).toBe(
      'at,free_slots,appeared,taken,expired,mean_free_minutes\r\n' +
        '2030-01-01T09:00:00+01:00,2,3,1,0,30\r\n' +
        '2030-01-01T10:00:00+01:00,0,0,1,1,45\r\n',
    );
  });

  it('gives daily figures with a median per day and over the days shown', () => {
    const day = Date.parse('2029-12-31T23:00:00Z');
    const bins = (...lifetimesMin: number[]) => {
      const map = new Map<number, number>();
      for (const minutes of lifetimesMin)
        map.set(lifetimeBin(minutes * MIN), (map.get(lifetimeBin(minutes * MIN)) ?? 0) + 1);
      return map;
    };
    const figures = dailyFigures({ code: 'FR', name: 'France' }, [
      { scope: 'FR', dayStart: day, appeared: 10, taken: 3, expired: 1, lifetimes: bins(10, 20, 300) },
      { scope: 'FR', dayStart: day + 86_400_000, appeared: 4, taken: 2, expired: 0, lifetimes: bins(300, 400) },
      { scope: 'FR', dayStart: day + 2 * 86_400_000, appeared: 1, taken: 0, expired: 0, lifetimes: new Map() },
    ]);
    expect(figures.days.map((point) => point.date)).toEqual(['2030-01-01', '2030-01-02', '2030-01-03']);
    const near = (value: number | null, exact: number) => expect(Math.abs(value! - exact) / exact).toBeLessThan(0.05);
    near(figures.days[0]!.median_free_minutes, 20);
    near(figures.days[1]!.median_free_minutes, 300);
    expect(figures.days[2]!.median_free_minutes).toBeNull();
    expect(figures.totals).toMatchObject({ appeared: 15, taken: 5, expired: 1 });
    near(figures.totals.median_free_minutes, 300);
    expect(dailyFiguresCsv(figures).split('\r\n')[3]).toBe('2030-01-03,1,0,0,');
  });
});
