/** French phone numbers to `+33...` (scraping-behaviour.md §1.1): null when there is no digit to keep. */
export function normalisePhone(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const compact = raw.replace(/[\s.\-()]/g, '');
  if (!/^\+?\d{6,15}$/.test(compact)) return null;
  if (compact.startsWith('+')) return compact;
  if (compact.startsWith('00')) return `+${compact.slice(2)}`;
  if (compact.startsWith('0')) return `+33${compact.slice(1)}`;
  return `+33${compact}`;
}
