// The contract between a platform and the rest of the system (design.md, "The adapter contract").
import type { Clock } from '../clock.js';
import type { Centre, PlatformId, ScanEvent, ScanWindow } from '../domain.js';
import type { Logger } from '../logger.js';
import type { HttpClient } from './http.js';

export interface ScrapeContext {
  readonly http: HttpClient;
  readonly clock: Clock;
  readonly log: Logger;
  /** Restrict discovery to these department codes (all when absent). */
  readonly departments?: readonly string[];
}

/** Whether discovery should keep a department: all when the context names none, else only those it names. */
export function isWanted(ctx: ScrapeContext, department: string | null): boolean {
  return !ctx.departments || (department !== null && ctx.departments.includes(department));
}

export interface PlatformAdapter {
  readonly platform: PlatformId;
  /** The platform's centres. A centre the platform lists twice is yielded once. */
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

/** What the registry knows of a platform: its real hosts and how to build its adapter. */
export interface PlatformModule<Role extends string = string> {
  readonly platform: PlatformId;
  readonly liveBaseUrls: Readonly<Record<Role, string>>;
  create(settings: PlatformSettings<Role>): PlatformAdapter;
}
