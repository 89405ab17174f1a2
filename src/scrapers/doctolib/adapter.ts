// The Doctolib adapter: walks the department listings to the bookings of every doctor (one centre per place),
// then asks the availabilities of each public vaccination motive of a centre (spec/platforms/doctolib.md).
import type { z } from 'zod';
import { DISCOVERY_CONCURRENCY, mergeConcurrently } from '../concurrent.js';
import { DEPARTMENTS } from '../../departments.js';
import type { ScanIssue, ScanWindow, Slot } from '../../domain.js';
import { addDaysToDate, parisDate, parisMidnight } from '../../time.js';
import { isWanted, type DiscoveryEvent, type ScanStep, type ScrapeContext } from '../adapter.js';
import { fetchResponse, statusIssue } from '../http-issue.js';
import { readJson, type Parsed } from '../json.js';
import { definePlatform } from '../platform-pipeline.js';
import { unreadableAnswer, type Problem } from '../problems.js';
import { planScan, type MotiveRequest } from './motives.js';
import {
  centresOfBooking,
  doctorsOfPage,
  nextSlotHint,
  readBooking,
  readItems,
  slotsOfAvailabilities,
} from './parse.js';
import {
  availabilitiesUrl,
  bookingSlugOfLink,
  bookingUrl,
  DAYS_PER_PAGE,
  departmentPageUrl,
  DOCTOLIB_LIVE_BASE_URLS,
  doctolibHeaders,
  type DoctolibRole,
} from './request.js';
import {
  availabilitiesSchema,
  bookingSchema,
  departmentPageSchema,
  listedDoctorSchema,
  scanDataSchema,
  type DoctolibScanData,
  type ScanBooking,
} from './schema.js';

/** A listing that keeps answering new doctors is a platform bug, not a reason to page forever. */
const MAX_LISTING_PAGES = 50;
/** Pages per motive: enough for any window the configuration allows (60 days), with `next_slot` jumps. */
const MAX_AVAILABILITY_PAGES = 6;

type Fetched<T> = Parsed<T> & { readonly status?: number };

export const doctolibModule = definePlatform<DoctolibRole, DoctolibScanData>({
  id: 'doctolib',
  label: 'Doctolib',
  liveBaseUrls: DOCTOLIB_LIVE_BASE_URLS,
  bookingHosts: ['www.doctolib.fr', 'partners.doctolib.fr'],
  scanData: scanDataSchema,
  connect(settings) {
    const partners = settings.baseUrls.partners;
    const headers = doctolibHeaders(settings.partnerKey);

    /** GET and validate; a status other than 200 or a failed request becomes an issue carrying the status. */
    async function getJson<S extends z.ZodType>(
      ctx: ScrapeContext,
      url: string,
      schema: S,
    ): Promise<Fetched<z.infer<S>>> {
      const fetched = await fetchResponse(ctx.http, { url, headers });
      if (!fetched.ok) return fetched;
      const response = fetched.response;
      if (response.status !== 200) return { ok: false, status: response.status, issue: statusIssue(response) };
      return readJson(response, schema);
    }

    async function* walkDepartment(
      departmentName: string,
      followed: Set<string>,
      ctx: ScrapeContext,
    ): AsyncGenerator<DiscoveryEvent> {
      const seenHere = new Set<string>();
      for (let page = 1; page <= MAX_LISTING_PAGES; page += 1) {
        const url = departmentPageUrl(partners, departmentName, page);
        const listing = await getJson(ctx, url, departmentPageSchema);
        if (!listing.ok) {
          // Page 1 failing loses the department; a later page, its tail: either way the discovery is partial.
          yield { kind: 'failure', message: `listing ${departmentName} page ${page}: ${listing.issue.message}` };
          return;
        }
        const read = readItems(listing.value.data.doctors, listedDoctorSchema, `listing ${departmentName}`);
        yield* problemEvents(read.problems);
        const { doctors, reachedNearby } = doctorsOfPage(read.items);
        const fresh = doctors.filter((doctor) => !seenHere.has(doctor.link));
        if (fresh.length === 0) return;
        for (const doctor of fresh) {
          seenHere.add(doctor.link);
          // Nearby results repeat doctors of other departments: one booking call per doctor is enough.
          if (followed.has(doctor.link)) continue;
          followed.add(doctor.link);
          const fetched = await getJson(ctx, bookingUrl(partners, bookingSlugOfLink(doctor.link)), bookingSchema);
          if (!fetched.ok) {
            yield { kind: 'failure', message: `booking ${doctor.link}: ${fetched.issue.message}` };
            continue;
          }
          const { booking, problems } = readBooking(fetched.value.data);
          yield* problemEvents(problems);
          for (const centre of centresOfBooking(doctor, booking, { www: settings.baseUrls.www }))
            yield { kind: 'centre', centre };
        }
        if (reachedNearby) return;
      }
    }

    async function fetchBooking(
      slug: string,
      ctx: ScrapeContext,
    ): Promise<{ ok: true; booking: ScanBooking } | { ok: false; issue: ScanIssue }> {
      const fetched = await getJson(ctx, bookingUrl(partners, slug), bookingSchema);
      if (fetched.ok) return { ok: true, booking: readBooking(fetched.value.data).booking };
      if (fetched.status === 403)
        return { ok: false, issue: { reason: 'blocked', message: `booking ${slug}: HTTP 403` } };
      return fetched;
    }

    /** Every page of one motive across the window; `next_slot` only moves the next page, it is never a slot. */
    async function scanMotive(
      request: MotiveRequest,
      window: ScanWindow,
      ctx: ScrapeContext,
    ): Promise<{ ok: true; slots: Slot[]; problems: Problem[] } | { ok: false; issue: ScanIssue }> {
      const slots: Slot[] = [];
      const problems: Problem[] = [];
      let startDate = parisDate(window.from);
      for (let pages = 0; pages < MAX_AVAILABILITY_PAGES && parisMidnight(startDate)! < window.to; pages += 1) {
        const url = availabilitiesUrl(partners, {
          startDate,
          motiveId: request.motive.id,
          agendaIds: request.agendaIds,
          practiceIds: request.practiceIds,
          limit: DAYS_PER_PAGE,
        });
        const fetched = await getJson(ctx, url, availabilitiesSchema);
        if (!fetched.ok) {
          // Doctolib's anti-bot answers 403, refuses with 400 and stalls: all three mean "stop asking" (§8).
          const blocked = fetched.status === 403 || fetched.status === 400 || fetched.issue.reason === 'timeout';
          return { ok: false, issue: blocked ? { reason: 'blocked', message: fetched.issue.message } : fetched.issue };
        }
        const page = slotsOfAvailabilities(fetched.value, request.motive, window);
        const items = fetched.value.availabilities.reduce((count, day) => count + day.slots.length, 0);
        const drift = unreadableAnswer(items, page.problems, url);
        if (drift) return { ok: false, issue: drift };
        slots.push(...page.slots);
        problems.push(...page.problems);
        const answeredSlots = fetched.value.availabilities.some((day) => day.slots.length > 0);
        if (answeredSlots) {
          startDate = addDaysToDate(startDate, DAYS_PER_PAGE);
          continue;
        }
        const hint = nextSlotHint(fetched.value, window);
        if (!hint || parisDate(hint) <= startDate) break;
        startDate = parisDate(hint);
      }
      return { ok: true, slots, problems };
    }

    return {
      async *discover(ctx): AsyncGenerator<DiscoveryEvent> {
        const followed = new Set<string>();
        const yielded = new Set<string>();
        // Spec §2.1 skips Guyane, a gap of the historical job: every department is walked here. Several at once
        // (../concurrent.ts); `followed` and `yielded` are checked and set without an await between, so a doctor
        // is still followed and reported once.
        const walks = DEPARTMENTS.filter((department) => isWanted(ctx, department.code)).map(
          (department) => () => walkDepartment(department.name, followed, ctx),
        );
        for await (const event of mergeConcurrently(walks, DISCOVERY_CONCURRENCY)) {
          if (event.kind !== 'centre') {
            yield event;
            continue;
          }
          const centre = event.centre;
          if (yielded.has(centre.id) || yielded.has(centre.bookingUrl)) continue;
          yielded.add(centre.id).add(centre.bookingUrl);
          yield event;
        }
      },

      async *scan(_centre, data, window, ctx): AsyncGenerator<ScanStep> {
        let booking = data.booking;
        if (!booking) {
          const fetched = await fetchBooking(data.bookingSlug, ctx);
          if (!fetched.ok) {
            yield { kind: 'issue', issue: fetched.issue };
            return;
          }
          booking = fetched.booking;
        }
        const plan = planScan(booking, data.practiceId, data.address);
        if (!plan.ok) {
          yield { kind: 'issue', issue: plan.issue };
          return;
        }
        for (const request of plan.requests) {
          const result = await scanMotive(request, window, ctx);
          if (!result.ok) {
            yield { kind: 'issue', issue: result.issue };
            return;
          }
          yield* problemEvents(result.problems);
          if (result.slots.length > 0) yield { kind: 'slots', slots: result.slots };
        }
      },
    };
  },
});

function* problemEvents(problems: readonly Problem[]): Generator<{ kind: 'problem'; problem: Problem }> {
  for (const found of problems) yield { kind: 'problem', problem: found };
}
