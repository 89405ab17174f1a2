// Requests to Valwin's ePharmacie API (spec/platforms/valwin.md §2-3). No authentication, no custom header.
export type ValwinRole = 'api';

export const VALWIN_LIVE_BASE_URLS: Readonly<Record<ValwinRole, string>> = {
  api: 'https://pharma-api.epharmacie.pro',
};

/** Valwin pages its slots; asking for one absurdly large page is how the reference scraper gets them all. */
export const VALWIN_PAGE_SIZE = 999_999_999;

function trimBase(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

export function pharmacyListUrl(baseUrl: string): string {
  return `${trimBase(baseUrl)}/global/api/meetings/v2/pharmacies-with-vaccines`;
}

/** Every future slot of a pharmacy in one call: there are no date parameters. */
export function pharmacySlotsUrl(baseUrl: string, pharmacyId: string): string {
  return (
    `${trimBase(baseUrl)}/global/api/meetings/v2/` +
    `${encodeURIComponent(pharmacyId)}/slots?pageSize=${VALWIN_PAGE_SIZE}`
  );
}

/** The type id Valwin uses for its AstraZeneca sessions, whatever their label says ("Vaccin COVID-19"). */
export const ASTRAZENECA_TYPE_ID = 'be6c293a-e0a6-49ea-bdb4-31a779bde277';

/** The booking deep link: one type leads to that type's page, several to the pharmacy's list of them. */
export function bookingDeepLink(websiteUrl: string, typeIds: readonly string[]): string {
  const site = websiteUrl.replace(/\/+$/, '');
  return typeIds.length === 1 ? `${site}/animation-details/${typeIds[0]}/1/60` : `${site}/animations`;
}
