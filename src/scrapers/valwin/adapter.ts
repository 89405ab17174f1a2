// Valwin / ePharmacie (spec/platforms/valwin.md): one call lists every pharmacy (an object map), and one call
// per pharmacy returns all its future slots, in naive Paris time. No authentication.
import type { ScanIssue } from '../../domain.js';
import type { DiscoveryEvent, ScanStep, ScrapeContext } from '../adapter.js';
import type { HttpResponse } from '../http.js';
import { fetchResponse } from '../http-issue.js';
import { readJson } from '../json.js';
import { definePlatform } from '../platform-pipeline.js';
import { pharmacyToCentre, readSlots, uniquePharmacies } from './parse.js';
import { pharmacyListUrl, pharmacySlotsUrl, VALWIN_LIVE_BASE_URLS, type ValwinRole } from './request.js';
import { valwinErrorSchema, valwinPharmacyMapSchema, valwinScanDataSchema, type ValwinScanData } from './schema.js';

export const valwinModule = definePlatform<ValwinRole, ValwinScanData>({
  id: 'valwin',
  label: 'Valwin',
  liveBaseUrls: VALWIN_LIVE_BASE_URLS,
  // Booking pages are the pharmacies' sites: `*.epharmacie.pro`, `*.pharmabest.com` and their own domains.
  bookingHosts: ['*'],
  scanData: valwinScanDataSchema,
  connect(settings) {
    const baseUrl = settings.baseUrls.api;

    async function get(url: string, ctx: ScrapeContext): Promise<HttpResponse | ScanIssue> {
      // The one shared fetch helper: every outcome a value (the answer, whatever its status, or the issue).
      const fetched = await fetchResponse(ctx.http, { url });
      return fetched.ok ? fetched.response : fetched.issue;
    }

    return {
      async *discover(ctx): AsyncGenerator<DiscoveryEvent> {
        const response = await get(pharmacyListUrl(baseUrl), ctx);
        if (!('status' in response)) {
          yield { kind: 'failure', message: `pharmacy list: ${response.message}` };
          return;
        }
        if (response.status !== 200) {
          const refusal = readJson(response, valwinErrorSchema);
          yield {
            kind: 'failure',
            message: `pharmacy list: HTTP ${response.status}${refusal.ok ? ` (${refusal.value.message})` : ''}`,
          };
          return;
        }
        const parsed = readJson(response, valwinPharmacyMapSchema);
        if (!parsed.ok) {
          yield { kind: 'failure', message: `pharmacy list: ${parsed.issue.message}` };
          return;
        }
        const { pharmacies, problems } = uniquePharmacies(parsed.value);
        for (const found of problems) yield { kind: 'problem', problem: found };
        const seenIds = new Set<string>();
        for (const pharmacy of pharmacies) {
          const centre = pharmacyToCentre(pharmacy);
          // Two websites for one pharmacy id would be one open-data centre: the first one wins.
          if (seenIds.has(centre.id)) continue;
          seenIds.add(centre.id);
          yield { kind: 'centre', centre };
        }
      },

      async *scan(centre, scanData, window, ctx): AsyncGenerator<ScanStep> {
        const response = await get(pharmacySlotsUrl(baseUrl, scanData.pharmacyId), ctx);
        if (!('status' in response)) {
          yield { kind: 'issue', issue: response };
          return;
        }
        const answer = readSlots(response, window, scanData.websiteUrl || centre.bookingUrl);
        if (answer.kind === 'issue') {
          yield answer;
          return;
        }
        for (const found of answer.problems) yield { kind: 'problem', problem: found };
        if (answer.slots.length > 0) yield { kind: 'slots', slots: answer.slots };
      },
    };
  },
});
