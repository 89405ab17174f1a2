// Mesoigner: one call lists every centre of the partner API; one call per centre gives its slots from a
// start date, as far as the server wants. A 403 is Mesoigner's anti-bot answer.
import type { Centre, ScanWindow } from '../../domain.js';
import { parisDate } from '../../time.js';
import type { DiscoveryEvent, PlatformSettings, ScanStep, ScrapeContext } from '../adapter.js';
import { fetchJson, fetchResponse, statusIssue } from '../http-issue.js';
import { readJson } from '../json.js';
import { definePlatform } from '../platform-pipeline.js';
import { unreadableAnswer } from '../problems.js';
import { centreOfRecord, slotsOfAnswer } from './parse.js';
import { centresRequest, MESOIGNER_LIVE_URLS, slotsRequest, type MesoignerRole } from './request.js';
import { centresSchema, errorSchema, mesoignerScanDataSchema, slotsSchema, type MesoignerScanData } from './schema.js';

export const mesoignerModule = definePlatform<MesoignerRole, MesoignerScanData>({
  id: 'mesoigner',
  label: 'mesoigner',
  liveBaseUrls: MESOIGNER_LIVE_URLS,
  // Booking pages are the pharmacies' own sites, whose domains vary (spec §1): any public https host.
  bookingHosts: ['*'],
  scanData: mesoignerScanDataSchema,
  connect: (settings) => ({
    async *discover(ctx): AsyncGenerator<DiscoveryEvent> {
      const fetched = await fetchResponse(ctx.http, centresRequest(settings));
      if (!fetched.ok) {
        yield { kind: 'failure', message: `centre list: ${fetched.issue.message}` };
        return;
      }
      if (fetched.response.status !== 200) {
        const error = readJson(fetched.response, errorSchema);
        const detail = error.ok ? ` (${error.value.message})` : '';
        yield { kind: 'failure', message: `centre list: ${statusIssue(fetched.response).message}${detail}` };
        return;
      }
      const records = readJson(fetched.response, centresSchema);
      if (!records.ok) {
        yield { kind: 'failure', message: `centre list: ${records.issue.message}` };
        return;
      }
      const seenUrls = new Set<string>();
      for (const record of records.value) {
        const parsed = centreOfRecord(record);
        if (!parsed.ok) {
          if (parsed.problem) yield { kind: 'problem', problem: parsed.problem };
          continue;
        }
        const { centre } = parsed;
        if (centre.bookingUrl !== '' && seenUrls.has(centre.bookingUrl)) continue;
        seenUrls.add(centre.bookingUrl);
        yield { kind: 'centre', centre };
      }
    },
    scan: (centre, data, window, ctx) => scanCentre(settings, centre, data, window, ctx),
  }),
});

async function* scanCentre(
  settings: PlatformSettings<MesoignerRole>,
  centre: Centre,
  scan: MesoignerScanData,
  window: ScanWindow,
  ctx: ScrapeContext,
): AsyncIterable<ScanStep> {
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
  const read = slotsOfAnswer(answer.value);
  for (const found of read.problems) yield { kind: 'problem', problem: found };
  // Every entry is a slot or a problem.
  const drift = unreadableAnswer(read.slots.length + read.problems.length, read.problems, `${centre.id} slots`);
  if (drift) {
    yield { kind: 'issue', issue: drift };
    return;
  }
  const slots = read.slots.filter((slot) => slot.start >= window.from && slot.start < window.to);
  if (slots.length > 0) yield { kind: 'slots', slots };
}
