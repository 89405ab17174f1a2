// Phone numbers to E.164 (scraping-behaviour.md §1.1). Overseas departments dial French-looking national
// numbers (0262…, 0590…) that belong to their own country codes: the two-digit area after the 0 says which,
// and libphonenumber-js does the formatting. A number we cannot read becomes null, never a guess.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** National prefixes (after the trunk 0) of the overseas departments and their regions. */
const OVERSEAS_PREFIXES: ReadonlyArray<readonly [string, CountryCode]> = [
  ['262', 'RE'],
  ['263', 'RE'],
  ['692', 'RE'],
  ['693', 'RE'], // La Réunion, +262
  ['269', 'YT'],
  ['639', 'YT'], // Mayotte, +262
  ['590', 'GP'],
  ['690', 'GP'],
  ['691', 'GP'], // Guadeloupe, Saint-Martin, Saint-Barthélemy, +590
  ['594', 'GF'],
  ['694', 'GF'], // Guyane, +594
  ['596', 'MQ'],
  ['696', 'MQ'],
  ['697', 'MQ'], // Martinique, +596
  ['508', 'PM'], // Saint-Pierre-et-Miquelon, +508
];

function regionOf(national: string): CountryCode {
  return OVERSEAS_PREFIXES.find(([prefix]) => national.startsWith(`0${prefix}`))?.[1] ?? 'FR';
}

export function normalisePhone(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const compact = raw.replace(/[\s.\-()/]/g, '');
  if (!/^\+?\d{6,15}$/.test(compact)) return null;
  // `0033…` is `+33…`; a bare national number without its 0 is read as French, as the platforms mean it.
  const text = compact.startsWith('00')
    ? `+${compact.slice(2)}`
    : /^[1-9]\d{8}$/.test(compact)
      ? `0${compact}`
      : compact;
  const region = text.startsWith('+') ? 'FR' : regionOf(text);
  const phone = parsePhoneNumberFromString(text, region);
  return phone?.isPossible() ? phone.number : null;
}
