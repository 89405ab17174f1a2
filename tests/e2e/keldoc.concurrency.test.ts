// Keldoc asks for a centre's motives at once, and describes a department's centres a few at a time (issue 9):
// the same requests and the same answers as one request at a time, only overlapping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanWindow } from '../../src/aggregator/ingest/scan.js';
import type { Centre, ScanEvent } from '../../src/domain.js';
import type { ScrapeContext } from '../../src/scrapers/adapter.js';
import type { HttpResponse } from '../../src/scrapers/http.js';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.js';

interface Watched {
  readonly ctx: ScrapeContext;
  readonly urls: string[];
  mostInFlight(): number;
}

/** The context's client, counting requests in flight; `oneAtATime` makes each request wait for the last. */
function watched(ctx: ScrapeContext, oneAtATime: boolean): Watched {
  const urls: string[] = [];
  let inFlight = 0;
  let most = 0;
  let last: Promise<unknown> = Promise.resolve();
  const send = async (request: Parameters<ScrapeContext['http']['request']>[0]): Promise<HttpResponse> => {
    inFlight += 1;
    most = Math.max(most, inFlight);
    urls.push(request.url);
    try {
      return await ctx.http.request(request);
    } finally {
      inFlight -= 1;
    }
  };
  return {
    urls,
    mostInFlight: () => most,
    ctx: {
      ...ctx,
      http: {
        request(request) {
          if (!oneAtATime) return send(request);
          const next = last.then(() => send(request));
          last = next.catch(() => undefined);
          return next;
        },
      },
    },
  };
}

async function discoverAll(sandbox: TestSandbox, ctx: ScrapeContext): Promise<Centre[]> {
  const centres: Centre[] = [];
  for await (const centre of sandbox.adapter('keldoc').discover(ctx)) centres.push(centre);
  return centres;
}

async function scanAll(sandbox: TestSandbox, centres: readonly Centre[], ctx: ScrapeContext): Promise<ScanEvent[][]> {
  const window = scanWindow(sandbox.clock.now(), 11);
  const all: ScanEvent[][] = [];
  for (const centre of centres) {
    const events: ScanEvent[] = [];
    for await (const event of sandbox.adapter('keldoc').scan(centre, window, ctx)) events.push(event);
    all.push(events);
  }
  return all;
}

describe('Keldoc requests at once', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox(['keldoc'], { centresPerDepartment: 40 });
  });
  afterAll(() => sandbox.close());

  it('discovers and scans with the requests and answers of one request at a time', async () => {
    const departments = ['75', '13'];
    const serial = watched(sandbox.context(departments), true);
    const overlapped = watched(sandbox.context(departments), false);

    const serialCentres = await discoverAll(sandbox, serial.ctx);
    const overlappedCentres = await discoverAll(sandbox, overlapped.ctx);
    expect(serialCentres.length).toBeGreaterThan(5);
    // Departments are walked at once either way, so the centres come in another order.
    const byId = (a: Centre, b: Centre) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    expect([...overlappedCentres].sort(byId)).toEqual([...serialCentres].sort(byId));
    expect([...overlapped.urls].sort()).toEqual([...serial.urls].sort());

    const scannable = serialCentres.filter((centre) => {
      const data = centre.scanData as { motives?: unknown[] };
      return (data.motives?.length ?? 0) >= 2;
    });
    expect(scannable.length).toBeGreaterThan(0);
    serial.urls.length = 0;
    overlapped.urls.length = 0;
    const serialScans = await scanAll(sandbox, scannable, serial.ctx);
    const overlappedScans = await scanAll(sandbox, scannable, overlapped.ctx);
    expect(overlappedScans).toEqual(serialScans);
    expect(serialScans.flat().some((event) => event.kind === 'slots')).toBe(true);
    expect([...overlapped.urls].sort()).toEqual([...serial.urls].sort());

    expect(serial.mostInFlight()).toBe(1);
    // One centre scanned at a time here: more than one request in flight means its motives overlapped.
    expect(overlapped.mostInFlight()).toBeGreaterThan(1);
  });
});
