// Doctolib URLs and the ids read back from them (spec/platforms/doctolib.md §1, §2.1, §3, §5.3). Pure:
// base URLs come in, strings go out.
import { slugify, withoutAccents } from '../../text.js';

export type DoctolibRole = 'partners' | 'www';

export const DOCTOLIB_LIVE_BASE_URLS: Readonly<Record<DoctolibRole, string>> = {
  partners: 'https://partners.doctolib.fr',
  www: 'https://www.doctolib.fr',
};

/** Days per availabilities page: what Doctolib serves since late 2021 (§6). */
export const DAYS_PER_PAGE = 14;

// Doctolib files these four departments under other slugs than their names give (§2.1).
const REMAPPED_DEPARTMENT_SLUGS: Readonly<Record<string, string>> = {
  indre: 'departement-indre',
  gironde: 'departement-gironde',
  mayenne: 'departement-mayenne',
  vienne: 'departement-vienne',
};

/**
 * The listing slug of a department name (§2.1): one `-` for every whitespace or non-word character, not
 * collapsed: `Côte-d'Or` → `cote-d-or`; `Indre` → `departement-indre`.
 */
export function departmentSlug(departmentName: string): string {
  const slug = withoutAccents(departmentName).replace(/[^a-z0-9_]/g, '-');
  return REMAPPED_DEPARTMENT_SLUGS[slug] ?? slug;
}

export function departmentPageUrl(partnersBase: string, departmentName: string, page: number): string {
  return `${partnersBase}/vaccination-covid-19/${departmentSlug(departmentName)}.json?page=${page}`;
}

/** The booking slug of a listing link: its last path segment (`/pharmacie/villejuif/pharmacie-des-ecoles`). */
export function bookingSlugOfLink(link: string): string {
  const path = link.split('?')[0] ?? '';
  return path.split('/').filter(Boolean).pop() ?? '';
}

/** The digits of a place id (`practice-165752`, `establishment-42`); null when there are none. */
export function placeNumber(placeId: string): number | null {
  const digits = /\d+/.exec(placeId);
  return digits ? Number(digits[0]) : null;
}

/**
 * The practice id in a centre URL's `pid`, tolerant of the forms found in the wild:
 * `?pid=practice-1`, `?pid=practice-1?speciality_id=5`, `&pid=practice-1&?speciality_id=5`, URL-encoded.
 */
export function pidOfUrl(url: string): number | null {
  let decoded = url;
  try {
    decoded = decodeURIComponent(url);
  } catch {
    // A stray `%` is no reason to lose the pid: read the raw URL.
  }
  const match = /[?&]pid=[^\d&?#]*(\d+)/.exec(decoded);
  return match ? Number(match[1]) : null;
}

export function bookingUrl(partnersBase: string, slug: string): string {
  return `${partnersBase}/booking/${encodeURIComponent(slug)}.json`;
}

/** The public page people book on, one per place of a doctor. */
export function publicCentreUrl(wwwBase: string, city: string, slug: string, practiceId: number): string {
  return `${wwwBase}/vaccination-covid-19/${slugify(city)}/${slug}?pid=practice-${practiceId}`;
}

export interface AvailabilitiesQuery {
  /** `YYYY-MM-DD`, the first day of the page. */
  readonly startDate: string;
  readonly motiveId: number;
  /** In the order of `booking.agendas`: Doctolib answers differently otherwise (§9.3). */
  readonly agendaIds: readonly number[];
  readonly practiceIds: readonly number[];
  readonly limit: number;
}

/** Parameters in the exact names and order the platform receives them (§3.2). */
export function availabilitiesUrl(partnersBase: string, query: AvailabilitiesQuery): string {
  const practiceIds = query.practiceIds.map(String).sort();
  const params = [
    ['start_date', query.startDate],
    ['visit_motive_ids', String(query.motiveId)],
    ['agenda_ids', query.agendaIds.join('-')],
    ['insurance_sector', 'public'],
    ['practice_ids', practiceIds.join('-')],
    ['destroy_temporary', 'true'],
    ['limit', String(query.limit)],
  ];
  return (
    `${partnersBase}/availabilities.json?` +
    `${params.map(([name, value]) => `${name}=${encodeURIComponent(value!)}`).join('&')}`
  );
}

/** Doctolib identifies partners by a secret key sent as the User-Agent (§1). */
export function doctolibHeaders(partnerKey: string | undefined): Record<string, string> {
  return partnerKey ? { 'User-Agent': partnerKey } : {};
}
