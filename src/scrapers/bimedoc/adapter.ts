// Bimedoc (spec/platforms/bimedoc.md): a partner API keyed by `Authorization: Partner …`. Discovery lists the
// partner pharmacies then reads each one's details; a scan is one call per pharmacy over today .. today+11.
import pLimit from 'p-limit';
import { z } from 'zod';
import type { Centre, ScanEvent, ScanIssue, ScanWindow } from '../../domain.js';
import { parisDate } from '../../time.js';
import { isWanted, type PlatformAdapter, type PlatformModule, type PlatformSettings, type ScrapeContext } from '../adapter.js';
import type { HttpResponse } from '../http.js';
import { failureIssue } from '../http-issue.js';
import { readJson } from '../json.js';
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
import { bimedocPharmacyListSchema, bimedocPharmacySchema } from './schema.js';

/** Details calls in flight at once during discovery (the reference job uses 50 workers). */
const DETAILS_CONCURRENCY = 8;

const scanDataSchema = z.object({ uuid: z.string().min(1) });

export function createBimedocAdapter(settings: PlatformSettings<BimedocRole>): PlatformAdapter {
  const baseUrl = settings.baseUrls.server;
  const headers = bimedocHeaders(settings.partnerKey);

  async function get(url: string, ctx: ScrapeContext): Promise<HttpResponse | ScanIssue> {
    try {
      return await ctx.http.request({ url, headers });
    } catch (error) {
      return failureIssue(error);
    }
  }

  return {
    platform: 'bimedoc',

    async *discover(ctx) {
      const range = dateRangeFrom(parisDate(ctx.clock.now()));
      const list = await get(pharmacyListUrl(baseUrl, range), ctx);
      if (!('status' in list)) {
        ctx.log.warn({ platform: 'bimedoc', issue: list }, 'pharmacy list failed');
        return;
      }
      if (list.status !== 200) {
        ctx.log.warn({ platform: 'bimedoc', status: list.status }, 'pharmacy list refused');
        return;
      }
      const parsed = readJson(list, bimedocPharmacyListSchema);
      if (!parsed.ok) {
        ctx.log.warn({ platform: 'bimedoc', issue: parsed.issue }, 'pharmacy list unreadable');
        return;
      }
      const uuids = [...new Set(parsed.value.map((pharmacy) => pharmacy.id))];
      const limit = pLimit(DETAILS_CONCURRENCY);
      const details = uuids.map((uuid) => limit(() => readDetails(uuid)));
      for (const pending of details) {
        const centre = await pending;
        if (centre && isWanted(ctx, centre.department)) yield centre;
      }

      // A failed details call drops that pharmacy only, as the reference job does.
      async function readDetails(uuid: string): Promise<Centre | null> {
        const response = await get(pharmacyDetailsUrl(baseUrl, uuid, range), ctx);
        if (!('status' in response) || response.status !== 200) {
          ctx.log.warn({ platform: 'bimedoc', uuid, status: 'status' in response ? response.status : response.reason }, 'pharmacy details failed');
          return null;
        }
        const pharmacy = readJson(response, bimedocPharmacySchema);
        if (!pharmacy.ok) {
          ctx.log.warn({ platform: 'bimedoc', uuid, issue: pharmacy.issue }, 'pharmacy details unreadable');
          return null;
        }
        return pharmacyToCentre(pharmacy.value);
      }
    },

    async *scan(centre: Centre, window: ScanWindow, ctx: ScrapeContext): AsyncIterable<ScanEvent> {
      const scanData = scanDataSchema.safeParse(centre.scanData);
      if (!scanData.success) {
        yield { kind: 'issue', issue: { reason: 'parse-failure', message: `${centre.id}: scan data has no pharmacy uuid` } };
        return;
      }
      // The dates are the Paris calendar days of the window; Bimedoc's end date is inclusive, so asking up to
      // the date of the window's (exclusive) end is the spec's today + 11 and the surplus is filtered out.
      const range = { startDate: parisDate(window.from), endDate: parisDate(window.to) };
      const response = await get(pharmacySlotsUrl(baseUrl, scanData.data.uuid, range), ctx);
      if (!('status' in response)) {
        yield { kind: 'issue', issue: response };
        return;
      }
      if (response.status === 403) ctx.log.warn({ platform: 'bimedoc', centre: centre.id }, 'availability refused (403): listed as unavailable');
      const answer = readAvailability(response, window);
      if (answer.kind === 'issue') yield answer;
      else if (answer.slots.length > 0) yield { kind: 'slots', slots: answer.slots };
    },
  };
}


export const bimedocModule: PlatformModule<BimedocRole> = {
  platform: 'bimedoc',
  liveBaseUrls: BIMEDOC_LIVE_BASE_URLS,
  create: createBimedocAdapter,
};
