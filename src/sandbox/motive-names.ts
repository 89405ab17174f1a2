// How booking platforms name a world motive. Real centres type their own motive names, so one vaccine and
// dose comes under many spellings; some of them trip naive keyword matching on purpose ("Marne" holds
// "arn", "attestation" holds "test"), so a scraper that matches plain substrings miscounts end to end.
// Decoys are the other motives a centre offers (tests, consultations): they have slots too, and a scraper
// that takes them for vaccinations reports more slots than the truth.
import { hashString } from './random.js';
import type { Listing, World, WorldMotive, WorldSlot } from './world.js';
import { addDays } from '../time.js';

const NAMES: Readonly<Record<string, readonly string[]>> = {
  'pfizer-1': [
    '1ère injection vaccin COVID-19 (Pfizer-BioNTech)',
    'Première injection Pfizer',
    '1ère injection Pfizer (avec attestation de vaccination)',
    'Vaccination Pfizer - 1ère dose',
  ],
  'moderna-1': [
    '1ère injection vaccin COVID-19 (Moderna)',
    'Première dose Moderna',
    '1ère injection Moderna - Reims (Marne)',
  ],
  'pfizer-3': ['Rappel Pfizer-BioNTech (3ème dose)', 'Dose de rappel vaccin Pfizer', 'Rappel Pfizer avec attestation'],
  'moderna-3': ['Rappel Moderna (3ème dose)', 'Dose de rappel Moderna'],
  'pfizer-kid': [
    'Vaccination pédiatrique Pfizer 5-11 ans - 1ère injection',
    '1ère injection enfant 5-11 ans (Pfizer-BioNTech)',
  ],
  'janssen-1': ['Injection unique Janssen', 'Vaccin Janssen (dose unique) - Centre de la Marne'],
  'astrazeneca-1': ['1ère injection AstraZeneca', '1ère injection AstraZeneca - Châlons (Marne)'],
};

/** The name a listing gives a world motive: stable for the listing, varied across listings. */
export function motiveName(listing: Listing, motive: WorldMotive): string {
  const variants = NAMES[motive.key] ?? [`Vaccination ${motive.vaccine}`];
  return variants[hashString(`${listing.key}|${motive.key}|name`) % variants.length]!;
}

export interface DecoyMotive {
  readonly key: string;
  readonly name: string;
}

/** Non-vaccination motives every listing also offers; their names hold no dose or brand keyword. */
export const DECOY_MOTIVES: readonly DecoyMotive[] = [
  { key: 'decoy-antigen', name: 'Test antigénique COVID-19' },
  { key: 'decoy-consultation', name: 'Consultation de suivi' },
];

/** Free slots of a decoy motive, drawn from the world's own booking model so they look like real ones. */
export function decoySlots(
  world: World,
  listing: Listing,
  decoyKey: string,
  at: Date,
  from: Date,
  to: Date,
): WorldSlot[] {
  const motive: WorldMotive = { key: decoyKey, vaccine: 'Pfizer-BioNTech', dose: 1 };
  return world.freeSlots({ ...listing, motives: [motive] }, at, from, to);
}

/** How far a platform looks past a window for a "next availability" hint. */
export const LOOKAHEAD_DAYS = 60;

/** The first free slot of one motive at or after `from`, within the look-ahead; null when none. */
export function nextFreeSlot(
  world: World,
  listing: Listing,
  motive: WorldMotive,
  at: Date,
  from: Date,
): WorldSlot | null {
  const until = addDays(from, LOOKAHEAD_DAYS);
  return world.freeSlots({ ...listing, motives: [motive] }, at, from, until)[0] ?? null;
}

/** A share of a listing's items picked by hash: `true` for about `percent`% of the keys. */
export function hashChance(percent: number, ...parts: ReadonlyArray<string | number>): boolean {
  return hashString(parts.join('|')) % 100 < percent;
}

/** A lower-case hex string of the given length, unique per `prefix` number and stable per `seed`. */
export function hexId(prefix: number, length: number, ...seed: ReadonlyArray<string | number>): string {
  const head = prefix.toString(16).padStart(8, '0');
  let tail = '';
  for (let i = 0; tail.length < length - head.length; i += 1)
    tail += hashString(`${seed.join('|')}|${i}`)
      .toString(16)
      .padStart(8, '0');
  return (head + tail).slice(0, length);
}

/** A UUID whose first 8 characters are unique per `prefix` number. */
export function uuidFor(prefix: number, ...seed: ReadonlyArray<string | number>): string {
  const hex = hexId(prefix, 32, ...seed);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
