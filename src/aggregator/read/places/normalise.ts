// How two platforms' spellings of one place are brought to one form before they are compared. Pure.
import { withoutAccents } from '../../../text.js';

/** Street words as platforms abbreviate them, to their full form. */
const STREET_WORDS: Readonly<Record<string, string>> = {
  av: 'avenue',
  ave: 'avenue',
  bd: 'boulevard',
  bld: 'boulevard',
  blvd: 'boulevard',
  boul: 'boulevard',
  r: 'rue',
  pl: 'place',
  all: 'allee',
  ch: 'chemin',
  che: 'chemin',
  imp: 'impasse',
  rte: 'route',
  sq: 'square',
  fg: 'faubourg',
  fbg: 'faubourg',
  crs: 'cours',
  st: 'saint',
  ste: 'sainte',
  gal: 'general',
  gen: 'general',
  mal: 'marechal',
  pdt: 'president',
  prof: 'professeur',
  dr: 'docteur',
};

/** Words of a name as platforms abbreviate them. */
const NAME_WORDS: Readonly<Record<string, string>> = {
  ctre: 'centre',
  ctr: 'centre',
  center: 'centre',
  vacc: 'vaccination',
  pharma: 'pharmacie',
  pharm: 'pharmacie',
  ph: 'pharmacie',
  cab: 'cabinet',
  med: 'medical',
  medicale: 'medical',
  dr: 'docteur',
  st: 'saint',
  ste: 'sainte',
  hosp: 'hospitalier',
  ch: 'hospitalier',
  msp: 'maison',
};

/** Small words that say nothing about which place it is. */
const STOP_WORDS = new Set([
  'de',
  'du',
  'des',
  'la',
  'le',
  'les',
  'l',
  'd',
  'et',
  'a',
  'au',
  'aux',
  'en',
  'sur',
  'bis',
  'ter',
]);

/**
 * Words every centre of a kind shares: "Pharmacie" or "Centre de vaccination" says nothing about which
 * pharmacy or which centre, so names are compared on the other words.
 */
const GENERIC_NAME_WORDS = new Set([
  'centre',
  'vaccination',
  'vaccinal',
  'covid',
  'covid19',
  '19',
  'pharmacie',
  'cabinet',
  'medical',
  'docteur',
  'maison',
  'sante',
  'pluridisciplinaire',
  'salle',
  'espace',
  'gymnase',
  'halle',
  'polyvalente',
  'fetes',
  'clinique',
  'hospitalier',
  'hopital',
  'public',
  'municipal',
  'grande',
  'grand',
]);

function words(text: string): string[] {
  return withoutAccents(text)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((word) => word.length > 0);
}

/**
 * The street part of an address in one form: lower case, no accents or punctuation, abbreviations spelled
 * out, small words dropped, and the postal code and town cut off (platforms give them or not, and they are
 * compared on their own).
 */
export function normaliseStreet(address: string): string {
  const beforePostcode = address.replace(/\b\d{5}\b.*$/s, '');
  return words(beforePostcode)
    .map((word) => STREET_WORDS[word] ?? word)
    .filter((word) => !STOP_WORDS.has(word))
    .join(' ');
}

/** The distinctive words of a name: abbreviations spelled out, small, generic and town words dropped. */
export function nameTokens(name: string, city: string | null = null): Set<string> {
  const town = new Set(city ? words(city) : []);
  const tokens = new Set<string>();
  for (const raw of words(name)) {
    const word = NAME_WORDS[raw] ?? raw;
    if (STOP_WORDS.has(word) || GENERIC_NAME_WORDS.has(word) || town.has(word)) continue;
    // An initial ("Dr A. Martin") is too weak to tell two doctors apart or together.
    if (word.length === 1) continue;
    tokens.add(word);
  }
  return tokens;
}

/** Jaccard similarity of two token sets; 0 when either is empty: no distinctive word, no evidence. */
export function tokenSimilarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const token of a) if (b.has(token)) shared += 1;
  return shared / (a.size + b.size - shared);
}

/** A phone as digits of its national form (`+33 1 23...`, `01 23...` and `0123...` are one number). */
export function normalisePhone(phone: string | null): string | null {
  if (!phone) return null;
  let digits = phone.replace(/\D+/g, '');
  if (digits.startsWith('33') && digits.length === 11) digits = `0${digits.slice(2)}`;
  return digits.length >= 9 ? digits : null;
}
