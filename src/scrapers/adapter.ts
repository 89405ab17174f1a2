// The contract between a platform and the rest of the system (design.md, "The adapter contract"), and the
// one template every platform module follows: a platform declares its id, label, hosts and scan-data
// schema, and implements `discover` and `scan` under those fixed names; platform-pipeline.ts wraps it into
// the PlatformAdapter the aggregator runs, applying the shared checks to whatever it yields.
import type { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Centre, PlatformId, ScanEvent, ScanWindow, Slot } from '../domain.js';
import type { Logger } from '../logger.js';
import type { HostRule } from './guard.js';
import type { HttpClient } from './http.js';
import type { ItemIssue, Problem } from './problems.js';

export interface ScrapeContext {
  readonly http: HttpClient;
  readonly clock: Clock;
  readonly log: Logger;
  /** Restrict discovery to these department codes (all when absent). */
  readonly departments?: readonly string[];
  /** Where item issues go (counted per platform and kind); logged at debug level when absent. */
  readonly report?: (issue: ItemIssue) => void;
  /** Slots kept per centre scan (guard.ts DEFAULT_MAX_SLOTS_PER_CENTRE when absent). */
  readonly maxSlotsPerCentre?: number;
}

/** Whether discovery should keep a department: all when the context names none, else only those it names. */
export function isWanted(ctx: ScrapeContext, department: string | null): boolean {
  return !ctx.departments || (department !== null && ctx.departments.includes(department));
}

/** What the aggregator runs: one per enabled platform, built by platform-pipeline.ts from a definition. */
export interface PlatformAdapter {
  readonly platform: PlatformId;
  /**
   * The platform's centres, checked (safe link, official department, plausible place) and filtered to the
   * context's departments. A centre the platform lists twice is yielded once. When a listing call failed,
   * the centres found are yielded and the iteration then throws a DiscoveryIncomplete: the cycle is a
   * failed one, with its error, however many centres it found.
   */
  discover(ctx: ScrapeContext): AsyncIterable<Centre>;
  /**
   * What the platform says about one centre in the window. Ends with an `issue` event when the platform
   * could not answer; never throws for anything the platform does.
   */
  scan(centre: Centre, window: ScanWindow, ctx: ScrapeContext): AsyncIterable<ScanEvent>;
}

/** Where an adapter sends its requests: one base URL per host role the platform uses (`partners`, `www`...). */
export interface PlatformSettings<Role extends string = string> {
  readonly baseUrls: Readonly<Record<Role, string>>;
  /** Sent as the platform expects (User-Agent, Authorization...) when the platform gave us one. */
  readonly partnerKey?: string;
}

/** What a platform's discovery yields: centres, item problems, and listing calls that failed. */
export type DiscoveryEvent =
  | { readonly kind: 'centre'; readonly centre: Centre }
  | { readonly kind: 'problem'; readonly problem: Problem }
  | { readonly kind: 'failure'; readonly message: string };

/**
 * What a platform's scan yields: the ScanEvents of the contract, and item problems along the way. Slots
 * that are alike on purpose (Mapharma's one slot per free place) come with `identities`, one per slot: the
 * shared pipeline then collapses only slots of the same identity, instead of slots that look the same.
 */
export type ScanStep =
  | ScanEvent
  | { readonly kind: 'slots'; readonly slots: readonly Slot[]; readonly identities?: readonly string[] }
  | { readonly kind: 'problem'; readonly problem: Problem };

/** The two functions a platform folder implements, under these names. */
export interface PlatformScraper<Data> {
  discover(ctx: ScrapeContext): AsyncIterable<DiscoveryEvent>;
  /** `data` is the centre's scan data, already checked against the definition's schema. */
  scan(centre: Centre, data: Data, window: ScanWindow, ctx: ScrapeContext): AsyncIterable<ScanStep>;
}

/** A platform folder's adapter.ts exports one of these; registry.ts lists them. */
export interface PlatformDefinition<Role extends string, Data> {
  readonly id: PlatformId;
  readonly label: string;
  /** The platform's real API hosts, per role. */
  readonly liveBaseUrls: Readonly<Record<Role, string>>;
  /** Where its booking links may point (guard.ts HostRule). */
  readonly bookingHosts: readonly HostRule[];
  /** What discovery stores in `scanData` and the scan reads back. */
  readonly scanData: z.ZodType<Data>;
  connect(settings: PlatformSettings<Role>): PlatformScraper<Data>;
}

/** What the registry holds: the definition's identity and the adapter factory built around it. */
export interface PlatformModule<Role extends string = string> {
  readonly platform: PlatformId;
  readonly label: string;
  readonly liveBaseUrls: Readonly<Record<Role, string>>;
  readonly bookingHosts: readonly HostRule[];
  create(settings: PlatformSettings<Role>): PlatformAdapter;
}
