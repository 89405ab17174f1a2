// Mapharma: centres are the vaccination campaigns of the pharmacies in Mapharma's open data; a campaign's
// slots come from its calendar, asked twice six days apart. The open data also says how many places a
// campaign has free, which spares the calendar calls of campaigns with none.
import type { ScanWindow } from '../../domain.js';
import type { Logger } from '../../logger.js';
import { parisDate } from '../../time.js';
import type { DiscoveryEvent, PlatformSettings, ScanStep, ScrapeContext } from '../adapter.js';
import { fetchJson, fetchResponse, isSuccess, statusIssue } from '../http-issue.js';
import { readJson } from '../json.js';
import { definePlatform } from '../platform-pipeline.js';
import { unreadableAnswer, type Problem } from '../problems.js';
import {
  calendarDays,
  campaignValidity,
  centresOfPharmacy,
  findCampaign,
  mergeCalendarDays,
  parsePharmacies,
  slotsOfCalendar,
  type CalendarDays,
  type MapharmaScanData,
} from './parse.js';
import {
  calendarDates,
  calendarRequest,
  MAPHARMA_LIVE_URLS,
  openDataCopyRequest,
  openDataRequest,
  type MapharmaRole,
} from './request.js';
import { calendarSchema, mapharmaScanDataSchema, openDataCopySchema, openDataSchema, type Pharmacy } from './schema.js';

/** The open data as read: its pharmacies and the records that could not be used. */
interface OpenData {
  readonly pharmacies: Pharmacy[];
  readonly problems: Problem[];
}

/** Vitemadose refreshes its stored open data once per run; a scan cycle here reuses it for this long. */
const OPEN_DATA_MAX_AGE_MS = 60_000;

export const mapharmaModule = definePlatform<MapharmaRole, MapharmaScanData>({
  id: 'mapharma',
  label: 'Mapharma',
  liveBaseUrls: MAPHARMA_LIVE_URLS,
  bookingHosts: ['mapharma.net', 'www.mapharma.net', 'mapharma.fr', 'www.mapharma.fr'],
  scanData: mapharmaScanDataSchema,
  connect(settings) {
    let cached: { readonly at: number; readonly pharmacies: Promise<OpenData | null> } | null = null;

    /** The open data, fetched at most once per cycle however many scans run at the same time. */
    function openData(ctx: ScrapeContext, fresh: boolean): Promise<OpenData | null> {
      const now = ctx.clock.now().getTime();
      if (fresh || !cached || now - cached.at > OPEN_DATA_MAX_AGE_MS) {
        const pharmacies = fetchOpenData(settings, ctx);
        cached = { at: now, pharmacies };
        // A failed fetch is not kept: the next scan tries again.
        void pharmacies.then((value) => {
          if (value === null && cached?.pharmacies === pharmacies) cached = null;
        });
      }
      return cached.pharmacies;
    }

    return {
      async *discover(ctx): AsyncGenerator<DiscoveryEvent> {
        const data = await openData(ctx, true);
        if (!data) {
          yield { kind: 'failure', message: 'open data unavailable, and its published copy' };
          return;
        }
        for (const found of data.problems) yield { kind: 'problem', problem: found };
        const seen = new Set<string>();
        for (const pharmacy of data.pharmacies) {
          for (const campaign of pharmacy.campagnes) {
            if (campaignValidity(campaign) === 'unknown')
              logUnknownCampaign(ctx.log, pharmacy, campaign.nom, campaign.url ?? '');
          }
          for (const centre of centresOfPharmacy(pharmacy)) {
            if (seen.has(centre.id)) continue;
            seen.add(centre.id);
            yield { kind: 'centre', centre };
          }
        }
      },
      scan: (_centre, data, window, ctx) => scanCampaign(settings, data, window, ctx, () => openData(ctx, false)),
    };
  },
});

async function* scanCampaign(
  settings: PlatformSettings<MapharmaRole>,
  scan: MapharmaScanData,
  window: ScanWindow,
  ctx: ScrapeContext,
  openData: () => Promise<OpenData | null>,
): AsyncIterable<ScanStep> {
  const data = await openData();
  if (!data) {
    yield {
      kind: 'issue',
      issue: { reason: 'http-error', message: 'Mapharma open data unavailable (and its published copy)' },
    };
    return;
  }
  const campaign = findCampaign(data.pharmacies, scan);
  if (!campaign) {
    yield {
      kind: 'issue',
      issue: {
        reason: 'no-usable-motive',
        message: `campaign ${scan.campaignId}/${scan.optionId} is no longer in the open data`,
      },
    };
    return;
  }
  // No free place at all: Mapharma has answered, and asking the calendar would only cost two requests.
  if (campaign.total_libres !== null && campaign.total_libres !== undefined && campaign.total_libres <= 0) return;

  const startDate = parisDate(window.from);
  const answers: CalendarDays[] = [];
  for (const date of calendarDates(startDate, parisDate(window.to))) {
    const request = calendarRequest(settings, scan.campaignId, date, scan.optionId);
    const body = await fetchJson(ctx.http, request, calendarSchema);
    if (!body.ok) {
      yield { kind: 'issue', issue: body.issue };
      return;
    }
    const parsed = calendarDays(body.value);
    for (const found of parsed.problems) yield { kind: 'problem', problem: found };
    const drift = unreadableAnswer(parsed.items, parsed.problems, request.url);
    if (drift) {
      yield { kind: 'issue', issue: drift };
      return;
    }
    answers.push(parsed.days);
  }
  const all = slotsOfCalendar(mergeCalendarDays(answers), startDate, campaign.nom);
  const inWindow = all.slots
    .map((slot, index) => ({ slot, identity: all.identities[index]! }))
    .filter(({ slot }) => slot.start >= window.from && slot.start < window.to);
  if (inWindow.length > 0)
    yield {
      kind: 'slots',
      slots: inWindow.map(({ slot }) => slot),
      identities: inWindow.map(({ identity }) => identity),
    };
}

/** The open data, else the copy Vitemadose publishes; null when neither answers. */
async function fetchOpenData(settings: PlatformSettings<MapharmaRole>, ctx: ScrapeContext): Promise<OpenData | null> {
  const live = await fetchResponse(ctx.http, openDataRequest(settings));
  if (live.ok && isSuccess(live.response)) {
    const parsed = readJson(live.response, openDataSchema);
    if (parsed.ok) return pharmaciesOf(parsed.value, ctx.log);
    ctx.log.warn({ issue: parsed.issue }, 'mapharma open data unreadable, trying the published copy');
  } else {
    ctx.log.warn(
      { issue: live.ok ? statusIssue(live.response) : live.issue },
      'mapharma open data unavailable, trying the published copy',
    );
  }
  const copy = await fetchResponse(ctx.http, openDataCopyRequest(settings));
  if (copy.ok && isSuccess(copy.response)) {
    const parsed = readJson(copy.response, openDataCopySchema);
    if (parsed.ok) return pharmaciesOf(parsed.value.data, ctx.log);
    ctx.log.error({ issue: parsed.issue }, 'mapharma open data copy unreadable');
    return null;
  }
  ctx.log.error({ issue: copy.ok ? statusIssue(copy.response) : copy.issue }, 'mapharma open data copy unavailable');
  return null;
}

function pharmaciesOf(records: readonly unknown[], _log: Logger): OpenData {
  return parsePharmacies(records);
}

function logUnknownCampaign(log: Logger, pharmacy: Pharmacy, name: string, url: string): void {
  // Vitemadose appends these to a file for human review; a log line is our equivalent.
  log.info({ pharmacy: pharmacy.nom, campaign: name, url }, 'mapharma campaign of unknown kind left out');
}
