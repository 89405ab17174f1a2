// What each sandbox platform module provides: the platform's real HTTP API over the shared world, and the
// centre id the open-data format gives to each listing, so tests can line the API up with the truth.
import type { Router } from 'express';
import type { Clock } from '../clock.js';
import type { PlatformId } from '../domain.js';
import type { Listing, World, WorldSlot } from './world.js';

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
  /**
   * Whether the platform's centre list, read by the spec's rules, makes this listing a centre at all (every
   * listing when absent). Ordoclic lists entity types the spec leaves out.
   */
  isDiscovered?(listing: Listing): boolean;
  /**
   * What tells two of the listing's free slots apart in this platform's answers (all are distinct when
   * absent). Slots with one key are one slot on the platform, and in the truth: Bimedoc, say, names a slot
   * by its time and product only, so two motives of one product at one time are one slot there.
   */
  slotKey?(slot: WorldSlot): string;
}

/** The listing's free slots as the platform can tell them apart (see SandboxPlatform.slotKey). */
export function distinctSlots(platform: SandboxPlatform, slots: readonly WorldSlot[]): WorldSlot[] {
  const key = platform.slotKey;
  if (!key) return [...slots];
  const seen = new Set<string>();
  return slots.filter((slot) => {
    const id = key(slot);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
