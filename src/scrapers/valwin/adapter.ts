// Valwin / ePharmacie (spec/platforms/valwin.md): one call lists every pharmacy (an object map), and one call
// per pharmacy returns all its future slots, in naive Paris time. No authentication.
import { z } from 'zod';
import type { Centre, ScanEvent, ScanIssue, ScanWindow } from '../../domain.js';
import { isWanted, type PlatformAdapter, type PlatformModule, type PlatformSettings, type ScrapeContext } from '../adapter.js';
import type { HttpResponse } from '../http.js';
import { failureIssue } from '../http-issue.js';
import { readJson } from '../json.js';
import { pharmacyToCentre, readSlots, uniquePharmacies } from './parse.js';
import { pharmacyListUrl, pharmacySlotsUrl, VALWIN_LIVE_BASE_URLS, type ValwinRole } from './request.js';
import { valwinErrorSchema, valwinPharmacyMapSchema } from './schema.js';

const scanDataSchema = z.object({ pharmacyId: z.string().min(1), websiteUrl: z.string() });

export function createValwinAdapter(settings: PlatformSettings<ValwinRole>): PlatformAdapter {
  const baseUrl = settings.baseUrls.api;

  async function get(url: string, ctx: ScrapeContext): Promise<HttpResponse | ScanIssue> {
    try {
      return await ctx.http.request({ url });
    } catch (error) {
      return failureIssue(error);
    }
  }

  return {
    platform: 'valwin',

    async *discover(ctx) {
      const response = await get(pharmacyListUrl(baseUrl), ctx);
      if (!('status' in response)) {
        ctx.log.warn({ platform: 'valwin', issue: response }, 'pharmacy list failed');
        return;
      }
      if (response.status !== 200) {
        const refusal = readJson(response, valwinErrorSchema);
        ctx.log.warn({ platform: 'valwin', status: response.status, message: refusal.ok ? refusal.value.message : null }, 'pharmacy list refused');
        return;
      }
      const parsed = readJson(response, valwinPharmacyMapSchema);
      if (!parsed.ok) {
        ctx.log.warn({ platform: 'valwin', issue: parsed.issue }, 'pharmacy list unreadable');
        return;
      }
      const seenIds = new Set<string>();
      for (const pharmacy of uniquePharmacies(parsed.value)) {
        const centre = pharmacyToCentre(pharmacy);
        // Two websites for one pharmacy id would be one open-data centre: the first one wins.
        if (seenIds.has(centre.id)) continue;
        seenIds.add(centre.id);
        if (isWanted(ctx, centre.department)) yield centre;
      }
    },

    async *scan(centre: Centre, window: ScanWindow, ctx: ScrapeContext): AsyncIterable<ScanEvent> {
      const scanData = scanDataSchema.safeParse(centre.scanData);
      if (!scanData.success) {
        yield { kind: 'issue', issue: { reason: 'parse-failure', message: `${centre.id}: scan data has no pharmacy id` } };
        return;
      }
      const response = await get(pharmacySlotsUrl(baseUrl, scanData.data.pharmacyId), ctx);
      if (!('status' in response)) {
        yield { kind: 'issue', issue: response };
        return;
      }
      const answer = readSlots(response, window, scanData.data.websiteUrl || centre.bookingUrl);
      if (answer.kind === 'issue') yield answer;
      else if (answer.slots.length > 0) yield { kind: 'slots', slots: answer.slots };
    },
  };
}


export const valwinModule: PlatformModule<ValwinRole> = {
  platform: 'valwin',
  liveBaseUrls: VALWIN_LIVE_BASE_URLS,
  create: createValwinAdapter,
};
