// Ordoclic: one live search at discovery; per centre, its profile (phone-only or not, professionals),
// its reasons, then one slots POST per professional and vaccination reason (spec/platforms/ordoclic.md).
import type { z } from 'zod';
import type { Centre, ScanEvent } from '../../domain.js';
import type { Parsed } from '../json.js';
import { isWanted, type PlatformAdapter, type PlatformModule, type PlatformSettings, type ScrapeContext } from '../adapter.js';
import { fetchJson } from '../http-issue.js';
import type { HttpRequest } from '../http.js';
import { bookingUrlOf, entityTypeOf, isPhoneOnly, ordoclicCentreId, placeOf, slotsFromAnswer, vaccinationReasons } from './parse.js';
import { profileOfPageUrl, profileUrl, reasonsUrl, searchUrl, slotsRequest, type OrdoclicRole } from './request.js';
import { ordoclicScanDataSchema, profileSchema, reasonsSchema, searchItemSchema, searchSchema, slotsSchema } from './schema.js';

export const ordoclicModule: PlatformModule<OrdoclicRole> = {
  platform: 'ordoclic',
  liveBaseUrls: { api: 'https://api.ordoclic.fr' },
  create: (settings) => createOrdoclicAdapter(settings),
};

export function createOrdoclicAdapter(settings: PlatformSettings<OrdoclicRole>): PlatformAdapter {
  const api = settings.baseUrls.api;

  async function send<T>(ctx: ScrapeContext, request: HttpRequest, schema: z.ZodType<T>): Promise<Parsed<T>> {
    return fetchJson(ctx.http, request, schema);
  }

  return {
    platform: 'ordoclic',

    async *discover(ctx) {
      const search = await send(ctx, { url: searchUrl(api) }, searchSchema);
      if (!search.ok) {
        ctx.log.warn({ platform: 'ordoclic', issue: search.issue }, 'ordoclic search failed: no Ordoclic centre this run');
        return;
      }
      const seen = new Set<string>();
      for (const raw of search.value.items) {
        const item = searchItemSchema.safeParse(raw);
        if (!item.success) continue;
        const type = entityTypeOf(item.data);
        if (!type) continue;
        const bookingUrl = bookingUrlOf(item.data, type.segment);
        const profile = profileOfPageUrl(bookingUrl);
        if (!profile || seen.has(bookingUrl)) continue;
        seen.add(bookingUrl);
        const place = placeOf(item.data);
        if (!isWanted(ctx, place.department)) continue;
        const centre: Centre = {
          id: ordoclicCentreId(item.data.id),
          platform: 'ordoclic',
          name: item.data.name,
          kind: type.kind,
          address: place.address,
          postalCode: place.postalCode,
          city: place.city,
          insee: place.insee,
          department: place.department,
          location: place.location,
          phone: place.phone,
          businessHours: null,
          bookingUrl,
          atlasGid: null,
          scanData: { slug: profile.slug, profileKind: profile.kind },
        };
        yield centre;
      }
    },

    async *scan(centre, window, ctx): AsyncGenerator<ScanEvent> {
      const data = ordoclicScanDataSchema.safeParse(centre.scanData);
      if (!data.success) {
        yield { kind: 'issue', issue: { reason: 'parse-failure', message: `${centre.id}: scan data has no Ordoclic profile` } };
        return;
      }
      const profile = await send(ctx, { url: profileUrl(api, { slug: data.data.slug, kind: data.data.profileKind }) }, profileSchema);
      if (!profile.ok) {
        yield { kind: 'issue', issue: profile.issue };
        return;
      }
      if (isPhoneOnly(profile.value)) {
        yield { kind: 'issue', issue: { reason: 'phone-only', message: `${centre.id}: booking_settings say phone only` } };
        return;
      }
      // One reasons call serves every professional: Ordoclic answers the same list for each.
      const reasons = await send(ctx, { url: reasonsUrl(api, profile.value.entityId) }, reasonsSchema);
      if (!reasons.ok) {
        yield { kind: 'issue', issue: reasons.issue };
        return;
      }
      const valid = vaccinationReasons(reasons.value);
      if (valid.length === 0 || profile.value.publicProfessionals.length === 0) {
        yield { kind: 'issue', issue: { reason: 'no-usable-motive', message: `${centre.id}: no vaccination reason bookable online` } };
        return;
      }
      for (const professional of profile.value.publicProfessionals) {
        for (const reason of valid) {
          const request = slotsRequest(api, { entityId: profile.value.entityId, medicalStaffId: professional.id, reasonId: reason.id, from: window.from, to: window.to });
          const answer = await send(ctx, request, slotsSchema);
          if (!answer.ok) {
            yield { kind: 'issue', issue: answer.issue };
            return;
          }
          // An empty list with `nextAvailableSlotDate` only says when the next slot is, beyond this window.
          const slots = slotsFromAnswer(answer.value, reason, window);
          if (slots.length > 0) yield { kind: 'slots', slots };
        }
      }
    },
  };
}
