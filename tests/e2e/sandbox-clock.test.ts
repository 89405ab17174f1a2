// The sandbox's own clock from the environment (SANDBOX_CLOCK_START, SANDBOX_CLOCK_SPEED), and its ground
// truth answering for the instant asked (`/__sandbox/truth?at=`), over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, SpedClock, systemClock } from '../../src/clock.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { configuredClock, configuredWorld } from '../../src/sandbox/settings.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import { groundTruth } from '../../src/sandbox/truth.js';
import { createWorld } from '../../src/sandbox/world.js';
import { implementedPlatforms } from '../../src/scrapers/registry.js';

const platforms = implementedPlatforms();
const config = (env: Record<string, string>) => loadConfig(env, platforms);

describe('the sandbox clock settings', () => {
  it('starts at SANDBOX_CLOCK_START and runs SANDBOX_CLOCK_SPEED times faster, from a shared origin', () => {
    const origin = Date.now() - 2_000;
    const clock = configuredClock(
      config({
        SANDBOX_CLOCK_START: '2026-03-02T08:00+01:00',
        SANDBOX_CLOCK_SPEED: '10',
        SANDBOX_CLOCK_ORIGIN: String(origin),
      }),
    );
    expect(clock).toBeInstanceOf(SpedClock);
    const sped = clock as SpedClock;
    expect(sped.start.toISOString()).toBe('2026-03-02T07:00:00.000Z');
    expect(sped.speed).toBe(10);
    expect(sped.origin).toBe(origin);
    // Two real seconds (at least) since the origin: twenty (at least) on this clock.
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(Date.parse('2026-03-02T07:00:20Z'));
    // Another process with the same settings reads the same clock.
    const twin = new SpedClock(sped.start, 10, origin);
    expect(Math.abs(twin.now().getTime() - clock.now().getTime())).toBeLessThan(60_000);
  });

  it('is the real clock without settings, and a sped one from the real now with a speed alone', () => {
    expect(configuredClock(config({}))).toBe(systemClock);
    const before = Date.now();
    const sped = configuredClock(config({ SANDBOX_CLOCK_SPEED: '60' })) as SpedClock;
    expect(sped.start.getTime()).toBeGreaterThanOrEqual(before);
    expect(sped.speed).toBe(60);
  });

  it('refuses a start without an offset, a non-date, a speed of zero, and the clock in live mode', () => {
    expect(() => config({ SANDBOX_CLOCK_START: '2026-03-02T08:00' })).toThrow(/SANDBOX_CLOCK_START: needs an offset/);
    expect(() => config({ SANDBOX_CLOCK_START: 'monday+01:00' })).toThrow(/SANDBOX_CLOCK_START/);
    expect(() => config({ SANDBOX_CLOCK_SPEED: '0' })).toThrow(/SANDBOX_CLOCK_SPEED/);
    expect(() => config({ MODE: 'live', SANDBOX_CLOCK_SPEED: '10' })).toThrow(ConfigError);
  });

  it('rechecks the soonest slots every 20 s by default, and not at all with RECHECK_SECONDS=0', () => {
    expect(config({}).recheck).toEqual({ periodMs: 20_000, top: 10, concurrency: 2 });
    expect(config({ RECHECK_SECONDS: '30', RECHECK_TOP: '5', RECHECK_CONCURRENCY: '1' }).recheck).toEqual({
      periodMs: 30_000,
      top: 5,
      concurrency: 1,
    });
    expect(config({ RECHECK_SECONDS: '0' }).recheck).toBeNull();
    expect(() => config({ SANDBOX_RUSH_PER_MINUTE: '2' })).toThrow(/SANDBOX_RUSH_PER_MINUTE/);
  });

  it('gives the configured world its rush from the clock present on', () => {
    const clock = new ManualClock(new Date('2026-03-02T07:00:00Z'));
    const world = configuredWorld(
      config({ SANDBOX_RUSH_PER_MINUTE: '0.05', SANDBOX_CENTRES_PER_DEPARTMENT: '1' }),
      clock,
    );
    expect(world.options.rushPerMinute).toBe(0.05);
    expect(world.options.rushSince).toBe(Date.parse('2026-03-02T07:00:00Z'));
  });
});

describe('/__sandbox/truth?at=', () => {
  const clock = new ManualClock(new Date('2026-03-02T07:30:00Z'));
  const world = createWorld({
    centresPerDepartment: 20,
    departments: ['35'],
    rushPerMinute: 0.1,
    rushSince: clock.now().getTime(),
  });
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ world, clock, platforms });
  });
  afterAll(() => sandbox.close());

  const truthAt = async (query: string) =>
    (await (await fetch(`${sandbox.controlUrl}/__sandbox/truth${query}`)).json()) as {
      at: string;
      centres: Array<{ centreId: string; slots: string[] }>;
    };
  const slotsOf = (truth: { centres: Array<{ centreId: string; slots: string[] }> }) =>
    Object.fromEntries(truth.centres.map((centre) => [centre.centreId, centre.slots]));

  it('answers for the given instant, as the world is then, not for the clock now', async () => {
    const later = new Date('2026-03-02T07:45:00Z');
    // The default window: 11 Paris days, to the midnight (Paris) that ends them.
    const answer = await truthAt(`?at=${later.toISOString()}`);
    expect(answer.at).toBe(later.toISOString());
    const expected = groundTruth(world, platforms, later, { from: later, to: new Date('2026-03-12T23:00:00Z') });
    expect(slotsOf(answer)).toEqual(
      Object.fromEntries(
        [...expected.values()].map((centre) => [centre.centreId, centre.slots.map((slot) => slot.toISOString())]),
      ),
    );
    // A quarter of an hour of a 10%-a-minute rush: the answer is not the present's.
    const now = await truthAt('');
    expect(now.at).toBe(clock.now().toISOString());
    expect(slotsOf(answer)).not.toEqual(slotsOf(now));
  });

  it('takes an offset, and refuses what is not an instant', async () => {
    expect((await truthAt('?at=2026-03-02T09:00%2B01:00')).at).toBe('2026-03-02T08:00:00.000Z');
    const refused = await fetch(`${sandbox.controlUrl}/__sandbox/truth?at=yesterday`);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('invalid_query');
  });
});
