// AvecMonDoc: organisations found through the paged covid search, each read by slug for its vaccination
// reasons; a reason's slots come from 7-day availability windows stepping 6 days (or jumping to the next
// bookable hour the platform points at).
import type { Centre, ScanEvent, ScanWindow, Slot } from '../../domain.js';
import { addDaysToDate, parisDate } from '../../time.js';
import { isWanted, type PlatformAdapter, type PlatformModule, type PlatformSettings, type ScrapeContext } from '../adapter.js';
import { fetchJson, fetchResponse, isSuccess, statusIssue } from '../http-issue.js';
import { readJson, type Parsed } from '../json.js';
import { DISCOVERY_CONCURRENCY, mapConcurrently } from '../concurrent.js';
import { placeOfPostalCode } from '../postal.js';
import { centreOfOrganization, parseAvailabilityPage, slugOfUrl, vaccinationReasons, type AvecMonDocScanData } from './parse.js';
import { availabilitiesRequest, AVECMONDOC_LIVE_URLS, organizationRequest, PAGE_STEP_DAYS, searchRequest, type AvecMonDocRole } from './request.js';
import { organizationSchema, perDaySchema, searchSchema, type ConsultationReason, type Organization, type SearchPage } from './schema.js';

/** The search sometimes times out on its first call: it is tried up to three times when it gives nothing. */
const SEARCH_ATTEMPTS = 3;
/** A guard against a search that would claim a next page forever. */
const MAX_SEARCH_PAGES = 1_000;

type Entry = SearchPage['data'][number];

export function createAvecMonDocAdapter(settings: PlatformSettings<AvecMonDocRole>): PlatformAdapter {
  return {
    platform: 'avecmondoc',
    async *discover(ctx) {
      let entries: Entry[] = [];
      for (let attempt = 1; attempt <= SEARCH_ATTEMPTS && entries.length === 0; attempt += 1) entries = await search(settings, ctx);
      const seen = new Set<string>();
      const slugs: string[] = [];
      for (const entry of entries) {
        if (entry.businessHoursCovidCount <= 0) continue;
        const slug = slugOfUrl(entry.url);
        if (!slug || seen.has(slug)) continue;
        seen.add(slug);
        // The search's postal code spares organisation calls for departments nobody asked for.
        if (entry.zipCode && !isWanted(ctx, placeOfPostalCode(entry.zipCode).department)) continue;
        slugs.push(slug);
      }
      // Several organisations at once, yielded in the search's order (src/scrapers/concurrent.ts).
      const organizations = mapConcurrently(slugs, DISCOVERY_CONCURRENCY, async (slug) => ({ slug, organization: await fetchOrganization(settings, ctx, slug) }));
      for await (const { slug, organization } of organizations) {
        if (!organization.ok) {
          ctx.log.warn({ slug, issue: organization.issue }, 'avecmondoc organisation unavailable');
          continue;
        }
        const centre = centreOfOrganization(organization.value);
        if (!centre || !isWanted(ctx, centre.department)) continue;
        yield centre;
      }
    },
    scan: (centre, window, ctx) => scanOrganization(settings, centre, window, ctx),
  };
}

/** Every page of the search; any page failing means no reliable list at all (empty). */
async function search(settings: PlatformSettings<AvecMonDocRole>, ctx: ScrapeContext): Promise<Entry[]> {
  const entries: Entry[] = [];
  for (let page = 1; page <= MAX_SEARCH_PAGES; page += 1) {
    const fetched = await fetchResponse(ctx.http, searchRequest(settings, page));
    if (!fetched.ok || !isSuccess(fetched.response)) {
      ctx.log.warn({ page, issue: fetched.ok ? statusIssue(fetched.response) : fetched.issue }, 'avecmondoc search failed');
      return [];
    }
    const parsed = readJson(fetched.response, searchSchema);
    if (!parsed.ok) {
      ctx.log.warn({ page, issue: parsed.issue }, 'avecmondoc search unreadable');
      return [];
    }
    entries.push(...parsed.value.data);
    if (!parsed.value.hasNextPage) break;
  }
  return entries;
}

async function fetchOrganization(settings: PlatformSettings<AvecMonDocRole>, ctx: ScrapeContext, slug: string): Promise<Parsed<Organization>> {
  return fetchJson(ctx.http, organizationRequest(settings, slug), organizationSchema);
}

async function* scanOrganization(settings: PlatformSettings<AvecMonDocRole>, centre: Centre, window: ScanWindow, ctx: ScrapeContext): AsyncIterable<ScanEvent> {
  const scan = centre.scanData as AvecMonDocScanData;
  // Reasons change: they are read again at every scan, as Vitemadose does.
  const organization = await fetchOrganization(settings, ctx, scan.slug);
  if (!organization.ok) {
    yield { kind: 'issue', issue: organization.issue };
    return;
  }
  const reasons = vaccinationReasons(organization.value);
  if (reasons.length === 0) {
    yield { kind: 'issue', issue: { reason: 'no-usable-motive', message: `organisation ${scan.slug} has no vaccination reason` } };
    return;
  }
  for (const reason of reasons) {
    const slots = await scanReason(settings, ctx, organization.value.id, reason, window);
    if (!slots.ok) {
      yield { kind: 'issue', issue: slots.issue };
      return;
    }
    if (slots.value.length > 0) yield { kind: 'slots', slots: slots.value };
  }
}

/** Pages from the window's first Paris date, 6 days apart, until the window's end or the platform says stop. */
async function scanReason(settings: PlatformSettings<AvecMonDocRole>, ctx: ScrapeContext, organizationId: number, reason: ConsultationReason, window: ScanWindow): Promise<Parsed<Slot[]>> {
  const endDate = parisDate(window.to);
  // Overlapping pages return their shared day twice: a bookable hour is counted once, by its id.
  const slots = new Map<number, Slot>();
  let pageDate = parisDate(window.from);
  while (pageDate < endDate) {
    const parsed = await fetchJson(ctx.http, availabilitiesRequest(settings, organizationId, reason.id, pageDate), perDaySchema);
    if (!parsed.ok) return parsed;
    const page = parseAvailabilityPage(parsed.value, reason);
    for (const { id, slot } of page.slots) if (slot.start >= window.from && slot.start < window.to && !slots.has(id)) slots.set(id, slot);
    if (page.next.kind === 'stop') break;
    const stepped = addDaysToDate(pageDate, PAGE_STEP_DAYS);
    // A jump only ever moves forward past this page: the page already covered anything before.
    pageDate = page.next.kind === 'jump' && page.next.date > stepped ? page.next.date : stepped;
  }
  return { ok: true, value: [...slots.values()] };
}

export const avecMonDocModule: PlatformModule<AvecMonDocRole> = {
  platform: 'avecmondoc',
  liveBaseUrls: AVECMONDOC_LIVE_URLS,
  create: (settings) => createAvecMonDocAdapter(settings),
};
