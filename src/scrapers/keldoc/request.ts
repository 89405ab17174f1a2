// Keldoc request builders (spec/platforms/keldoc.md §2, §3, §6). Pure: base URLs in, URLs out.
import { addDaysToDate } from '../../time.js';
import { slugify } from '../../text.js';

export type KeldocRole = 'www' | 'booking' | 'public';

export const KELDOC_SPECIALTY_SLUGS = ['maladies-infectieuses', 'vaccination-covid-19', 'vaccination-covid19'] as const;
/** Specialty ids a centre URL may carry (§5). */
export const KELDOC_SPECIALTY_IDS: ReadonlySet<number> = new Set([144, 496, 153]);

// Keldoc files "Haute-X" departments under "x-haute"; everything else is the plain slug of the name.
const DEPARTMENT_NAME_REMAPS: Readonly<Record<string, string>> = {
  'Bas-Rhin': 'rhin-bas',
  'Haut-Rhin': 'rhin-haut',
  'Hautes-Alpes': 'alpes-hautes',
  'Haute-Loire': 'loire-haute',
  'Haute-Marne': 'marne-haute',
  'Hautes-Pyrénées': 'pyrenees-haute',
  'Haute-Saône': 'saune-haute',
  'Haute-Savoie': 'savoie-haute',
  'Deux-Sèvres': 'sevres-deux',
  'Haute-Vienne': 'vienne-haute',
  'Territoire de Belfort': 'belfort-territoire-de',
};

/** `ain-01`, `cote-d-or-21`, `rhin-bas-67`. */
export function departmentSlug(name: string, code: string): string {
  return `${DEPARTMENT_NAME_REMAPS[name] ?? slugify(name)}-${code.toLowerCase()}`;
}

export function geoSearchUrl(www: string, specialtySlug: string, departmentSlug: string, page: number): string {
  const query = new URLSearchParams({ specialty_id: specialtySlug, raw_location: departmentSlug, page: String(page) });
  return `${www}/api/patients/v2/searches/geo_location?${query}`;
}

export function cabinetDetailsUrl(www: string, cabinetId: number): string {
  return `${www}/api/patients/v2/cabinets/${cabinetId}/details`;
}

export interface ResourceQuery {
  readonly type: string;
  readonly location: string;
  readonly slug: string;
  readonly cabinet?: string;
}

export function resourceUrl(booking: string, query: ResourceQuery): string {
  const params = new URLSearchParams({ type: query.type, location: query.location, slug: query.slug });
  if (query.cabinet !== undefined) params.set('cabinet', query.cabinet);
  return `${booking}/api/patients/v2/searches/resource?${params}`;
}

export function motiveCategoriesUrl(booking: string, clinicId: number, specialtyId: number, cabinetId: number): string {
  return (
    `${booking}/api/patients/v2/clinics/${clinicId}/specialties/` +
    `${specialtyId}/cabinets/${cabinetId}/motive_categories`
  );
}

/** Inclusive `from`..`to` dates; `agenda_ids[]` repeated, brackets percent-encoded as the platform receives them. */
export function timetableUrl(
  www: string,
  motiveId: number,
  from: string,
  to: string,
  agendaIds: readonly number[],
): string {
  const query = new URLSearchParams({ from, to });
  for (const id of agendaIds) query.append('agenda_ids[]', String(id));
  return `${www}/api/patients/v2/timetables/${motiveId}?${query}`;
}

/** Days per timetable page; the next page starts on the last day of the previous one (§6). */
export const PAGE_DAYS = 5;

export function pageEnd(from: string): string {
  return addDaysToDate(from, PAGE_DAYS - 1);
}

/** A public centre page on the booking host, whose answer redirects to the booking app (§10). */
export function publicPageUrl(publicBase: string, path: string): string {
  return `${publicBase}${path}`;
}

export function partnerHeaders(partnerKey: string | undefined): Record<string, string> {
  return partnerKey ? { 'User-Agent': partnerKey } : {};
}
