// AvecMonDoc requests (spec/platforms/avecmondoc.md §2-3): paged search, organisation by slug, and the
// per-reason availabilities POST over 7-day windows.
import type { PlatformSettings } from '../adapter.js';
import type { HttpRequest } from '../http.js';
import { addDaysToDate } from '../../time.js';

export type AvecMonDocRole = 'api';

export const AVECMONDOC_LIVE_URLS: Readonly<Record<AvecMonDocRole, string>> = { api: 'https://api.avecmondoc.com' };

/** Booking links are patient pages, whatever API host is configured. */
export const PATIENT_HOST = 'patient.avecmondoc.com';

export const SEARCH_PAGE_SIZE = 10;
/** Each availabilities call covers 7 calendar days (start..start+6); pages step by 6, overlapping by a day. */
export const WINDOW_LAST_DAY_OFFSET = 6;
export const PAGE_STEP_DAYS = 6;

function headers(settings: PlatformSettings<AvecMonDocRole>): Record<string, string> {
  return settings.partnerKey ? { 'User-Agent': settings.partnerKey } : {};
}

export function searchRequest(settings: PlatformSettings<AvecMonDocRole>, page: number): HttpRequest {
  return {
    url: `${settings.baseUrls.api}/api/Organizations/public/covid?limit=${SEARCH_PAGE_SIZE}&page=${page}`,
    headers: headers(settings),
  };
}

export function organizationRequest(settings: PlatformSettings<AvecMonDocRole>, slug: string): HttpRequest {
  return {
    url: `${settings.baseUrls.api}/api/Organizations/slug/${encodeURIComponent(slug)}`,
    headers: headers(settings),
  };
}

/** `periodStart`/`periodEnd` are Paris calendar dates dressed up with a literal `Z`, as the platform wants them. */
export function availabilitiesRequest(
  settings: PlatformSettings<AvecMonDocRole>,
  organizationId: number,
  reasonId: number,
  pageDate: string,
): HttpRequest {
  return {
    method: 'POST',
    // A POST only because the query is a body: it reads availability and changes nothing, so a retry is safe.
    idempotent: true,
    url: `${settings.baseUrls.api}/api/BusinessHours/availabilitiesPerDay`,
    headers: { ...headers(settings), 'Content-type': 'application/json', Accept: 'application/json' },
    json: {
      consultationReasonId: reasonId,
      disabledPeriods: [],
      fullDisplay: true,
      organizationId,
      periodEnd: `${addDaysToDate(pageDate, WINDOW_LAST_DAY_OFFSET)}T00:00:00.000Z`,
      periodStart: `${pageDate}T00:00:00.000Z`,
      type: 'inOffice',
    },
  };
}
