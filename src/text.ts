// Text helpers: names as platforms write them in URLs, and the one order of strings for sorting.

/** Lower case without accents: `Saint-Étienne` → `saint-etienne`. */
export function withoutAccents(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** A name as a URL segment: accents dropped, every run of other characters one dash, none at the ends. */
export function slugify(text: string): string {
  return withoutAccents(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Code-unit order, the same on every machine (localeCompare is not): for sorts and merges of ids and keys. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
