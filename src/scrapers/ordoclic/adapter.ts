// Ordoclic: one live search at discovery; per centre, its profile (phone-only or not, professionals),
// its reasons, then one slots POST per professional and vaccination reason (spec/platforms/ordoclic.md).
import type { z } from 'zod';
import type { Centre } from '../../domain.js';
import type { Parsed } from '../json.js';
import type { DiscoveryEvent, ScanStep, ScrapeContext } from '../adapter.js';
import { fetchJson } from '../http-issue.js';
import type { HttpRequest } from '../http.js';
import { definePlatform } from '../platform-pipeline.js';
import { describeZodError, problem, unreadableAnswer } from '../problems.js';
import {
  bookingUrlOf,
  entityTypeOf,
  isKeptType,
  isPhoneOnly,
  ordoclicCentreId,
  placeOf,
  professionalsOf,
  slotsFromAnswer,
  vaccinationReasons,
} from './parse.js';
import { profileOfPageUrl, profileUrl, reasonsUrl, searchUrl, slotsRequest, type OrdoclicRole } from './request.js';
import {
  ordoclicScanDataSchema,
  profileSchema,
  reasonsSchema,
  searchItemSchema,
  searchSchema,
  slotsSchema,
  type OrdoclicScanData,
} from './schema.js';

export const ordoclicModule = definePlatform<OrdoclicRole, OrdoclicScanData>({
  id: 'ordoclic',
  label: 'Ordoclic',
  liveBaseUrls: { api: 'https://api.ordoclic.fr' },
  bookingHosts: ['app.ordoclic.fr'],
  scanData: ordoclicScanDataSchema,
  connect(settings) {
    const api = settings.baseUrls.api;

    async function send<T>(ctx: ScrapeContext, request: HttpRequest, schema: z.ZodType<T>): Promise<Parsed<T>> {
      return fetchJson(ctx.http, request, schema);
    }

    return {
      async *discover(ctx): AsyncGenerator<DiscoveryEvent> {
        const search = await send(ctx, { url: searchUrl(api) }, searchSchema);
        if (!search.ok) {
          yield { kind: 'failure', message: `search: ${search.issue.message}` };
          return;
        }
        const seen = new Set<string>();
        for (const raw of search.value.items) {
          // Items of other types are not ours to read (spec §2), whatever their shape.
          if (!isKeptType(raw)) continue;
          const item = searchItemSchema.safeParse(raw);
          if (!item.success) {
            yield { kind: 'problem', problem: problem('invalid-item', `search item: ${describeZodError(item.error)}`) };
            continue;
          }
          const type = entityTypeOf(item.data);
          if (!type) continue;
          const bookingUrl = bookingUrlOf(item.data, type.segment);
          const profile = profileOfPageUrl(bookingUrl);
          if (!profile || seen.has(bookingUrl)) continue;
          seen.add(bookingUrl);
          const place = placeOf(item.data);
          const centre: Centre = {
            id: ordoclicCentreId(item.data.id),
            platform: 'ordoclic',
            name: item.data.name,
            kind: type.kind,
            ...place,
            businessHours: null,
            bookingUrl,
            atlasGid: null,
            scanData: { slug: profile.slug, profileKind: profile.kind },
          };
          yield { kind: 'centre', centre };
        }
      },

      async *scan(centre, data, window, ctx): AsyncGenerator<ScanStep> {
        const profile = await send(
          ctx,
          { url: profileUrl(api, { slug: data.slug, kind: data.profileKind }) },
          profileSchema,
        );
        if (!profile.ok) {
          yield { kind: 'issue', issue: profile.issue };
          return;
        }
        if (isPhoneOnly(profile.value)) {
          yield {
            kind: 'issue',
            issue: { reason: 'phone-only', message: `${centre.id}: booking_settings say phone only` },
          };
          return;
        }
        // One reasons call serves every professional: Ordoclic answers the same list for each.
        const reasons = await send(ctx, { url: reasonsUrl(api, profile.value.entityId) }, reasonsSchema);
        if (!reasons.ok) {
          yield { kind: 'issue', issue: reasons.issue };
          return;
        }
        const valid = vaccinationReasons(reasons.value);
        const professionals = professionalsOf(profile.value);
        if (valid.length === 0 || professionals.length === 0) {
          yield {
            kind: 'issue',
            issue: { reason: 'no-usable-motive', message: `${centre.id}: no vaccination reason bookable online` },
          };
          return;
        }
        for (const professional of professionals) {
          for (const reason of valid) {
            const request = slotsRequest(api, {
              entityId: profile.value.entityId,
              medicalStaffId: professional,
              reasonId: reason.id,
              from: window.from,
              to: window.to,
            });
            const answer = await send(ctx, request, slotsSchema);
            if (!answer.ok) {
              yield { kind: 'issue', issue: answer.issue };
              return;
            }
            // An empty list with `nextAvailableSlotDate` only says when the next slot is, beyond this window.
            const read = slotsFromAnswer(answer.value, reason, window);
            for (const found of read.problems) yield { kind: 'problem', problem: found };
            const drift = unreadableAnswer(answer.value.slots.length, read.problems, `slots of ${reason.name}`);
            if (drift) {
              yield { kind: 'issue', issue: drift };
              return;
            }
            if (read.slots.length > 0) yield { kind: 'slots', slots: read.slots };
          }
        }
      },
    };
  },
});
