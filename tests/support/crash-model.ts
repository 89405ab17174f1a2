// What the crash test's ingestion writes: a fixed set of centres, and for each centre and generation a scan
// whose slots all carry the generation in their motive (`g000042`) and whose count depends on both.
import type { Centre } from '../../src/domain.js';
import { randomFor } from '../../src/sandbox/random.js';

export const CRASH_CENTRES = 40;

export function crashCentres(): Centre[] {
  return Array.from({ length: CRASH_CENTRES }, (_, i) => ({
    id: `doctolib${1000 + i}`,
    platform: 'doctolib' as const,
    name: `Centre ${i}`,
    kind: 'vaccination-center' as const,
    address: '1 rue de la Paix, 75002 Paris',
    postalCode: '75002',
    city: 'Paris',
    insee: '75056',
    department: '75',
    location: null,
    phone: null,
    businessHours: null,
    bookingUrl: `https://example.org/${i}`,
    atlasGid: null,
    scanData: null,
  }));
}

export function generationOf(motive: string): number {
  return Number(motive.slice(1));
}

/** Generation g's scan of a centre: its slot starts (all in 2030-2031), and whether it ends in an issue. */
export function expectedScan(centreId: string, g: number): { motive: string; starts: number[]; issue: boolean } {
  const random = randomFor('crash', centreId, g);
  const count = Math.floor(random() * 300);
  const base = Date.parse('2030-01-02T00:00:00Z');
  const starts = Array.from({ length: count }, (_, i) => base + (i * 97 + g * 13) * 60_000).sort((a, b) => a - b);
  return { motive: `g${String(g).padStart(6, '0')}`, starts, issue: random() < 0.15 };
}
