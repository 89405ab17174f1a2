// What each sandbox platform module provides: the platform's real HTTP API over the shared world, and the
// centre id the open-data format gives to each listing, so tests can line the API up with the truth.
import type { Router } from 'express';
import type { Clock } from '../clock.js';
import type { PlatformId } from '../domain.js';
import type { Listing, World } from './world.js';

export interface SandboxContext {
  readonly world: World;
  readonly clock: Clock;
}

export interface SandboxPlatform {
  readonly platform: PlatformId;
  /** Serves the platform's endpoints at the paths of its real hosts (every host role on one server). */
  router(context: SandboxContext): Router;
  /** The `internal_id` the aggregator must give this listing's centre (spec/platforms/<platform>.md). */
  centreIdOf(listing: Listing): string;
  /** Whether a scan of this listing ends in a listed centre: phone-only listings, for one, never do. */
  isScannable(listing: Listing): boolean;
}
