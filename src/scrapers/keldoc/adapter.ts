// Keldoc: department geo-search -> cabinet details, resource and motive categories at discovery; per
// vaccination motive, timetables in overlapping 5-day pages at scan time (spec/platforms/keldoc.md).
import type { Centre, ScanEvent, ScanIssue, ScanWindow, Slot } from '../../domain.js';
import type { Parsed } from '../json.js';
import { DISCOVERY_CONCURRENCY, mergeConcurrently } from '../concurrent.js';
import { DEPARTMENTS } from '../../departments.js';
import { normalisePhone } from '../phone.js';
import { parisDate } from '../../time.js';
import type { z } from 'zod';
import { isWanted, type PlatformAdapter, type PlatformModule, type PlatformSettings, type ScrapeContext } from '../adapter.js';
import { fetchJson, fetchResponse } from '../http-issue.js';
import {
  bookingUrlOf, centreUrlOf, classifyTimetable, keldocCentreId, kindOfUrl, mergeDays, placeOf, resourceQueryFromPath,
  resourceQueryFromRedirect, scanDataFromCategories, slotsOfMotive, vaccinationMotives, type CentreUrl, type VaccinationMotive,
} from './parse.js';
import {
  KELDOC_SPECIALTY_SLUGS, cabinetDetailsUrl, departmentSlug, geoSearchUrl, motiveCategoriesUrl, pageEnd, partnerHeaders,
  publicPageUrl, resourceUrl, timetableUrl, type KeldocRole, type ResourceQuery,
} from './request.js';
import {
  cabinetDetailsSchema, geoCentreSchema, geoSearchSchema, keldocScanDataSchema, motiveCategoriesSchema, resourceSchema, timetableSchema,
  type GeoCentre,
} from './schema.js';

/** A bound on search pages per department and slug, against a platform that would always say "next". */
const MAX_SEARCH_PAGES = 50;
/** Timetable requests per motive: 3 pages cover 11 days; the rest leaves room for next-date jumps. */
const MAX_TIMETABLE_REQUESTS = 6;

export const keldocModule: PlatformModule<KeldocRole> = {
  platform: 'keldoc',
  liveBaseUrls: { www: 'https://www.keldoc.com', booking: 'https://booking.keldoc.com', public: 'https://vaccination-covid.keldoc.com' },
  create: (settings) => createKeldocAdapter(settings),
};

export function createKeldocAdapter(settings: PlatformSettings<KeldocRole>): PlatformAdapter {
  const { www, booking } = settings.baseUrls;
  const headers = partnerHeaders(settings.partnerKey);

  async function getJson<T>(ctx: ScrapeContext, url: string, schema: z.ZodType<T>): Promise<Parsed<T>> {
    return fetchJson(ctx.http, { url, headers }, schema);
  }

  async function* searchDepartment(ctx: ScrapeContext, slug: string): AsyncGenerator<GeoCentre> {
    for (const specialty of KELDOC_SPECIALTY_SLUGS) {
      for (let page = 1; page <= MAX_SEARCH_PAGES; page += 1) {
        const result = await getJson(ctx, geoSearchUrl(www, specialty, slug, page), geoSearchSchema);
        if (!result.ok) {
          ctx.log.warn({ platform: 'keldoc', department: slug, issue: result.issue }, 'keldoc search page failed');
          break;
        }
        const { options, results } = result.value;
        if (!options || !results) break;
        for (const section of Object.values(results)) {
          for (const raw of section.data) {
            const item = geoCentreSchema.safeParse(raw);
            if (item.success) yield item.data;
          }
        }
        if (!options.next_page) break;
      }
    }
  }

  /** The resource lookup of a centre page; a short path is resolved through the page's redirect. */
  async function resourceQueryOf(ctx: ScrapeContext, url: CentreUrl): Promise<ResourceQuery | null> {
    const fromPath = resourceQueryFromPath(url.path);
    if (fromPath) return fromPath;
    const fetched = await fetchResponse(ctx.http, { url: publicPageUrl(settings.baseUrls.public, url.path), headers });
    if (!fetched.ok || fetched.response.status < 300 || fetched.response.status >= 400) return null;
    const location = fetched.response.headers.location;
    return location ? resourceQueryFromRedirect(location) : null;
  }

  async function describe(ctx: ScrapeContext, item: GeoCentre, url: CentreUrl): Promise<Centre | null> {
    const details = await getJson(ctx, cabinetDetailsUrl(www, url.cabinetId), cabinetDetailsSchema);
    const query = await resourceQueryOf(ctx, url);
    if (!query) return null;
    const resource = await getJson(ctx, resourceUrl(booking, query), resourceSchema);
    if (!resource.ok) return null;
    const clinicId = resource.value.id;
    const categories = await getJson(ctx, motiveCategoriesUrl(booking, clinicId, url.specialtyId, url.cabinetId), motiveCategoriesSchema);
    if (!categories.ok) return null;
    const place = placeOf(item);
    return {
      id: keldocCentreId(clinicId, url.cabinetId),
      platform: 'keldoc',
      name: item.title,
      kind: kindOfUrl(url.path),
      address: place.address,
      postalCode: place.postalCode,
      city: place.city,
      insee: place.insee,
      department: place.department,
      location: place.location,
      phone: details.ok ? normalisePhone(details.value.phone_number) : null,
      businessHours: null,
      bookingUrl: bookingUrlOf(url),
      atlasGid: null,
      scanData: scanDataFromCategories(categories.value),
    };
  }

  type MotiveResult = { kind: 'slots'; slots: Slot[] } | { kind: 'phone-only' } | { kind: 'issue'; issue: ScanIssue };

  async function scanMotive(ctx: ScrapeContext, motive: VaccinationMotive, window: ScanWindow): Promise<MotiveResult> {
    // The window's end is exclusive: its last day is the day of the instant just before it.
    const lastDate = parisDate(new Date(Math.max(window.from.getTime(), window.to.getTime() - 1)));
    const days = new Map<string, readonly Date[]>();
    let from = parisDate(window.from);
    for (let requests = 0; from <= lastDate && requests < MAX_TIMETABLE_REQUESTS; requests += 1) {
      const to = pageEnd(from);
      const result = await getJson(ctx, timetableUrl(www, motive.id, from, to, motive.agendaIds), timetableSchema);
      if (!result.ok) return { kind: 'issue', issue: result.issue };
      const answer = classifyTimetable(result.value);
      if (answer.kind === 'phone-only') return { kind: 'phone-only' };
      if (answer.kind === 'nothing') break;
      if (answer.kind === 'next-date') {
        // Nothing in this page, but Keldoc says when the next slot is: jump there while it is in the window.
        const next = parisDate(answer.date);
        if (next <= to || next > lastDate) break;
        from = next;
        continue;
      }
      mergeDays(days, answer.days);
      from = to;
    }
    return { kind: 'slots', slots: slotsOfMotive(days, motive, window) };
  }

  return {
    platform: 'keldoc',

    async *discover(ctx) {
      const seen = new Set<string>();
      // Several departments at once (src/scrapers/concurrent.ts): each centre costs 3 or 4 requests in a row,
      // so one department at a time would leave the rate limit mostly unused. `seen` is checked and set
      // without an await between, so a centre is still described once.
      async function* walk(department: (typeof DEPARTMENTS)[number]): AsyncGenerator<Centre> {
        for await (const item of searchDepartment(ctx, departmentSlug(department.name, department.code))) {
          const url = centreUrlOf(item);
          if (!url) continue;
          const bookingUrl = bookingUrlOf(url);
          if (seen.has(bookingUrl)) continue;
          seen.add(bookingUrl);
          const centre = await describe(ctx, item, url);
          if (!centre) {
            ctx.log.warn({ platform: 'keldoc', url: bookingUrl }, 'keldoc centre dropped: resource or motives unavailable');
            continue;
          }
          if (!isWanted(ctx, centre.department)) continue;
          yield centre;
        }
      }
      yield* mergeConcurrently(DEPARTMENTS.filter((department) => isWanted(ctx, department.code)).map((department) => () => walk(department)), DISCOVERY_CONCURRENCY);
    },

    async *scan(centre, window, ctx): AsyncGenerator<ScanEvent> {
      const data = keldocScanDataSchema.safeParse(centre.scanData);
      if (!data.success) {
        yield { kind: 'issue', issue: { reason: 'parse-failure', message: `${centre.id}: scan data is not Keldoc motives` } };
        return;
      }
      const motives = vaccinationMotives(data.data);
      if (motives.length === 0) {
        yield { kind: 'issue', issue: { reason: 'no-usable-motive', message: `${centre.id}: no vaccination motive` } };
        return;
      }
      let phoneOnly = 0;
      for (const motive of motives) {
        const result = await scanMotive(ctx, motive, window);
        if (result.kind === 'issue') {
          yield result;
          return;
        }
        if (result.kind === 'phone-only') phoneOnly += 1;
        else if (result.slots.length > 0) yield { kind: 'slots', slots: result.slots };
      }
      if (phoneOnly === motives.length) yield { kind: 'issue', issue: { reason: 'phone-only', message: `${centre.id}: booking by phone only` } };
    },
  };
}
