// The shared pipeline every platform's output goes through, in one place for all nine (issue 10, items 1
// and 2): scan data validated before the platform sees it, the department filter, a logger bound to the
// platform, the strict checks of guard.ts on centres and slots, and item problems turned into counted
// issues. A platform module never does any of this itself.
import type { Centre, ScanEvent } from '../domain.js';
import type { Logger } from '../logger.js';
import {
  isWanted,
  type PlatformAdapter,
  type PlatformDefinition,
  type PlatformModule,
  type PlatformSettings,
  type ScrapeContext,
} from './adapter.js';
import { DEFAULT_MAX_SLOTS_PER_CENTRE, guardCentre, SlotGuard } from './guard.js';
import { UNREADABLE_KINDS as UNREADABLE, type Problem } from './problems.js';

/** A discovery that lost part of the listing: thrown after the centres it did find were yielded. */
export class DiscoveryIncomplete extends Error {
  constructor(readonly failures: readonly string[]) {
    super(`discovery incomplete: ${failures.length} listing call(s) failed: ${failures.slice(0, 3).join('; ')}`);
    this.name = 'DiscoveryIncomplete';
  }
}

export function definePlatform<Role extends string, Data>(
  definition: PlatformDefinition<Role, Data>,
): PlatformModule<Role> {
  return {
    platform: definition.id,
    label: definition.label,
    liveBaseUrls: definition.liveBaseUrls,
    bookingHosts: definition.bookingHosts,
    create: (settings) => buildAdapter(definition, settings),
  };
}

function buildAdapter<Role extends string, Data>(
  definition: PlatformDefinition<Role, Data>,
  settings: PlatformSettings<Role>,
): PlatformAdapter {
  const scraper = definition.connect(settings);
  const platform = definition.id;
  // A configured base URL (the sandbox, a test server) is the platform's own host too.
  const ownOrigins = Object.values<string>(settings.baseUrls).map((url) => new URL(url).origin);
  const hosts = definition.bookingHosts;

  function bind(ctx: ScrapeContext): { ctx: ScrapeContext; log: Logger; tell: (problem: Problem) => void } {
    const log = ctx.log.child({ platform });
    const tell = (problem: Problem) => {
      if (ctx.report) ctx.report({ platform, ...problem });
      else log.debug({ issue: problem }, 'item issue');
    };
    return { ctx: { ...ctx, log }, log, tell };
  }

  return {
    platform,

    async *discover(outer): AsyncGenerator<Centre> {
      const { ctx, tell } = bind(outer);
      const seen = new Set<string>();
      const failures: string[] = [];
      let listed = 0;
      let unreadable = 0;
      let firstUnreadable: Problem | null = null;
      for await (const event of scraper.discover(ctx)) {
        if (event.kind === 'problem') {
          if (UNREADABLE.has(event.problem.kind)) {
            unreadable += 1;
            firstUnreadable ??= event.problem;
          }
          tell(event.problem);
          continue;
        }
        if (event.kind === 'failure') {
          failures.push(event.message);
          ctx.log.warn({ failure: event.message }, 'listing call failed');
          continue;
        }
        if (event.centre.platform !== platform)
          throw new Error(`${platform} yielded a centre of ${event.centre.platform}`);
        listed += 1;
        const guarded = guardCentre(event.centre, hosts, ownOrigins);
        guarded.problems.forEach(tell);
        const centre = guarded.centre;
        if (!centre || seen.has(centre.id)) continue;
        const data = definition.scanData.safeParse(centre.scanData);
        if (!data.success) throw new Error(`${platform} yielded scan data its own schema refuses (${centre.id})`);
        if (!isWanted(ctx, centre.department)) continue;
        seen.add(centre.id);
        yield centre;
      }
      // Odd items are left out one by one. A listing of which most items could not be read is not a listing
      // of fewer centres but one we cannot read (the platform changed its shape): a failed discovery.
      if (unreadable > listed)
        failures.push(
          `${unreadable} item(s) of the listing could not be read, ${listed} could (${firstUnreadable!.message})`,
        );
      if (failures.length > 0) throw new DiscoveryIncomplete(failures);
    },

    async *scan(centre, window, outer): AsyncGenerator<ScanEvent> {
      const { ctx, tell } = bind(outer);
      const data = definition.scanData.safeParse(centre.scanData);
      if (!data.success) {
        yield {
          kind: 'issue',
          issue: { reason: 'parse-failure', message: `${centre.id}: stored scan data is not ${platform}'s` },
        };
        return;
      }
      const guard = new SlotGuard(ctx.maxSlotsPerCentre ?? DEFAULT_MAX_SLOTS_PER_CENTRE, hosts, ownOrigins);
      let readable = 0;
      let unreadable = 0;
      let firstUnreadable: Problem | null = null;
      for await (const step of scraper.scan(centre, data.data, window, ctx)) {
        if (step.kind === 'problem') {
          if (UNREADABLE.has(step.problem.kind)) {
            unreadable += 1;
            firstUnreadable ??= step.problem;
          }
          tell(step.problem);
          continue;
        }
        if (step.kind === 'issue') {
          guard.finish(centre.id).forEach(tell);
          yield step;
          return;
        }
        const read = guard.keep(step.slots, 'identities' in step ? step.identities : undefined);
        read.problems.forEach(tell);
        // Copies and slots over the cap were read all right: they count as readable here.
        readable += step.slots.length;
        if (read.slots.length > 0 || step.slots.length === 0) yield { kind: 'slots', slots: read.slots };
      }
      guard.finish(centre.id).forEach(tell);
      // An odd slot costs only itself. An answer of which most items could not be read is not fewer slots
      // but an answer we cannot read (a changed shape): the centre keeps its last good data.
      if (unreadable > readable) {
        yield {
          kind: 'issue',
          issue: {
            reason: 'parse-failure',
            message:
              `${centre.id}: ${unreadable} item(s) of the answer could not be read, ` +
              `${readable} could (${firstUnreadable!.message})`,
          },
        };
      }
    },
  };
}
