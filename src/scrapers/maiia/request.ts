// Maiia request builders (spec/platforms/maiia.md §2–§4). One host, every list endpoint paged the same way.
export type MaiiaRole = 'www';

export const CENTRE_CATEGORIES = ['centre-de-vaccination', 'pharmacie', 'centre-hospitalier-(ch)'] as const;
export const SEARCH_PAGE_SIZE = 50;
export const LIST_PAGE_SIZE = 100;

/** Python's `quote(name, safe='')`: even `(`, `)` and `+` are percent-encoded, so the server reads the exact name. */
export function encodeReasonName(name: string): string {
  return encodeURIComponent(name).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Maiia wants `limit`, a 0-based `page` and `size`, all three, appended to the endpoint's own query. */
export function pagedUrl(base: string, path: string, query: string, pageSize: number, page: number): string {
  return `${base}/api/pat-public/${path}?${query}&limit=${pageSize}&page=${page}&size=${pageSize}`;
}

export function centreSearchQuery(category: string): string {
  return `AllVaccinationPlaces=true&speciality.shortName=${encodeURIComponent(category)}`;
}

export function reasonsQuery(centerId: string): string {
  return `rootCenterId=${encodeURIComponent(centerId)}`;
}

/** `from`/`to` are naive Paris date-times and travel unencoded (`2021-04-29T00:00:00`). */
export function availabilitiesQuery(centerId: string, reasonName: string, from: string, to: string): string {
  return (
    `centerId=${encodeURIComponent(centerId)}&` +
    `consultationReasonName=${encodeReasonName(reasonName)}&from=${from}&to=${to}`
  );
}

export function closestUrl(base: string, centerId: string, reasonName: string, from: string): string {
  return (
    `${base}/api/pat-public/availability-closests?` +
    `centerId=${encodeURIComponent(centerId)}&` +
    `consultationReasonName=${encodeReasonName(reasonName)}&from=${from}`
  );
}

export function partnerHeaders(partnerKey: string | undefined): Record<string, string> {
  return partnerKey ? { 'User-Agent': partnerKey } : {};
}
