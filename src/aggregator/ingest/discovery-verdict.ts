// Whether a platform's discovery is believed. Pure: what was believed before and what this discovery found
// in, the verdict and the centres to retire or bring in out.
//
// A discovery that failed (the listing failed, pages were missing, it threw) is not evidence of anything.
// A complete one much larger or much smaller than the last believed one is held until the next discovery
// is about as large: one odd answer (3,000 phantom centres, a listing that came back nearly empty) never
// changes what is listed, and a real change is believed one discovery later. Neither direction can get
// stuck, since a held size that repeats is believed whichever way it went. A believed centre that
// several complete discoveries in a row did not find is retired: kept in history, no longer listed or
// scanned, and back as soon as a believed discovery finds it again.

export interface DiscoverySettings {
  /** Complete discoveries in a row that must miss a centre before it is retired. */
  readonly retireAfterMisses: number;
  /** A discovery is a jump when its size and the last believed one differ by more than this ratio... */
  readonly jumpRatio: number;
  /** ...and by at least this many centres (small platforms move by a few centres all the time). */
  readonly jumpMinimum: number;
}

export const DEFAULT_DISCOVERY_SETTINGS: DiscoverySettings = { retireAfterMisses: 3, jumpRatio: 1.5, jumpMinimum: 20 };

/** What a discovery run gave. */
export type DiscoveryRun =
  | { readonly kind: 'failed'; readonly error: string }
  | { readonly kind: 'complete'; readonly found: ReadonlySet<string> };

/** What earlier discoveries of the platform established. */
export interface DiscoveryMemory {
  /** Believed centres (listed and scanned), each with the complete discoveries in a row that missed it. */
  readonly active: ReadonlyMap<string, number>;
  /** Centres found by the last believed discovery; null before the first. */
  readonly believedSize: number | null;
  /** Centres found by the latest complete discovery when it was held; null when it was believed. */
  readonly heldSize: number | null;
}

export const EMPTY_MEMORY: DiscoveryMemory = { active: new Map(), believedSize: null, heldSize: null };

export type Verdict = 'accepted' | 'held' | 'failed';

export interface DiscoveryDecision {
  readonly verdict: Verdict;
  /** Why a discovery was held or failed, for the logs and the status page. */
  readonly reason: string | null;
  readonly memory: DiscoveryMemory;
  /** Believed centres that are no longer: not listed, not scanned. */
  readonly retire: readonly string[];
  /** Centres believed from now on: new ones and retired ones found again. */
  readonly activate: readonly string[];
}

export function judgeDiscovery(
  memory: DiscoveryMemory,
  run: DiscoveryRun,
  settings: DiscoverySettings = DEFAULT_DISCOVERY_SETTINGS,
): DiscoveryDecision {
  if (run.kind === 'failed') return { verdict: 'failed', reason: run.error, memory, retire: [], activate: [] };

  const size = run.found.size;
  // Absence counts on every complete discovery, held or not: a held one is still a listing the platform gave.
  const active = new Map<string, number>();
  for (const [id, misses] of memory.active) active.set(id, run.found.has(id) ? 0 : misses + 1);

  const jump = memory.believedSize !== null && isJump(memory.believedSize, size, settings);
  const repeats = memory.heldSize !== null && !isJump(memory.heldSize, size, settings);
  if (jump && !repeats) {
    const reason =
      `${size} centres where the last believed discovery found ` +
      `${memory.believedSize}: believed once a discovery repeats it`;
    return {
      verdict: 'held',
      reason,
      memory: { active, believedSize: memory.believedSize, heldSize: size },
      retire: [],
      activate: [],
    };
  }

  const activate: string[] = [];
  for (const id of run.found) {
    if (!active.has(id)) activate.push(id);
    active.set(id, 0);
  }
  const retire: string[] = [];
  for (const [id, misses] of active) {
    if (misses < settings.retireAfterMisses) continue;
    retire.push(id);
    active.delete(id);
  }
  return {
    verdict: 'accepted',
    reason: null,
    memory: { active, believedSize: size, heldSize: null },
    retire,
    activate,
  };
}

/** Much larger or much smaller; emptying a platform that listed centres is always a jump. */
export function isJump(before: number, after: number, settings: DiscoverySettings): boolean {
  if (after === 0) return before > 0;
  const [low, high] = before < after ? [before, after] : [after, before];
  return high - low >= settings.jumpMinimum && high > low * settings.jumpRatio;
}
