// Which listings are one place, kept up to date as the read model follows the change log. Listings only
// ever match within their department, so a change regroups that department alone, and only when the
// listing's place facts changed (a new listing, a moved or renamed one): slot changes, the bulk of the log,
// cost one comparison of seven fields. Groups are computed on first use after a change, not per change.
import { placeKey, samePlaceReason, type PlaceFacts, type PlaceKey } from './match.js';
import { getOrInsert } from '../../../maps.js';
import { compareStrings } from '../../../text.js';

export interface PlaceIndex {
  /** Every listing of the same place as `id` (itself included), sorted by id; `[id]` for a place of its own. */
  membersOf(id: string): readonly string[];
}

interface Entry {
  readonly facts: PlaceFacts;
  readonly key: PlaceKey;
}

const NO_DEPARTMENT = '';

export class PlaceGroups implements PlaceIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly idsByDepartment = new Map<string, Set<string>>();
  private readonly stale = new Set<string>();
  private readonly members = new Map<string, readonly string[]>();
  /** Departments regrouped, in order (tests count them; bounded). */
  readonly regroups: string[] = [];

  /** A listing as it is now. Costs a comparison unless its place facts changed. */
  set(id: string, facts: PlaceFacts): void {
    const before = this.entries.get(id);
    if (before && sameFacts(before.facts, facts)) return;
    if (before) this.forget(id, before);
    const entry: Entry = { facts: pickFacts(facts), key: placeKey(facts) };
    this.entries.set(id, entry);
    const department = facts.department ?? NO_DEPARTMENT;
    getOrInsert(this.idsByDepartment, department, () => new Set<string>()).add(id);
    this.stale.add(department);
  }

  delete(id: string): void {
    const before = this.entries.get(id);
    if (!before) return;
    this.forget(id, before);
    this.entries.delete(id);
  }

  clear(): void {
    this.entries.clear();
    this.idsByDepartment.clear();
    this.stale.clear();
    this.members.clear();
  }

  membersOf(id: string): readonly string[] {
    const entry = this.entries.get(id);
    if (!entry) return [id];
    const department = entry.facts.department ?? NO_DEPARTMENT;
    if (this.stale.has(department)) this.regroup(department);
    return this.members.get(id) ?? [id];
  }

  private forget(id: string, entry: Entry): void {
    const department = entry.facts.department ?? NO_DEPARTMENT;
    this.idsByDepartment.get(department)?.delete(id);
    this.stale.add(department);
    // Its old partners are regrouped with the department; until then nobody may point at it.
    for (const member of this.members.get(id) ?? []) this.members.delete(member);
    this.members.delete(id);
  }

  /** Connected listings of one department (union-find over the pairs that match). */
  private regroup(department: string): void {
    this.stale.delete(department);
    const ids = [...(this.idsByDepartment.get(department) ?? [])].sort(compareStrings);
    for (const id of ids) this.members.delete(id);
    if (department === NO_DEPARTMENT) return;
    const parent = ids.map((_, i) => i);
    const root = (i: number): number => {
      while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
      return i;
    };
    const keys = ids.map((id) => this.entries.get(id)!.key);
    // A match needs a shared phone or a shared distinctive name word, so only listings sharing one are
    // compared: thousands of listings at one spot (a sandbox's phantoms, a big city's centre) stay cheap.
    const sharing = new Map<string, number[]>();
    const share = (evidence: string, i: number) => {
      const list = sharing.get(evidence);
      if (list) list.push(i);
      else sharing.set(evidence, [i]);
    };
    keys.forEach((key, i) => {
      if (key.phone !== null) share(`phone:${key.phone}`, i);
      for (const word of key.name) share(`name:${word}`, i);
    });
    for (const list of sharing.values()) {
      for (let x = 0; x < list.length; x += 1) {
        for (let y = x + 1; y < list.length; y += 1) {
          const [i, j] = [list[x]!, list[y]!];
          const [a, b] = [root(i), root(j)];
          if (a === b || samePlaceReason(keys[i]!, keys[j]!) === null) continue;
          parent[Math.max(a, b)] = Math.min(a, b);
        }
      }
    }
    const groups = new Map<number, string[]>();
    ids.forEach((id, i) => {
      const at = root(i);
      getOrInsert(groups, at, () => [] as string[]).push(id);
    });
    for (const group of groups.values()) if (group.length > 1) for (const id of group) this.members.set(id, group);
    this.regroups.push(department);
    if (this.regroups.length > 10_000) this.regroups.splice(0, 5_000);
  }
}

/** Groups of a plain list of listings (a snapshot built by hand, a one-off answer). */
export function groupsOf(listings: Iterable<PlaceFacts & { readonly id: string }>): PlaceGroups {
  const groups = new PlaceGroups();
  for (const listing of listings) groups.set(listing.id, listing);
  return groups;
}

function pickFacts(facts: PlaceFacts): PlaceFacts {
  const { name, address, postalCode, city, department, location, phone } = facts;
  return { name, address, postalCode, city, department, location, phone };
}

function sameFacts(a: PlaceFacts, b: PlaceFacts): boolean {
  return (
    a.name === b.name &&
    a.address === b.address &&
    a.postalCode === b.postalCode &&
    a.city === b.city &&
    a.department === b.department &&
    a.phone === b.phone &&
    a.location?.latitude === b.location?.latitude &&
    a.location?.longitude === b.location?.longitude
  );
}
