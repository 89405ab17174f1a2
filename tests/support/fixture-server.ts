// Hand-written answers shaped like the real platforms' (tests/fixtures/<platform>/), served on 127.0.0.1
// and fed to the adapters at the HTTP seam: the same client, pipeline and checks as in production, no
// sandbox. Each folder has a routes.json: which file answers which method, path and query (a route's query
// is a subset the request must carry), with what status and content type.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ManualClock } from '../../src/clock.js';
import type { Centre, PlatformId, ScanOutcome } from '../../src/domain.js';
import { silentLogger } from '../../src/logger.js';
import { runScan } from '../../src/aggregator/ingest/scan.js';
import type { PlatformAdapter, ScrapeContext } from '../../src/scrapers/adapter.js';
import { createHttpClient, PROJECT_USER_AGENT } from '../../src/scrapers/http.js';
import { PLATFORM_MODULES } from '../../src/scrapers/registry.js';
import { NO_RETRY } from '../../src/scrapers/retry.js';
import type { ItemIssue } from '../../src/scrapers/problems.js';

export interface Route {
  readonly method?: 'GET' | 'POST';
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  /** For POSTs: fields the JSON body must carry (a subset). */
  readonly body?: Readonly<Record<string, unknown>>;
  readonly status?: number;
  readonly contentType?: string;
  readonly file: string;
}

export interface FixtureRun {
  readonly adapter: PlatformAdapter;
  readonly issues: ItemIssue[];
  /** Requests no route answered (a 404 was sent): a test asserts there are none it did not expect. */
  readonly unmatched: string[];
  readonly url: string;
  context(departments?: readonly string[]): ScrapeContext;
  discover(departments?: readonly string[]): Promise<{ centres: Centre[]; error: string | null }>;
  scan(centre: Centre, window: { from: Date; to: Date }): Promise<ScanOutcome>;
  close(): Promise<void>;
}

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

function matches(route: Route, method: string, url: URL, body: unknown): boolean {
  if ((route.method ?? 'GET') !== method || route.path !== url.pathname) return false;
  for (const [name, value] of Object.entries(route.query ?? {})) if (url.searchParams.get(name) !== value) return false;
  for (const [name, value] of Object.entries(route.body ?? {})) {
    if (typeof body !== 'object' || body === null || (body as Record<string, unknown>)[name] !== value) return false;
  }
  return true;
}

/** Serves tests/fixtures/<platform>/ and builds the platform's adapter against it, every host role on it. */
export async function startFixtures(
  platform: PlatformId,
  now: Date,
  options: { partnerKey?: string; maxSlotsPerCentre?: number } = {},
): Promise<FixtureRun> {
  const folder = join(FIXTURES, platform);
  const routes = JSON.parse(readFileSync(join(folder, 'routes.json'), 'utf8')) as Route[];
  const unmatched: string[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://fixtures');
      let body: unknown = null;
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : null;
      } catch {
        body = null;
      }
      const route = routes.find((candidate) => matches(candidate, request.method ?? 'GET', url, body));
      if (!route) {
        unmatched.push(`${request.method} ${url.pathname}${url.search}`);
        response.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"no fixture"}');
        return;
      }
      response
        .writeHead(route.status ?? 200, { 'content-type': route.contentType ?? 'application/json' })
        .end(readFileSync(join(folder, route.file)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const module = PLATFORM_MODULES[platform];
  const baseUrls = Object.fromEntries(Object.keys(module.liveBaseUrls).map((role) => [role, url]));
  const adapter = module.create({ baseUrls, ...(options.partnerKey ? { partnerKey: options.partnerKey } : {}) });
  const http = createHttpClient({
    allowedOrigins: [url],
    timeoutMs: 5_000,
    userAgent: PROJECT_USER_AGENT,
    maxBodyBytes: 10 * 1024 * 1024,
    retry: NO_RETRY,
  });
  const clock = new ManualClock(now);
  const issues: ItemIssue[] = [];
  const context = (departments?: readonly string[]): ScrapeContext => ({
    http,
    clock,
    log: silentLogger,
    report: (issue) => issues.push(issue),
    ...(departments ? { departments } : {}),
    ...(options.maxSlotsPerCentre ? { maxSlotsPerCentre: options.maxSlotsPerCentre } : {}),
  });
  return {
    adapter,
    issues,
    unmatched,
    url,
    context,
    async discover(departments) {
      const centres: Centre[] = [];
      try {
        for await (const centre of adapter.discover(context(departments))) centres.push(centre);
        return { centres, error: null };
      } catch (error) {
        return { centres, error: error instanceof Error ? error.message : String(error) };
      }
    },
    scan: (centre, window) => runScan(adapter, centre, window, context()),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Issues as `kind: message` lines, for exact assertions that read well. */
export function issueKinds(issues: readonly ItemIssue[]): string[] {
  return issues.map((issue) => issue.kind);
}

/** A scan's slots as `ISO start vaccine doses` lines, sorted. */
export function slotLines(outcome: ScanOutcome): string[] {
  if (outcome.kind !== 'slots')
    throw new Error(`scan ended in an issue: ${outcome.issue.reason}: ${outcome.issue.message}`);
  return outcome.slots.map((slot) => `${slot.start.toISOString()} ${slot.vaccine} ${slot.doses.join(',')}`).sort();
}
