// Maiia: nationwide centre search per category at discovery; per centre, its consultation reasons, then
// per vaccination reason the availabilities of the window, with the closest-availability endpoint as a
// second chance when the window looks empty (spec/platforms/maiia.md).
import type { z } from 'zod';
import type { Centre, ScanEvent, ScanWindow, Slot } from '../../domain.js';
import type { Parsed } from '../json.js';
import { parseInstantWithOffset, parisDate, toParisLocalNaive } from '../../time.js';
import { isWanted, type PlatformAdapter, type PlatformModule, type PlatformSettings, type ScrapeContext } from '../adapter.js';
import { fetchJson } from '../http-issue.js';
import { bookingUrlOf, businessHoursOf, kindOf, maiiaCentreId, placeOf, planReason, rejectionOf, slotsFromAvailabilities, type ReasonPlan } from './parse.js';
import {
  CENTRE_CATEGORIES, LIST_PAGE_SIZE, SEARCH_PAGE_SIZE, availabilitiesQuery, centreSearchQuery, closestUrl, pagedUrl, partnerHeaders,
  reasonsQuery, type MaiiaRole,
} from './request.js';
import { availabilitySchema, closestSchema, hcdItemSchema, maiiaScanDataSchema, pageSchema, reasonSchema } from './schema.js';

/** A bound on pages, against a platform that would never send a short page. */
const MAX_PAGES = 100;

export const maiiaModule: PlatformModule<MaiiaRole> = {
  platform: 'maiia',
  liveBaseUrls: { www: 'https://www.maiia.com' },
  create: (settings) => createMaiiaAdapter(settings),
};

export function createMaiiaAdapter(settings: PlatformSettings<MaiiaRole>): PlatformAdapter {
  const base = settings.baseUrls.www;
  const headers = partnerHeaders(settings.partnerKey);

  async function getJson<T>(ctx: ScrapeContext, url: string, schema: z.ZodType<T>): Promise<Parsed<T>> {
    return fetchJson(ctx.http, { url, headers }, schema);
  }

  /** Every item of a paged list: pages from 0 until one comes back shorter than the page size. */
  async function getAll<T>(ctx: ScrapeContext, path: string, query: string, pageSize: number, item: z.ZodType<T>): Promise<Parsed<T[]>> {
    const items: T[] = [];
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const result = await getJson(ctx, pagedUrl(base, path, query, pageSize, page), pageSchema);
      if (!result.ok) return result;
      for (const raw of result.value.items) {
        const parsed = item.safeParse(raw);
        if (!parsed.success) return { ok: false, issue: { reason: 'parse-failure', message: `${path}: unexpected item shape` } };
        items.push(parsed.data);
      }
      if (result.value.items.length < pageSize) break;
    }
    return { ok: true, value: items };
  }

  async function scanReason(ctx: ScrapeContext, centerId: string, plan: Extract<ReasonPlan, { kind: 'scan' }>, window: ScanWindow): Promise<Parsed<Slot[]>> {
    // Maiia reads `from`/`to` as Paris wall-clock times without an offset.
    const from = `${parisDate(window.from)}T00:00:00`;
    const to = toParisLocalNaive(window.to);
    const first = await getAll(ctx, 'availabilities', availabilitiesQuery(centerId, plan.name, from, to), LIST_PAGE_SIZE, availabilitySchema);
    if (!first.ok) return first;
    if (first.value.length > 0) return { ok: true, value: slotsFromAvailabilities(first.value, plan, window) };
    const closest = await getJson(ctx, closestUrl(base, centerId, plan.name, from), closestSchema);
    // The closest-slot call is only a hint: when it fails, the empty answer above stands.
    const next = closest.ok && closest.value.firstPhysicalStartDateTime ? parseInstantWithOffset(closest.value.firstPhysicalStartDateTime) : null;
    if (!next || next >= window.to) return { ok: true, value: [] };
    const retry = await getAll(ctx, 'availabilities', availabilitiesQuery(centerId, plan.name, toParisLocalNaive(next), to), LIST_PAGE_SIZE, availabilitySchema);
    if (!retry.ok) return retry;
    return { ok: true, value: slotsFromAvailabilities(retry.value, plan, window) };
  }

  return {
    platform: 'maiia',

    async *discover(ctx) {
      const seen = new Set<string>();
      for (const category of CENTRE_CATEGORIES) {
        const items = await getAll(ctx, 'hcd', centreSearchQuery(category), SEARCH_PAGE_SIZE, hcdItemSchema);
        if (!items.ok) {
          ctx.log.warn({ platform: 'maiia', category, issue: items.issue }, 'maiia centre search failed');
          continue;
        }
        for (const item of items.value) {
          if (rejectionOf(item) !== null) continue;
          const bookingUrl = bookingUrlOf(item);
          if (seen.has(bookingUrl)) continue;
          seen.add(bookingUrl);
          const place = placeOf(item);
          if (!isWanted(ctx, place.department)) continue;
          const centre: Centre = {
            id: maiiaCentreId(item.center.id),
            platform: 'maiia',
            name: item.center.name,
            kind: kindOf(item),
            address: place.address,
            postalCode: place.postalCode,
            city: place.city,
            insee: place.insee,
            department: place.department,
            location: place.location,
            phone: place.phone,
            businessHours: businessHoursOf(item),
            bookingUrl,
            atlasGid: null,
            scanData: { centerId: item.center.id },
          };
          yield centre;
        }
      }
    },

    async *scan(centre, window, ctx): AsyncGenerator<ScanEvent> {
      const data = maiiaScanDataSchema.safeParse(centre.scanData);
      if (!data.success) {
        yield { kind: 'issue', issue: { reason: 'parse-failure', message: `${centre.id}: scan data has no Maiia centre id` } };
        return;
      }
      const { centerId } = data.data;
      const reasons = await getAll(ctx, 'consultation-reason-hcd', reasonsQuery(centerId), LIST_PAGE_SIZE, reasonSchema);
      if (!reasons.ok) {
        yield { kind: 'issue', issue: reasons.issue };
        return;
      }
      const plans = reasons.value.map(planReason);
      const unknown = plans.find((plan) => plan.kind === 'unknown-injection-type');
      if (unknown) {
        yield { kind: 'issue', issue: { reason: 'parse-failure', message: `${centre.id}: unknown injectionType ${unknown.value}` } };
        return;
      }
      const scannable = plans.filter((plan): plan is Extract<ReasonPlan, { kind: 'scan' }> => plan.kind === 'scan');
      if (scannable.length === 0) {
        yield { kind: 'issue', issue: { reason: 'no-usable-motive', message: `${centre.id}: no vaccination reason online` } };
        return;
      }
      for (const plan of scannable) {
        const slots = await scanReason(ctx, centerId, plan, window);
        if (!slots.ok) {
          yield { kind: 'issue', issue: slots.issue };
          return;
        }
        if (slots.value.length > 0) yield { kind: 'slots', slots: slots.value };
      }
    },
  };
}
