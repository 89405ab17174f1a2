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
const WHOLE_WORD_ONLY = new Set(['az', 'arn', 'astra']);

function containsKeyword(name: string, keyword: string): boolean {
  if (!WHOLE_WORD_ONLY.has(keyword)) return name.includes(keyword);
  return new RegExp(`(^|[^\\p{L}])${keyword}($|[^\\p{L}])`, 'u').test(name);
}

/** The brand a motive name names, or null when it names none. */
export function vaccineFromName(rawName: string): Vaccine | null {
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
