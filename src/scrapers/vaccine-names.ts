// Vaccine brand from a free-text motive name (scraping-behaviour.md §8). Matching is by substring, in a
// fixed brand order, with one historical edge case for mRNA second doses after AstraZeneca.
import type { Vaccine } from '../domain.js';

const BRAND_KEYWORDS: ReadonlyArray<readonly [Vaccine, readonly string[]]> = [
  ['Pfizer-BioNTech', ['pfizer', 'biontech', 'pfizer-biontech']],
  ['Moderna', ['moderna']],
  ['ARNm', ['arn', 'arnm', 'arn-m', 'arn m']],
  ['AstraZeneca', ['astrazeneca', 'astra-zeneca', 'astra zeneca', 'az', 'astra']],
  ['Janssen', ['janssen', 'jansen', 'jansenn', 'jannsen', 'jenssen', 'jensen', 'jonson', 'johnson', 'johnnson', 'j&j']],
];

// Short keywords ("az", "arn") sit inside ordinary French words ("Marne", "bazar"); they only count as
// whole words. Longer keywords are distinctive enough to match anywhere, as the platforms spell them.
// Built once: a scan reads a motive name per slot on some platforms, and a RegExp per keyword per call was
// a visible share of the writer's CPU.
const WHOLE_WORD_ONLY: ReadonlyMap<string, RegExp> = new Map(
  ['az', 'arn', 'astra'].map((keyword) => [keyword, new RegExp(`(^|[^\\p{L}])${keyword}($|[^\\p{L}])`, 'u')]),
);

function containsKeyword(name: string, keyword: string): boolean {
  const wholeWord = WHOLE_WORD_ONLY.get(keyword);
  return wholeWord ? wholeWord.test(name) : name.includes(keyword);
}

/**
 * Names already read: a centre's slots repeat a handful of motive names. Bounded (a platform could send a
 * new name per slot); cleared when full, which costs only the readings again.
 */
const known = new Map<string, Vaccine | null>();
const MAX_KNOWN_NAMES = 2_000;

/** The brand a motive name names, or null when it names none. */
export function vaccineFromName(rawName: string): Vaccine | null {
  const found = known.get(rawName);
  if (found !== undefined) return found;
  const vaccine = readVaccine(rawName);
  if (known.size >= MAX_KNOWN_NAMES) known.clear();
  known.set(rawName, vaccine);
  return vaccine;
}

function readVaccine(rawName: string): Vaccine | null {
  const name = rawName.toLowerCase().trim();
  if (name.includes('contre indications')) return null;
  for (const [brand, keywords] of BRAND_KEYWORDS) {
    if (!keywords.some((keyword) => containsKeyword(name, keyword))) continue;
    if (brand === 'AstraZeneca' && isMrnaAfterAstraZeneca(name)) return 'ARNm';
    return brand;
  }
  return null;
}

/** "-55 ans suite à une première injection d'AZ": an mRNA dose given to under-55s after AstraZeneca. */
function isMrnaAfterAstraZeneca(name: string): boolean {
  return /[-–]|moins/.test(name) && name.includes('55') && name.includes('suite');
}

/** Brands that were given as a booster, which decides the plausible doses of platforms that give none. */
export function isBoosterCapable(vaccine: Vaccine): boolean {
  return vaccine === 'Pfizer-BioNTech' || vaccine === 'Moderna';
}
