// What the public and statistics pages share: building elements (text only, never HTML), French
// formatting in Paris time, and which booking links may be followed.

/** An element with text content and attributes; children are elements or strings (as text). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') element.className = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

const PARIS = 'Europe/Paris';
const slotFormat = new Intl.DateTimeFormat('fr-FR', {
  timeZone: PARIS,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  hour: '2-digit',
  minute: '2-digit',
});
const dayLabel = new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', weekday: 'short', day: 'numeric' });
const dayLong = new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' });
const isoDay = new Intl.DateTimeFormat('en-CA', { timeZone: PARIS, year: 'numeric', month: '2-digit', day: '2-digit' });
export const number = new Intl.NumberFormat('fr-FR');

export function slotTime(iso) {
  return slotFormat.format(new Date(iso));
}

/** Today's Paris calendar date, `YYYY-MM-DD`. */
export function parisToday(now = Date.now()) {
  return isoDay.format(new Date(now));
}

/** The `count` calendar days from `first` (YYYY-MM-DD), with their short and long French labels. */
export function calendarDays(first, count) {
  const [y, m, d] = first.split('-').map(Number);
  return Array.from({ length: count }, (_, i) => {
    const date = new Date(Date.UTC(y, m - 1, d + i));
    return { date: date.toISOString().slice(0, 10), short: dayLabel.format(date), long: dayLong.format(date) };
  });
}

/** "il y a 2 min", from an ISO instant to now. */
export function ago(iso, now = Date.now()) {
  const minutes = Math.max(0, Math.round((now - new Date(iso).getTime()) / 60_000));
  if (minutes < 1) return 'à l’instant';
  if (minutes < 60) return `il y a ${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `il y a ${hours} h`;
  return `il y a ${Math.round(hours / 24)} jours`;
}

export function plural(count, one, many) {
  return `${number.format(count)} ${count === 1 ? one : many}`;
}

export const PLATFORM_NAMES = {
  doctolib: 'Doctolib',
  keldoc: 'Keldoc',
  maiia: 'Maiia',
  mapharma: 'Mapharma',
  ordoclic: 'Ordoclic',
  avecmondoc: 'AvecMonDoc',
  mesoigner: 'MeSoigner',
  bimedoc: 'Bimedoc',
  valwin: 'Valwin',
};

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * The booking URL when it is safe to link: https always; http only to a loopback host when the data itself
 * comes from a loopback host (the sandbox, whose platforms listen on 127.0.0.1). Anything else, and above all
 * `javascript:` or `data:`, gives null and no link is drawn.
 */
export function safeLink(url, dataOrigin = location.origin) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol === 'https:') return parsed.href;
  if (parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname) && LOOPBACK.has(new URL(dataOrigin).hostname))
    return parsed.href;
  return null;
}

/** Fetches JSON, revalidating with the server (ETag): `changed` is false when the answer is the one we had. */
export async function fetchJson(url, previousEtag) {
  const response = await fetch(url, { cache: 'no-cache', headers: { Accept: 'application/json' } });
  const body = await response.json();
  if (!response.ok) throw new Error(body?.error?.message ?? `erreur ${response.status}`);
  const etag = response.headers.get('ETag');
  return { body, etag, changed: etag === null || etag !== previousEtag };
}
