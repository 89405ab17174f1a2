// The slot history end to end: scans of the sandbox under a manual clock, rolled up by the writer after each
// cycle; the history routes then say what the change log recorded (appeared and gone per centre, free
// slots now, national and department days), their CSV parses to the same, and retention prunes old hours.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CentreHistory, DailyFigures } from '../../src/aggregator/read/slot-history-view.js';
import type { PlatformId } from '../../src/domain.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

// Two quick platforms, one of them with several places per slot (Mapharma).
const PLATFORMS: PlatformId[] = ['maiia', 'mapharma'];
const MIN = 60_000;

function parseCsv(text: string): string[][] {
  // The history's fields are numbers, dates and empty cells: no quoting to undo.
  return text
    .trimEnd()
    .split('\r\n')
    .map((line) => line.split(','));
}

describe('slot history over the sandbox', () => {
  let env: TestSystem;

  beforeAll(async () => {
    env = await startTestSystem(PLATFORMS, { centresPerDepartment: 2 }, { HISTORY_RETENTION_DAYS: '1' });
    await Promise.all(PLATFORMS.map((platform) => env.system.scheduler.runCycle(platform, true)));
    for (let cycle = 0; cycle < 4; cycle += 1) {
      env.clock.advance(25 * MIN);
      await Promise.all(PLATFORMS.map((platform) => env.system.scheduler.runCycle(platform, false)));
    }
    env.system.readModel.settle();
  }, 300_000);
  afterAll(() => env.close());

  const logCounts = (sql: string, ...args: unknown[]) =>
    env.system.store.connection.prepare(sql).get(...args) as Record<string, number>;

  it('gives each centre the appearances and disappearances of the change log, and its free slots now', async () => {
    const db = env.system.store.connection;
    const perCentre = db
      .prepare(`SELECT centre_id AS id, sum(kind = 'slot-appeared') AS appeared, sum(kind = 'slot-gone') AS gone,
        sum(kind = 'slot-gone' AND at < start_at) AS taken
        FROM change_log_slots GROUP BY centre_id`)
      .all() as Array<{ id: string; appeared: number; gone: number; taken: number }>;
    const withGone = perCentre.filter((row) => row.gone > 0);
    expect(withGone.length).toBeGreaterThan(3);
    for (const row of [...withGone.slice(0, 8), ...perCentre.slice(0, 4)]) {
      const response = await env.get(`/api/v1/centers/${row.id}/history`);
      expect(response.status).toBe(200);
      const history = (await response.json()) as CentreHistory;
      expect(history.totals.appeared, row.id).toBe(row.appeared);
      expect(history.totals.taken + history.totals.expired, row.id).toBe(row.gone);
      expect(history.totals.taken, row.id).toBe(row.taken);
      const places = (
        db.prepare('SELECT coalesce(sum(places), 0) AS n FROM slots WHERE centre_id = ?').get(row.id) as { n: number }
      ).n;
      expect(history.hours.at(-1)!.free_slots, row.id).toBe(places);
      if (history.totals.taken > 0) expect(history.totals.mean_free_minutes).toBeGreaterThan(0);

      const csv = parseCsv(await (await env.get(`/api/v1/centers/${row.id}/history?format=csv`)).text());
      expect(csv[0]).toEqual(['at', 'free_slots', 'appeared', 'taken', 'expired', 'mean_free_minutes']);
      expect(csv.slice(1).map((line) => [line[0], Number(line[1]), Number(line[2])])).toEqual(
        history.hours.map((hour) => [hour.at, hour.free_slots, hour.appeared]),
      );
    }
    // A .csv path and Accept: text/csv answer the same bytes.
    const id = withGone[0]!.id;
    const bySuffix = await (await env.get(`/api/v1/centers/${id}/history.csv`)).text();
    expect(await (await env.get(`/api/v1/centers/${id}/history`, { accept: 'text/csv' })).text()).toBe(bySuffix);
  });

  it("feeds the daily figures into the statistics history: each daily point carries its day's slot flows", async () => {
    env.system.statsRecorder.record();
    const daily = (await (await env.get('/api/v1/stats/daily')).json()) as DailyFigures;
    const history = (await (await env.get('/api/v1/stats/history?granularity=day')).json()) as {
      columns: string[];
      points: Array<{ at: string; figures: Record<string, number | null> }>;
    };
    expect(history.columns.slice(-4)).toEqual([
      'slots_appeared',
      'slots_taken',
      'slots_expired',
      'median_free_minutes',
    ]);
    expect(history.points.length).toBeGreaterThan(0);
    for (const point of history.points) {
      const day = daily.days.find((candidate) => point.at.startsWith(candidate.date));
      expect(day, point.at).toBeDefined();
      expect(point.figures).toMatchObject({
        slots_appeared: day!.appeared,
        slots_taken: day!.taken,
        slots_expired: day!.expired,
        median_free_minutes: day!.median_free_minutes,
      });
    }
    expect(history.points.reduce((total, point) => total + (point.figures.slots_appeared ?? 0), 0)).toBeGreaterThan(0);
    const csv = parseCsv(await (await env.get('/api/v1/stats/history.csv?granularity=day')).text());
    expect(csv[0]!.slice(-4)).toEqual(['slots_appeared', 'slots_taken', 'slots_expired', 'median_free_minutes']);
    expect(Number(csv[1]![csv[0]!.indexOf('slots_appeared')])).toBe(history.points[0]!.figures.slots_appeared);
    // Hourly points are samples only.
    const hourly = (await (await env.get('/api/v1/stats/history')).json()) as { columns: string[] };
    expect(hourly.columns).not.toContain('slots_appeared');
  });

  it('gives daily figures that add up to the change log, nationally and per department', async () => {
    const national = (await (await env.get('/api/v1/stats/daily')).json()) as DailyFigures;
    const all =
      logCounts(`SELECT sum(kind = 'slot-appeared') AS appeared, sum(kind = 'slot-gone' AND at < start_at) AS taken,
      sum(kind = 'slot-gone' AND at >= start_at) AS expired FROM change_log_slots`);
    expect(national.scope).toEqual({ code: 'FR', name: 'France' });
    expect(national.totals).toMatchObject(all);
    expect(national.totals.taken).toBeGreaterThan(0);
    expect(national.totals.median_free_minutes).toBeGreaterThan(0);
    // The world's bookings happen between scans 25 minutes apart: no slot seen taken can have lived less.
    expect(national.totals.median_free_minutes).toBeGreaterThanOrEqual(25 * 0.95);

    const department = logCounts(`SELECT department AS code, count(*) AS n FROM change_log_slots
      WHERE kind = 'slot-gone' AND at < start_at GROUP BY department ORDER BY n DESC LIMIT 1`) as unknown as {
      code: string;
    };
    const figures = (await (await env.get(`/api/v1/stats/daily?department=${department.code}`)).json()) as DailyFigures;
    expect(figures.totals).toMatchObject(
      logCounts(
        `SELECT sum(kind = 'slot-appeared') AS appeared, sum(kind = 'slot-gone' AND at < start_at) AS taken,
      sum(kind = 'slot-gone' AND at >= start_at) AS expired FROM change_log_slots WHERE department = ?`,
        department.code,
      ),
    );
    const csv = parseCsv(await (await env.get(`/api/v1/stats/daily.csv?department=${department.code}`)).text());
    expect(csv[0]).toEqual(['date', 'appeared', 'taken', 'expired', 'median_free_minutes']);
    expect(csv.slice(1).map((line) => [line[0], Number(line[2])])).toEqual(
      figures.days.map((day) => [day.date, day.taken]),
    );
  });

  it('prunes centre hours past HISTORY_RETENTION_DAYS', async () => {
    const hours = () =>
      env.system.store.connection
        .prepare('SELECT min(hour_start) AS first, count(*) AS n FROM history_centre_hours')
        .get() as { first: number; n: number };
    const before = hours();
    expect(before.n).toBeGreaterThan(0);
    env.clock.advance(26 * 60 * MIN);
    await Promise.all(PLATFORMS.map((platform) => env.system.scheduler.runCycle(platform, false)));
    const after = hours();
    expect(after.first).toBeGreaterThanOrEqual(env.clock.now().getTime() - 24 * 60 * MIN);
    // Days are kept longer than hours.
    const days = (await (await env.get('/api/v1/stats/daily')).json()) as DailyFigures;
    expect(days.days.length).toBeGreaterThanOrEqual(1);
    expect(days.totals.appeared).toBeGreaterThanOrEqual(
      logCounts(
        "SELECT count(*) AS n FROM change_log_slots WHERE kind = 'slot-appeared' AND at < ?",
        env.clock.now().getTime() - 60 * MIN,
      ).n!,
    );
  }, 60_000);
});
