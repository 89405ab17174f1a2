// Ordoclic request builders (spec/platforms/ordoclic.md §2, §3). No partner key, no custom User-Agent.
import type { HttpRequest } from '../http.js';

export type OrdoclicRole = 'api';

const VACCINE_FLAGS = [
  'vaccineAstraZeneca1',
  'vaccineAstraZeneca2',
  'vaccineJanssen1',
  'vaccinePfizer1',
  'vaccinePfizer2',
  'vaccinePfizer3',
  'vaccineModerna1',
  'vaccineModerna2',
  'vaccineModerna3',
];

/** One page of everything: dotted filter names, `in.` must all hold, one `or.` flag is enough. */
export function searchUrl(api: string): string {
  const query = new URLSearchParams({
    page: '1',
    per_page: '10000',
    'in.isPublicProfile': 'true',
    'in.isCovidVaccineSupported': 'true',
  });
  for (const flag of VACCINE_FLAGS) query.append(`or.covidOnlineBookingAvailabilities.${flag}`, 'true');
  return `${api}/v1/public/search?${query}`;
}

export type ProfileKind = 'entity' | 'professional';

/** The profile endpoint depends on the page's path: `/pharmacien/` and `/medecin/` pages are professionals. */
export function profileOfPageUrl(pageUrl: string): { slug: string; kind: ProfileKind } | null {
  let segments: string[];
  try {
    segments = new URL(pageUrl).pathname.split('/').filter(Boolean);
  } catch {
    return null;
  }
  const slug = segments.at(-1);
  if (!slug) return null;
  const parent = segments.at(-2);
  return { slug, kind: parent === 'pharmacien' || parent === 'medecin' ? 'professional' : 'entity' };
}

export function profileUrl(api: string, profile: { slug: string; kind: ProfileKind }): string {
  const path = profile.kind === 'professional' ? 'v1/professionals/profile' : 'v1/public/entities/profile';
  return `${api}/${path}/${encodeURIComponent(profile.slug)}`;
}

export function reasonsUrl(api: string, entityId: string): string {
  return `${api}/v1/solar/entities/${encodeURIComponent(entityId)}/reasons`;
}

export interface SlotsQuery {
  readonly entityId: string;
  readonly medicalStaffId: string;
  readonly reasonId: string;
  readonly from: Date;
  readonly to: Date;
}

/**
 * The window travels as true UTC instants. (The historical scraper sent `dateStart` at 23:59:59Z of the
 * first day, losing that day's slots; asking from the window's start loses none.)
 */
export function slotsRequest(api: string, query: SlotsQuery): HttpRequest {
  return {
    method: 'POST',
    // A POST only because the query is a body: it reads availability and changes nothing, so a retry is safe.
    idempotent: true,
    url: `${api}/v1/solar/slots/availableSlots`,
    headers: { 'Content-Type': 'application/json', Accept: 'text/plain' },
    json: {
      entityId: query.entityId,
      medicalStaffId: query.medicalStaffId,
      reasonId: query.reasonId,
      dateEnd: query.to.toISOString(),
      dateStart: query.from.toISOString(),
    },
  };
}
