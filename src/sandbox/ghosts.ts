// Ghost slots as a user meets them: the soonest slots a department's answer shows that the sandbox's truth, at
// the instant the answer was served, no longer offers. Pure: the benchmark and the tests hand in what they
// fetched over HTTP (the API's answer, `/__sandbox/truth?at=`).

/** What this needs of `/api/v1/departments/{code}/centers`. */
export interface DepartmentAnswer {
  readonly centers: ReadonlyArray<{
    readonly id: string;
    readonly stale?: boolean;
    readonly next_slots: ReadonlyArray<{ readonly start: string }>;
    /** The listings of the place (one entry per place): a slot shown is any one of theirs. */
    readonly sources?: ReadonlyArray<{ readonly center_id: string }>;
  }>;
}

/** What this needs of `/__sandbox/truth`. */
export interface TruthAnswer {
  readonly centres: ReadonlyArray<{ readonly centreId: string; readonly slots: readonly string[] }>;
}

export interface ShownSlot {
  /** The entry shown (a place's first listing). */
  readonly centreId: string;
  /** Every listing of the place: the slot is still free when any of them offers it. */
  readonly listingIds: readonly string[];
  readonly start: number;
}

/** The department's `top` soonest slots as shown (each centre shows its next few), soonest first. */
export function shownSoonest(answer: DepartmentAnswer, top: number): ShownSlot[] {
  return answer.centers
    .filter((centre) => !centre.stale)
    .flatMap((centre) => {
      const listingIds = centre.sources?.map((source) => source.center_id) ?? [centre.id];
      return centre.next_slots.map((slot) => ({ centreId: centre.id, listingIds, start: Date.parse(slot.start) }));
    })
    .sort((a, b) => a.start - b.start || (a.centreId < b.centreId ? -1 : 1))
    .slice(0, top);
}

/** The shown slots the truth does not offer: taken (or never there) when shown. */
export function ghostsAmong(shown: readonly ShownSlot[], truth: TruthAnswer): ShownSlot[] {
  const free = new Map(
    truth.centres.map((centre) => [centre.centreId, new Set(centre.slots.map((slot) => Date.parse(slot)))]),
  );
  return shown.filter((slot) => !slot.listingIds.some((id) => free.get(id)?.has(slot.start)));
}
