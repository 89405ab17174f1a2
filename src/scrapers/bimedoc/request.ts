// Requests to Bimedoc's partner API (spec/platforms/bimedoc.md §2-3). Pure builders: no I/O here.
import { addDaysToDate } from '../../time.js';

export type BimedocRole = 'server';

export const BIMEDOC_LIVE_BASE_URLS: Readonly<Record<BimedocRole, string>> = {
  server: 'https://server.bimedoc.com',
};

/**
 * Sent when no partner key is configured. Bimedoc refuses every call without an `Authorization: Partner …`
 * header, so in live mode a missing key would only earn 401s; the sandbox accepts any non-empty partner key,
 * and this one makes the sandbox (and the tests, whose adapters get no key) work without configuration.
 */
export const BIMEDOC_SANDBOX_PARTNER_KEY = 'sandbox-partner-key';

/** Both the centre list and the scan ask for today .. today + 11 days. */
export const BIMEDOC_HORIZON_DAYS = 11;

export interface BimedocDateRange {
  /** `YYYY-MM-DD`, Paris calendar dates. */
  readonly startDate: string;
  readonly endDate: string;
}

export function dateRangeFrom(today: string, days: number = BIMEDOC_HORIZON_DAYS): BimedocDateRange {
  return { startDate: today, endDate: addDaysToDate(today, days) };
}

function query(range: BimedocDateRange): string {
  return new URLSearchParams({ start_date: range.startDate, end_date: range.endDate }).toString();
}

function trimBase(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

/** The list of partner pharmacies: only their ids are read from it. */
export function pharmacyListUrl(baseUrl: string, range: BimedocDateRange): string {
  return `${trimBase(baseUrl)}/vmd/pharmacy-with-slots?${query(range)}`;
}

/** One pharmacy's details, as the centre-list job asks for it: with a trailing slash before the query. */
export function pharmacyDetailsUrl(baseUrl: string, uuid: string, range: BimedocDateRange): string {
  return `${trimBase(baseUrl)}/vmd/pharmacy-with-slots/${encodeURIComponent(uuid)}/?${query(range)}`;
}

/** One pharmacy's slots, as the scan asks for them: the same resource without the trailing slash. */
export function pharmacySlotsUrl(baseUrl: string, uuid: string, range: BimedocDateRange): string {
  return `${trimBase(baseUrl)}/vmd/pharmacy-with-slots/${encodeURIComponent(uuid)}?${query(range)}`;
}

export function bimedocHeaders(partnerKey: string | undefined): Record<string, string> {
  const key = partnerKey && partnerKey.trim() !== '' ? partnerKey.trim() : BIMEDOC_SANDBOX_PARTNER_KEY;
  return { Authorization: `Partner ${key}` };
}

/** The public booking page: a fixed public host, whatever host the API calls go to. */
export function bookingPageUrl(uuid: string): string {
  return `https://app.bimedoc.com/application/scheduler/${encodeURIComponent(uuid)}?vmd=true`;
}
