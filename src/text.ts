// Text as platforms write it in URLs.

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
