// Mapharma requests (spec/platforms/mapharma.md §1-3): open data, its published copy, the slot calendar.
import { addDaysToDate } from '../../time.js';
import type { PlatformSettings } from '../adapter.js';
import type { HttpRequest } from '../http.js';

export type MapharmaRole = 'mapharma' | 'opendataCopy';

export const MAPHARMA_LIVE_URLS: Readonly<Record<MapharmaRole, string>> = {
  mapharma: 'https://mapharma.net',
  // The copy Vitemadose publishes on its own site, read when Mapharma's open data does not answer.
  opendataCopy: 'https://vitemadose.gitlab.io',
};

export const MAPHARMA_REFERER = 'https://mapharma.net/';

/** The calendar answers about 7 days from the date asked; calls start 6 days apart (the first wins on overlaps). */
export const CALENDAR_STEP_DAYS = 6;

export function mapharmaHeaders(settings: PlatformSettings<MapharmaRole>): Record<string, string> {
  return {
    Referer: MAPHARMA_REFERER,
    ...(settings.partnerKey ? { 'User-Agent': settings.partnerKey } : {}),
  };
}

export function openDataRequest(settings: PlatformSettings<MapharmaRole>): HttpRequest {
  return { url: `${settings.baseUrls.mapharma}/opendata/rdv`, headers: mapharmaHeaders(settings) };
}

export function openDataCopyRequest(settings: PlatformSettings<MapharmaRole>): HttpRequest {
  return {
    url: `${settings.baseUrls.opendataCopy}/vitemadose/mapharma_open_data.json`,
    headers: mapharmaHeaders(settings),
  };
}

/** `GET /api/public/calendar/{campagneId}/{YYYY-MM-DD}/{optionId}`. */
export function calendarRequest(
  settings: PlatformSettings<MapharmaRole>,
  campaignId: number,
  date: string,
  optionId: number,
): HttpRequest {
  return {
    url: `${settings.baseUrls.mapharma}/api/public/calendar/${campaignId}/${date}/${optionId}`,
    headers: mapharmaHeaders(settings),
  };
}

/** Dates of the calendar calls covering [startDate, endDate): start +0, +6... while before the end (at least one). */
export function calendarDates(startDate: string, endDate: string): string[] {
  const dates = [startDate];
  for (
    let date = addDaysToDate(startDate, CALENDAR_STEP_DAYS);
    date < endDate;
    date = addDaysToDate(date, CALENDAR_STEP_DAYS)
  )
    dates.push(date);
  return dates;
}
