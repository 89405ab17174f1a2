// AvecMonDoc: organisations found through the paged covid search, each read by slug for its vaccination
// reasons; a reason's slots come from 7-day availability windows stepping 6 days (or jumping to the next
// bookable hour the platform points at).
import type { Centre, ScanWindow, Slot } from '../../domain.js';
import { addDaysToDate, parisDate } from '../../time.js';
import { isWanted, type DiscoveryEvent, type PlatformSettings, type ScanStep, type ScrapeContext } from '../adapter.js';
import { fetchJson } from '../http-issue.js';
import type { Parsed } from '../json.js';
import { definePlatform } from '../platform-pipeline.js';
import { DISCOVERY_CONCURRENCY, mapConcurrently } from '../concurrent.js';
import { placeOfPostalCode } from '../postal.js';
import { describeZodError, problem, unreadableAnswer, type Problem } from '../problems.js';
import { centreOfOrganization, parseAvailabilityPage, slugOfUrl, vaccinationReasons } from './parse.js';
import {
  availabilitiesRequest,
  AVECMONDOC_LIVE_URLS,
  organizationRequest,
  PAGE_STEP_DAYS,
  PATIENT_HOST,
  searchRequest,
  type AvecMonDocRole,
} from './request.js';
import {
  avecMonDocScanDataSchema,
  organizationSchema,
  perDaySchema,
  searchEntrySchema,
  searchSchema,
  type AvecMonDocScanData,
  type ConsultationReason,
  type Organization,
  type SearchEntry,
} from './schema.js';

/** The search sometimes times out on its first call: it is tried up to three times when it gives nothing. */
const SEARCH_ATTEMPTS = 3;
/** A guard against a search that would claim a next page forever. */
const MAX_SEARCH_PAGES = 1_000;

interface SearchResult {
  readonly entries: SearchEntry[];
  readonly problems: Problem[];
  readonly failure: string | null;
}

export const avecMonDocModule = definePlatform<AvecMonDocRole, AvecMonDocScanData>({
  id: 'avecmondoc',
  label: 'AvecMonDoc',
  liveBaseUrls: AVECMONDOC_LIVE_URLS,
  bookingHosts: [PATIENT_HOST],
  scanData: avecMonDocScanDataSchema,
  connect: (settings) => ({
    async *discover(ctx): AsyncGenerator<DiscoveryEvent> {
      let result: SearchResult = { entries: [], problems: [], failure: null };
      for (let attempt = 1; attempt <= SEARCH_ATTEMPTS && result.entries.length === 0; attempt += 1)
        result = await search(settings, ctx);
      for (const found of result.problems) yield { kind: 'problem', problem: found };
      if (result.failure) yield { kind: 'failure', message: result.failure };
      const seen = new Set<string>();
      const listed: Array<{ slug: string; url: string }> = [];
      for (const entry of result.entries) {
        if ((entry.businessHoursCovidCount ?? 0) <= 0) continue;
        const slug = slugOfUrl(entry.url);
        if (!slug || seen.has(slug)) continue;
        seen.add(slug);
        // The search's postal code spares organisation calls for departments nobody asked for.
        if (entry.zipCode && !isWanted(ctx, placeOfPostalCode(entry.zipCode).department)) continue;
        listed.push({ slug, url: entry.url });
      }
      // Several organisations at once, yielded in the search's order (../concurrent.ts).
      const organizations = mapConcurrently(listed, DISCOVERY_CONCURRENCY, async ({ slug, url }) => ({
        slug,
        url,
        organization: await fetchOrganization(settings, ctx, slug),
      }));
      for await (const { slug, url, organization } of organizations) {
        if (!organization.ok) {
          yield { kind: 'failure', message: `organisation ${slug}: ${organization.issue.message}` };
          continue;
        }
        const centre = centreOfOrganization(organization.value, url);
        if (centre) yield { kind: 'centre', centre };
      }
    },
    scan: (centre, data, window, ctx) => scanOrganization(settings, centre, data, window, ctx),
  }),
});

/** Every page of the search, entries read one by one; a page failing ends the list, as a failure. */
async function search(settings: PlatformSettings<AvecMonDocRole>, ctx: ScrapeContext): Promise<SearchResult> {
  const entries: SearchEntry[] = [];
  const problems: Problem[] = [];
  for (let page = 1; page <= MAX_SEARCH_PAGES; page += 1) {
    const parsed = await fetchJson(ctx.http, searchRequest(settings, page), searchSchema);
    if (!parsed.ok) return { entries, problems, failure: `search page ${page}: ${parsed.issue.message}` };
    for (const raw of parsed.value.data) {
      const entry = searchEntrySchema.safeParse(raw);
      if (entry.success) entries.push(entry.data);
      else problems.push(problem('invalid-item', `search entry: ${describeZodError(entry.error)}`));
    }
    if (!parsed.value.hasNextPage) break;
  }
  return { entries, problems, failure: null };
}

async function fetchOrganization(
  settings: PlatformSettings<AvecMonDocRole>,
  ctx: ScrapeContext,
  slug: string,
): Promise<Parsed<Organization>> {
  return fetchJson(ctx.http, organizationRequest(settings, slug), organizationSchema);
}

async function* scanOrganization(
  settings: PlatformSettings<AvecMonDocRole>,
  _centre: Centre,
  scan: AvecMonDocScanData,
  window: ScanWindow,
  ctx: ScrapeContext,
): AsyncIterable<ScanStep> {
  // Reasons change: they are read again at every scan, as Vitemadose does.
  const organization = await fetchOrganization(settings, ctx, scan.slug);
  if (!organization.ok) {
    yield { kind: 'issue', issue: organization.issue };
    return;
  }
  const reasons = vaccinationReasons(organization.value);
  if (reasons.length === 0) {
    yield {
      kind: 'issue',
      issue: { reason: 'no-usable-motive', message: `organisation ${scan.slug} has no vaccination reason` },
    };
    return;
  }
  for (const reason of reasons) {
    const slots = await scanReason(settings, ctx, organization.value.id, reason, window);
    if (!slots.ok) {
      yield { kind: 'issue', issue: slots.issue };
      return;
    }
    for (const found of slots.value.problems) yield { kind: 'problem', problem: found };
    if (slots.value.slots.length > 0) yield { kind: 'slots', slots: slots.value.slots };
  }
}

/** Pages from the window's first Paris date, 6 days apart, until the window's end or the platform says stop. */
async function scanReason(
  settings: PlatformSettings<AvecMonDocRole>,
  ctx: ScrapeContext,
  organizationId: number,
  reason: ConsultationReason,
  window: ScanWindow,
): Promise<Parsed<{ slots: Slot[]; problems: Problem[] }>> {
  const endDate = parisDate(window.to);
  // Overlapping pages return their shared day twice: a bookable hour is counted once, by its id.
  const slots = new Map<number, Slot>();
  const problems: Problem[] = [];
  let pageDate = parisDate(window.from);
  while (pageDate < endDate) {
    const parsed = await fetchJson(
      ctx.http,
      availabilitiesRequest(settings, organizationId, reason.id, pageDate),
      perDaySchema,
    );
    if (!parsed.ok) return parsed;
    const page = parseAvailabilityPage(parsed.value, reason);
    const drift = unreadableAnswer(page.items, page.problems, `availabilities of ${reason.reason} from ${pageDate}`);
    if (drift) return { ok: false, issue: drift };
    problems.push(...page.problems);
    for (const { id, slot } of page.slots)
      if (slot.start >= window.from && slot.start < window.to && !slots.has(id)) slots.set(id, slot);
    if (page.next.kind === 'stop') break;
    const stepped = addDaysToDate(pageDate, PAGE_STEP_DAYS);
    // A jump only ever moves forward past this page: the page already covered anything before.
    pageDate = page.next.kind === 'jump' && page.next.date > stepped ? page.next.date : stepped;
  }
  return { ok: true, value: { slots: [...slots.values()], problems } };
}
