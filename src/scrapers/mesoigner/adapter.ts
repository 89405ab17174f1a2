// Mesoigner: one call lists every centre of the partner API; one call per centre gives its slots from a
// start date, as far as the server wants. A 403 is Mesoigner's anti-bot answer.
import type { Centre, ScanEvent, ScanWindow } from '../../domain.js';
import { parisDate } from '../../time.js';
import { isWanted, type PlatformAdapter, type PlatformModule, type PlatformSettings, type ScrapeContext } from '../adapter.js';
import { fetchJson, fetchResponse } from '../http-issue.js';
import { readJson } from '../json.js';
import { centreOfRecord, slotsOfAnswer, type MesoignerScanData } from './parse.js';
import { centresRequest, MESOIGNER_LIVE_URLS, slotsRequest, type MesoignerRole } from './request.js';
import { centresSchema, errorSchema, slotsSchema } from './schema.js';

export function createMesoignerAdapter(settings: PlatformSettings<MesoignerRole>): PlatformAdapter {
  return {
    platform: 'mesoigner',
    async *discover(ctx) {
      const fetched = await fetchResponse(ctx.http, centresRequest(settings));
      if (!fetched.ok) {
        ctx.log.error({ issue: fetched.issue }, 'mesoigner centre list unavailable');
        return;
      }
      if (fetched.response.status !== 200) {
        const error = readJson(fetched.response, errorSchema);
        ctx.log.error({ status: fetched.response.status, message: error.ok ? error.value.message : undefined }, 'mesoigner centre list refused');
        return;
      }
      const records = readJson(fetched.response, centresSchema);
      if (!records.ok) {
        ctx.log.error({ issue: records.issue }, 'mesoigner centre list unreadable');
        return;
      }
      const seenUrls = new Set<string>();
      for (const record of records.value) {
        const parsed = centreOfRecord(record);
        if (!parsed.ok) {
          ctx.log.warn({ reason: parsed.reason }, 'mesoigner centre skipped');
          continue;
        }
        const { centre } = parsed;
        if (seenUrls.has(centre.bookingUrl)) continue;
        seenUrls.add(centre.bookingUrl);
        if (!isWanted(ctx, centre.department)) continue;
        yield centre;
      }
    },
    scan: (centre, window, ctx) => scanCentre(settings, centre, window, ctx),
  };
}

async function* scanCentre(settings: PlatformSettings<MesoignerRole>, centre: Centre, window: ScanWindow, ctx: ScrapeContext): AsyncIterable<ScanEvent> {
  const scan = centre.scanData as MesoignerScanData;
  // The pharmacy takes no booking through Mesoigner: nothing to ask.
  if (scan.bookingDisabled) {
    yield { kind: 'issue', issue: { reason: 'phone-only', message: `${centre.id}: online booking disabled` } };
    return;
  }
  const answer = await fetchJson(ctx.http, slotsRequest(settings, scan.gid, parisDate(window.from)), slotsSchema);
  if (!answer.ok) {
    yield { kind: 'issue', issue: answer.issue };
    return;
  }
  const slots = slotsOfAnswer(answer.value).filter((slot) => slot.start >= window.from && slot.start < window.to);
  if (slots.length > 0) yield { kind: 'slots', slots };
}

export const mesoignerModule: PlatformModule<MesoignerRole> = {
  platform: 'mesoigner',
  liveBaseUrls: MESOIGNER_LIVE_URLS,
  create: (settings) => createMesoignerAdapter(settings),
};
