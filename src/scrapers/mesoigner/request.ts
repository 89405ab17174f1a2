// Mesoigner requests (spec/platforms/mesoigner.md §2-3): the partner API's centre list and slots from a date.
import type { PlatformSettings } from '../adapter.js';
import type { HttpRequest } from '../http.js';

export type MesoignerRole = 'www';

export const MESOIGNER_LIVE_URLS: Readonly<Record<MesoignerRole, string>> = { www: 'https://www.mesoigner.fr' };

/** Mesoigner's own scheme: `Authorization: Mesoigner apikey="<key>"`, on every call. */
export function authorization(partnerKey: string | undefined): string {
  return `Mesoigner apikey="${partnerKey ?? ''}"`;
}

function headers(settings: PlatformSettings<MesoignerRole>): Record<string, string> {
  return { Authorization: authorization(settings.partnerKey) };
}

export function centresRequest(settings: PlatformSettings<MesoignerRole>): HttpRequest {
  return { url: `${settings.baseUrls.www}/api/v1/vaccination/centers`, headers: headers(settings) };
}

/** No end date: the server decides how far its answer goes. */
export function slotsRequest(settings: PlatformSettings<MesoignerRole>, gid: string, startDate: string): HttpRequest {
  const id = gid.replace(/^mesoigner/, '');
  return {
    url: `${settings.baseUrls.www}/api/v1/vaccination/centers/${encodeURIComponent(id)}/${startDate}`,
    headers: headers(settings),
  };
}
