// A slot's vaccine, normalised at ingest. The open data's `vaccine_type` must not come out empty for a centre
// with slots when the platform names a vaccine: a slot the adapter gave as `unknown` is looked at once more
// through its motive, with the brand keywords and the products' own names (Comirnaty is Pfizer-BioNTech's).
import type { Vaccine } from '../../domain.js';
import { vaccineFromName } from '../../scrapers/vaccine-names.js';

const PRODUCT_NAMES: ReadonlyArray<readonly [string, Vaccine]> = [
  ['comirnaty', 'Pfizer-BioNTech'],
  ['spikevax', 'Moderna'],
  ['vaxzevria', 'AstraZeneca'],
  ['jcovden', 'Janssen'],
];

export function slotVaccine(slot: { readonly vaccine: Vaccine; readonly motive?: string | null }): Vaccine {
  if (slot.vaccine !== 'unknown' || !slot.motive) return slot.vaccine;
  const named = vaccineFromName(slot.motive);
  if (named) return named;
  const motive = slot.motive.toLowerCase();
  return PRODUCT_NAMES.find(([product]) => motive.includes(product))?.[1] ?? 'unknown';
}
