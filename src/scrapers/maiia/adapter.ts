// Maiia: nationwide centre search per category at discovery; per centre, its consultation reasons, then
// per vaccination reason the availabilities of the window, with the closest-availability endpoint as a
// second chance when the window looks empty (spec/platforms/maiia.md).
import type { z } from 'zod';
import type { Centre, ScanWindow, Slot } from '../../domain.js';
import type { Parsed } from '../json.js';
import { parseInstantWithOffset, parisDate, toParisLocalNaive } from '../../time.js';
import type { DiscoveryEvent, ScanStep, ScrapeContext } from '../adapter.js';
import { fetchJson } from '../http-issue.js';
import { definePlatform } from '../platform-pipeline.js';
import { describeZodError, problem, unreadableAnswer, type Problem } from '../problems.js';
import {
  bookingUrlOf,
  businessHoursOf,
  kindOf,
  maiiaCentreId,
  placeOf,
  planReason,
  rejectionOf,
  slotsFromAvailabilities,
  type ReasonPlan,
} from './parse.js';
import {
  CENTRE_CATEGORIES,
  LIST_PAGE_SIZE,
  SEARCH_PAGE_SIZE,
  availabilitiesQuery,
  centreSearchQuery,
  closestUrl,
  pagedUrl,
  partnerHeaders,
  reasonsQuery,
  type MaiiaRole,
} from './request.js';
import {
  availabilitySchema,
  closestSchema,
  hcdItemSchema,
  maiiaScanDataSchema,
  pageSchema,
  reasonSchema,
  type MaiiaScanData,
} from './schema.js';

/** A bound on pages, against a platform that would never send a short page. */
const MAX_PAGES = 100;

/** A list read item by item: what could be read, a problem per item that could not. */
interface Items<T> {
  readonly items: T[];
  readonly problems: Problem[];
}

/** Search items that are not centres (practitioners...) are left out before validation (spec §3). */
function isCentreItem(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === 'CENTER';
}

export const maiiaModule = definePlatform<MaiiaRole, MaiiaScanData>({
  id: 'maiia',
  label: 'Maiia',
  liveBaseUrls: { www: 'https://www.maiia.com' },
  bookingHosts: ['www.maiia.com'],
  scanData: maiiaScanDataSchema,
  connect(settings) {
    const base = settings.baseUrls.www;
    const headers = partnerHeaders(settings.partnerKey);

    async function getJson<T>(ctx: ScrapeContext, url: string, schema: z.ZodType<T>): Promise<Parsed<T>> {
      return fetchJson(ctx.http, { url, headers }, schema);
    }

    /**
     * Every item of a paged list: pages from 0 until one comes back shorter than the page size. Items are
     * selected (`select`), then validated one by one: one odd item never costs the page.
     */
    async function getAll<T>(
      ctx: ScrapeContext,
      path: string,
      query: string,
      pageSize: number,
      item: z.ZodType<T>,
      select: (raw: unknown) => boolean = () => true,
    ): Promise<Parsed<Items<T>>> {
      const items: T[] = [];
      const problems: Problem[] = [];
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const result = await getJson(ctx, pagedUrl(base, path, query, pageSize, page), pageSchema);
        if (!result.ok) return result;
        for (const raw of result.value.items) {
          if (!select(raw)) continue;
          const parsed = item.safeParse(raw);
          if (parsed.success) items.push(parsed.data);
          else problems.push(problem('invalid-item', `${path}: ${describeZodError(parsed.error)}`));
        }
        if (result.value.items.length < pageSize) break;
      }
      return { ok: true, value: { items, problems } };
    }

    async function scanReason(
      ctx: ScrapeContext,
      centerId: string,
      plan: Extract<ReasonPlan, { kind: 'scan' }>,
      window: ScanWindow,
    ): Promise<Parsed<Items<Slot>>> {
      // Maiia reads `from`/`to` as Paris wall-clock times without an offset.
      const from = `${parisDate(window.from)}T00:00:00`;
      const to = toParisLocalNaive(window.to);
      const first = await getAll(
        ctx,
        'availabilities',
        availabilitiesQuery(centerId, plan.name, from, to),
        LIST_PAGE_SIZE,
        availabilitySchema,
      );
      if (!first.ok) return first;
      if (first.value.items.length > 0 || first.value.problems.length > 0) return slotsOf(first.value);
      const closest = await getJson(ctx, closestUrl(base, centerId, plan.name, from), closestSchema);
      // The closest-slot call is only a hint: when it fails, the empty answer above stands.
      const next =
        closest.ok && closest.value.firstPhysicalStartDateTime
          ? parseInstantWithOffset(closest.value.firstPhysicalStartDateTime)
          : null;
      if (!next || next >= window.to) return { ok: true, value: { items: [], problems: [] } };
      const retry = await getAll(
        ctx,
        'availabilities',
        availabilitiesQuery(centerId, plan.name, toParisLocalNaive(next), to),
        LIST_PAGE_SIZE,
        availabilitySchema,
      );
      if (!retry.ok) return retry;
      return slotsOf(retry.value);

      function slotsOf(read: Items<{ startDateTime: string }>): Parsed<Items<Slot>> {
        const { slots, problems } = slotsFromAvailabilities(read.items, plan, window);
        const all = [...read.problems, ...problems];
        const drift = unreadableAnswer(read.items.length + read.problems.length, all, `availabilities of ${plan.name}`);
        return drift ? { ok: false, issue: drift } : { ok: true, value: { items: slots, problems: all } };
      }
    }

    return {
      async *discover(ctx): AsyncGenerator<DiscoveryEvent> {
        const seen = new Set<string>();
        for (const category of CENTRE_CATEGORIES) {
          const items = await getAll(
            ctx,
            'hcd',
            centreSearchQuery(category),
            SEARCH_PAGE_SIZE,
            hcdItemSchema,
            isCentreItem,
          );
          if (!items.ok) {
            yield { kind: 'failure', message: `centre search ${category}: ${items.issue.message}` };
            continue;
          }
          for (const found of items.value.problems) yield { kind: 'problem', problem: found };
          for (const item of items.value.items) {
            if (rejectionOf(item) !== null) continue;
            const bookingUrl = bookingUrlOf(item);
            if (typeof bookingUrl !== 'string') {
              yield { kind: 'problem', problem: bookingUrl };
              continue;
            }
            if (seen.has(bookingUrl)) continue;
            seen.add(bookingUrl);
            const place = placeOf(item);
            const centre: Centre = {
              id: maiiaCentreId(item.center.id),
              platform: 'maiia',
              name: item.center.name,
              kind: kindOf(item),
              ...place,
              businessHours: businessHoursOf(item),
              bookingUrl,
              atlasGid: null,
              scanData: { centerId: item.center.id },
            };
            yield { kind: 'centre', centre };
          }
        }
      },

      async *scan(centre, data, window, ctx): AsyncGenerator<ScanStep> {
        const { centerId } = data;
        const reasons = await getAll(
          ctx,
          'consultation-reason-hcd',
          reasonsQuery(centerId),
          LIST_PAGE_SIZE,
          reasonSchema,
        );
        if (!reasons.ok) {
          yield { kind: 'issue', issue: reasons.issue };
          return;
        }
        for (const found of reasons.value.problems) yield { kind: 'problem', problem: found };
        const plans = reasons.value.items.map(planReason);
        const unknown = plans.find((plan) => plan.kind === 'unknown-injection-type');
        if (unknown) {
          yield {
            kind: 'issue',
            issue: { reason: 'parse-failure', message: `${centre.id}: unknown injectionType ${unknown.value}` },
          };
          return;
        }
        const scannable = plans.filter((plan): plan is Extract<ReasonPlan, { kind: 'scan' }> => plan.kind === 'scan');
        if (scannable.length === 0) {
          yield {
            kind: 'issue',
            issue: { reason: 'no-usable-motive', message: `${centre.id}: no vaccination reason online` },
          };
          return;
        }
        for (const plan of scannable) {
          const slots = await scanReason(ctx, centerId, plan, window);
          if (!slots.ok) {
            yield { kind: 'issue', issue: slots.issue };
            return;
          }
          for (const found of slots.value.problems) yield { kind: 'problem', problem: found };
          if (slots.value.items.length > 0) yield { kind: 'slots', slots: slots.value.items };
        }
      },
    };
  },
});
