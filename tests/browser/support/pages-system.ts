// The whole system in sandbox mode for the browser tests: first cycle done on every platform, then one
// platform left unscanned past the freshness limit so that its centres are stale, as in a real outage.
import { implementedPlatforms } from '../../../src/scrapers/registry.js';
import type { PlatformId } from '../../../src/domain.js';
import { startTestSystem, type TestSystem } from '../../support/system.js';

export const FRESHNESS_MINUTES = 30;
/** Its centres go stale: scanned once, then not again. */
export const SILENT_PLATFORM: PlatformId = 'mapharma';

/**
 * A centre whose name is markup and whose booking URL is a script, as a compromised or buggy platform could
 * give: the pages must show the name as text and draw no link.
 */
export const HOSTILE_ID = 'doctolib999999';
export const HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">Centre piégé';

function addHostileCentre(env: TestSystem): void {
  const now = env.clock.now().getTime();
  const centre = {
    id: HOSTILE_ID,
    platform: 'doctolib' as const,
    name: HOSTILE_NAME,
    kind: 'vaccination-center' as const,
    address: '1 rue du Test, 75001 Paris',
    postalCode: '75001',
    city: 'Paris',
    insee: '75056',
    department: '75',
    location: { latitude: 48.86, longitude: 2.34 },
    phone: null,
    businessHours: null,
    bookingUrl: 'javascript:window.__pwned=2',
    atlasGid: null,
    scanData: null,
  };
  env.system.store.upsertCentres([centre], now);
  // Days ahead, so that it sits among the other centres rather than first.
  const start = new Date(now + 6 * 86_400_000);
  env.system.store.recordScan(
    centre,
    { kind: 'slots', slots: [{ start, vaccine: 'Moderna', doses: [1], motive: 'test' }] },
    now,
    1,
  );
}

export interface CentreSummary {
  id: string;
  name: string;
  platform: string;
  department: string;
  booking_url: string;
  phone: string | null;
  city: string | null;
  postal_code: string | null;
  soonest_slot: string | null;
  slot_count: number;
  stale: boolean;
  distance_km?: number;
  vaccines: string[];
  days: Array<{ date: string; slot_count: number }>;
  next_slots: Array<{ start: string; vaccine: string; doses: unknown[] }>;
}

export interface PagesSystem {
  readonly env: TestSystem;
  readonly url: string;
  json<T>(path: string): Promise<T>;
  centres(department: string, query?: string): Promise<CentreSummary[]>;
  close(): Promise<void>;
}

export async function startPagesSystem(): Promise<PagesSystem> {
  const platforms = implementedPlatforms();
  const env = await startTestSystem(
    platforms,
    { centresPerDepartment: 2 },
    { FRESHNESS_LIMIT_MINUTES: String(FRESHNESS_MINUTES) },
  );
  await Promise.all(platforms.map((platform) => env.system.scheduler.runCycle(platform, true)));
  env.system.statsRecorder.record();
  env.clock.advance((FRESHNESS_MINUTES + 5) * 60_000);
  await Promise.all(
    platforms
      .filter((platform) => platform !== SILENT_PLATFORM)
      .map((platform) => env.system.scheduler.runCycle(platform, false)),
  );
  addHostileCentre(env);
  env.system.readModel.settle();
  env.system.statsRecorder.record();
  const json = async <T>(path: string): Promise<T> => {
    const response = await env.get(path);
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return (await response.json()) as T;
  };
  return {
    env,
    url: env.system.apiUrl,
    json,
    centres: async (department, query = '') =>
      (await json<{ centers: CentreSummary[] }>(`/api/v1/departments/${department}/centers${query ? `?${query}` : ''}`))
        .centers,
    close: () => env.close(),
  };
}
