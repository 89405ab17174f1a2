// Keldoc: department geo-search -> cabinet details, resource and motive categories at discovery; per
// vaccination motive, timetables in overlapping 5-day pages at scan time (spec/platforms/keldoc.md).
import type { Centre, ScanIssue, ScanWindow, Slot } from '../../domain.js';
import type { Parsed } from '../json.js';
import { DISCOVERY_CONCURRENCY, mapConcurrently, mergeConcurrently } from '../concurrent.js';
import { DEPARTMENTS } from '../../departments.js';
import { normalisePhone } from '../phone.js';
import { parisDate } from '../../time.js';
import type { z } from 'zod';
import { isWanted, type DiscoveryEvent, type ScanStep, type ScrapeContext } from '../adapter.js';
import { fetchJson, fetchResponse } from '../http-issue.js';
import { definePlatform } from '../platform-pipeline.js';
import { describeZodError, problem, unreadableAnswer, type Problem } from '../problems.js';
import {
  bookingUrlOf,
  centreUrlOf,
  classifyTimetable,
  keldocCentreId,
  kindOfUrl,
  mergeDays,
  placeOf,
  resourceQueryFromPath,
  resourceQueryFromRedirect,
  scanDataFromCategories,
  slotsOfMotive,
  vaccinationMotives,
  type CentreUrl,
  type VaccinationMotive,
} from './parse.js';
import {
  KELDOC_SPECIALTY_SLUGS,
  cabinetDetailsUrl,
  departmentSlug,
  geoSearchUrl,
  motiveCategoriesUrl,
  pageEnd,
  partnerHeaders,
  publicPageUrl,
  resourceUrl,
  timetableUrl,
  type KeldocRole,
  type ResourceQuery,
} from './request.js';
import {
  cabinetDetailsSchema,
  geoCentreSchema,
  geoSearchSchema,
  keldocScanDataSchema,
  motiveCategoriesSchema,
  resourceSchema,
  timetableSchema,
  type GeoCentre,
  type KeldocScanData,
} from './schema.js';

function isCentreLike(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && ('id' in raw || 'url' in raw);
}

/** A bound on search pages per department and slug, against a platform that would always say "next". */
const MAX_SEARCH_PAGES = 50;
/** Timetable requests per motive: 3 pages cover 11 days; the rest leaves room for next-date jumps. */
const MAX_TIMETABLE_REQUESTS = 6;
/**
 * A centre's motives are independent (each its own timetable pages), so they are scanned at once: one motive
 * after another left a cycle bound by the platform's latency (8 centres, one request each in flight), not by
 * its rate limit. Each motive's pages still go in order, since a page's answer decides the next request.
 */
const MOTIVES_AT_ONCE = 4;
/** Centres of one department described at once in discovery (each is 3 or 4 calls, partly in a row). */
const CENTRES_DESCRIBED_AT_ONCE = 4;

export const keldocModule = definePlatform<KeldocRole, KeldocScanData>({
  id: 'keldoc',
  label: 'Keldoc',
  liveBaseUrls: {
    www: 'https://www.keldoc.com',
    booking: 'https://booking.keldoc.com',
    public: 'https://vaccination-covid.keldoc.com',
  },
  bookingHosts: ['vaccination-covid.keldoc.com', 'keldoc.com', 'www.keldoc.com'],
  scanData: keldocScanDataSchema,
  connect(settings) {
    const { www, booking } = settings.baseUrls;
    const headers = partnerHeaders(settings.partnerKey);

    async function getJson<T>(ctx: ScrapeContext, url: string, schema: z.ZodType<T>): Promise<Parsed<T>> {
      return fetchJson(ctx.http, { url, headers }, schema);
    }

    async function* searchDepartment(
      ctx: ScrapeContext,
      slug: string,
    ): AsyncGenerator<{ kind: 'item'; item: GeoCentre } | DiscoveryEvent> {
      for (const specialty of KELDOC_SPECIALTY_SLUGS) {
        for (let page = 1; page <= MAX_SEARCH_PAGES; page += 1) {
          const result = await getJson(ctx, geoSearchUrl(www, specialty, slug, page), geoSearchSchema);
          if (!result.ok) {
            yield { kind: 'failure', message: `search ${slug} ${specialty} page ${page}: ${result.issue.message}` };
            break;
          }
          const { options, results } = result.value;
          if (!options || !results) break;
          for (const section of Object.values(results)) {
            for (const raw of section.data) {
              // A result without an id or a page is not a centre (adverts, banners): another item type, ignored.
              if (!isCentreLike(raw)) continue;
              const item = geoCentreSchema.safeParse(raw);
              if (item.success) yield { kind: 'item', item: item.data };
              else
                yield {
                  kind: 'problem',
                  problem: problem('invalid-item', `search ${slug}: ${describeZodError(item.error)}`),
                };
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
      const fetched = await fetchResponse(ctx.http, {
        url: publicPageUrl(settings.baseUrls.public, url.path),
        headers,
      });
      if (!fetched.ok || fetched.response.status < 300 || fetched.response.status >= 400) return null;
      const location = fetched.response.headers.location;
      return location ? resourceQueryFromRedirect(location) : null;
    }

    /** The centre of a search item, or why there is none: no online booking (null), or a failed call. */
    async function describe(
      ctx: ScrapeContext,
      item: GeoCentre,
      url: CentreUrl,
    ): Promise<{ centre: Centre; problems: Problem[] } | { failure: string } | null> {
      // The details (for the phone) and the resource lookup do not depend on each other: asked at once.
      const [details, query] = await Promise.all([
        getJson(ctx, cabinetDetailsUrl(www, url.cabinetId), cabinetDetailsSchema),
        resourceQueryOf(ctx, url),
      ]);
      // A page that does not lead to a resource has no online booking (§2.2): not a failure.
      if (!query) return null;
      const resource = await getJson(ctx, resourceUrl(booking, query), resourceSchema);
      if (!resource.ok) return { failure: `resource of ${url.path}: ${resource.issue.message}` };
      const clinicId = resource.value.id;
      const categories = await getJson(
        ctx,
        motiveCategoriesUrl(booking, clinicId, url.specialtyId, url.cabinetId),
        motiveCategoriesSchema,
      );
      if (!categories.ok) return { failure: `motive categories of ${url.path}: ${categories.issue.message}` };
      const place = placeOf(item);
      const scanData = scanDataFromCategories(categories.value);
      return {
        problems: scanData.problems,
        centre: {
          id: keldocCentreId(clinicId, url.cabinetId),
          platform: 'keldoc',
          name: item.title,
          kind: kindOfUrl(url.path),
          ...place,
          phone: details.ok ? normalisePhone(details.value.phone_number) : null,
          businessHours: null,
          bookingUrl: bookingUrlOf(url),
          atlasGid: null,
          scanData: scanData.data,
        },
      };
    }

    type MotiveResult =
      | { kind: 'slots'; slots: Slot[]; problems: Problem[] }
      | { kind: 'phone-only' }
      | { kind: 'issue'; issue: ScanIssue };

    async function scanMotive(
      ctx: ScrapeContext,
      motive: VaccinationMotive,
      window: ScanWindow,
    ): Promise<MotiveResult> {
      // The window's end is exclusive: its last day is the day of the instant just before it.
      const lastDate = parisDate(new Date(Math.max(window.from.getTime(), window.to.getTime() - 1)));
      const days = new Map<string, readonly Date[]>();
      const problems: Problem[] = [];
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
        const items = Object.values(result.value.availabilities ?? {}).reduce(
          (count, entries) => count + (entries?.length ?? 0),
          0,
        );
        const drift = unreadableAnswer(items, answer.problems, `timetable ${motive.id} from ${from}`);
        if (drift) return { kind: 'issue', issue: drift };
        mergeDays(days, answer.days);
        problems.push(...answer.problems);
        from = to;
      }
      return { kind: 'slots', slots: slotsOfMotive(days, motive, window), problems };
    }

    return {
      async *discover(ctx): AsyncGenerator<DiscoveryEvent> {
        const seen = new Set<string>();
        // Several departments at once (../concurrent.ts): each centre costs 3 or 4 requests in a row, so one
        // department at a time would leave the rate limit mostly unused. `seen` is checked and set without an
        // await between, so a centre is still described once.
        async function* walk(department: (typeof DEPARTMENTS)[number]): AsyncGenerator<DiscoveryEvent> {
          const listed: { item: GeoCentre; url: CentreUrl }[] = [];
          for await (const found of searchDepartment(ctx, departmentSlug(department.name, department.code))) {
            if (found.kind !== 'item') {
              yield found;
              continue;
            }
            const url = centreUrlOf(found.item);
            if (!url) continue;
            const bookingUrl = bookingUrlOf(url);
            if (seen.has(bookingUrl)) continue;
            seen.add(bookingUrl);
            listed.push({ item: found.item, url });
          }
          // The search pages first, then the centres they list, a few at a time: one centre's calls do not
          // depend on another's, and one after another made a department's walk a chain of round trips.
          const described = mapConcurrently(listed, CENTRES_DESCRIBED_AT_ONCE, ({ item, url }) =>
            describe(ctx, item, url),
          );
          for await (const centre of described) {
            if (!centre) continue;
            if ('failure' in centre) {
              yield { kind: 'failure', message: centre.failure };
              continue;
            }
            for (const found of centre.problems) yield { kind: 'problem', problem: found };
            yield { kind: 'centre', centre: centre.centre };
          }
        }
        const wanted = DEPARTMENTS.filter((department) => isWanted(ctx, department.code));
        yield* mergeConcurrently(
          wanted.map((department) => () => walk(department)),
          DISCOVERY_CONCURRENCY,
        );
      },

      async *scan(centre, data, window, ctx): AsyncGenerator<ScanStep> {
        const motives = vaccinationMotives(data);
        if (motives.length === 0) {
          yield {
            kind: 'issue',
            issue: { reason: 'no-usable-motive', message: `${centre.id}: no vaccination motive` },
          };
          return;
        }
        let phoneOnly = 0;
        // Results come in the motives' order, so what is yielded is what one motive after another gave.
        for await (const result of mapConcurrently(motives, MOTIVES_AT_ONCE, (motive) =>
          scanMotive(ctx, motive, window),
        )) {
          if (result.kind === 'issue') {
            yield result;
            return;
          }
          if (result.kind === 'phone-only') {
            phoneOnly += 1;
            continue;
          }
          for (const found of result.problems) yield { kind: 'problem', problem: found };
          if (result.slots.length > 0) yield { kind: 'slots', slots: result.slots };
        }
        if (phoneOnly === motives.length)
          yield { kind: 'issue', issue: { reason: 'phone-only', message: `${centre.id}: booking by phone only` } };
      },
    };
  },
});
