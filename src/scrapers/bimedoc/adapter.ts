// Bimedoc (spec/platforms/bimedoc.md): a partner API keyed by `Authorization: Partner …`. Discovery lists the
// partner pharmacies then reads each one's details; a scan is one call per pharmacy over today .. today+11.
import pLimit from 'p-limit';
import type { ScanIssue } from '../../domain.js';
import { parisDate } from '../../time.js';
import type { DiscoveryEvent, ScanStep, ScrapeContext } from '../adapter.js';
import type { HttpResponse } from '../http.js';
import { fetchResponse } from '../http-issue.js';
import { readJson } from '../json.js';
import { definePlatform } from '../platform-pipeline.js';
import { describeZodError, problem } from '../problems.js';
import { pharmacyToCentre, readAvailability } from './parse.js';
import {
  BIMEDOC_LIVE_BASE_URLS,
  bimedocHeaders,
  dateRangeFrom,
  pharmacyDetailsUrl,
  pharmacyListUrl,
  pharmacySlotsUrl,
  type BimedocRole,
} from './request.js';
import {
  bimedocListEntrySchema,
  bimedocPharmacyListSchema,
  bimedocPharmacySchema,
  bimedocScanDataSchema,
  type BimedocScanData,
} from './schema.js';

/** Details calls in flight at once during discovery (the reference job uses 50 workers). */
const DETAILS_CONCURRENCY = 8;

export const bimedocModule = definePlatform<BimedocRole, BimedocScanData>({
  id: 'bimedoc',
  label: 'Bimedoc',
  liveBaseUrls: BIMEDOC_LIVE_BASE_URLS,
  bookingHosts: ['app.bimedoc.com'],
  scanData: bimedocScanDataSchema,
  connect(settings) {
    const baseUrl = settings.baseUrls.server;
    const headers = bimedocHeaders(settings.partnerKey);

    async function get(url: string, ctx: ScrapeContext): Promise<HttpResponse | ScanIssue> {
      // The one shared fetch helper: every outcome a value (the answer, whatever its status, or the issue).
      const fetched = await fetchResponse(ctx.http, { url, headers });
      return fetched.ok ? fetched.response : fetched.issue;
    }

    return {
      async *discover(ctx): AsyncGenerator<DiscoveryEvent> {
        const range = dateRangeFrom(parisDate(ctx.clock.now()));
        const list = await get(pharmacyListUrl(baseUrl, range), ctx);
        if (!('status' in list)) {
          yield { kind: 'failure', message: `pharmacy list: ${list.message}` };
          return;
        }
        if (list.status !== 200) {
          yield { kind: 'failure', message: `pharmacy list: HTTP ${list.status}` };
          return;
        }
        const parsed = readJson(list, bimedocPharmacyListSchema);
        if (!parsed.ok) {
          yield { kind: 'failure', message: `pharmacy list: ${parsed.issue.message}` };
          return;
        }
        const uuids = new Set<string>();
        for (const raw of parsed.value) {
          const entry = bimedocListEntrySchema.safeParse(raw);
          if (entry.success) uuids.add(entry.data.id);
          else
            yield {
              kind: 'problem',
              problem: problem('invalid-item', `pharmacy list entry: ${describeZodError(entry.error)}`),
            };
        }
        const limit = pLimit(DETAILS_CONCURRENCY);
        const details = [...uuids].map((uuid) => limit(() => readDetails(uuid)));
        for (const pending of details) yield await pending;

        // A failed details call drops that pharmacy only, as the reference job does; the discovery says so.
        async function readDetails(uuid: string): Promise<DiscoveryEvent> {
          const response = await get(pharmacyDetailsUrl(baseUrl, uuid, range), ctx);
          if (!('status' in response) || response.status !== 200) {
            return {
              kind: 'failure',
              message: `pharmacy ${uuid}: ${'status' in response ? `HTTP ${response.status}` : response.message}`,
            };
          }
          const pharmacy = readJson(response, bimedocPharmacySchema);
          if (!pharmacy.ok) return { kind: 'problem', problem: problem('invalid-item', pharmacy.issue.message) };
          return { kind: 'centre', centre: pharmacyToCentre(pharmacy.value) };
        }
      },

      async *scan(centre, scanData, window, ctx): AsyncGenerator<ScanStep> {
        // The dates are the Paris calendar days of the window; Bimedoc's end date is inclusive, so asking up to
        // the date of the window's (exclusive) end is the spec's today + 11 and the surplus is filtered out.
        const range = { startDate: parisDate(window.from), endDate: parisDate(window.to) };
        const response = await get(pharmacySlotsUrl(baseUrl, scanData.uuid, range), ctx);
        if (!('status' in response)) {
          yield { kind: 'issue', issue: response };
          return;
        }
        if (response.status === 403)
          ctx.log.warn({ centre: centre.id }, 'availability refused (403): listed as unavailable');
        const answer = readAvailability(response, window);
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
