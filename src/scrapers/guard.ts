// What reaches users is strict, whatever the platform sent (issue 10, item 1). Pure checks, applied in one
// place to every adapter's output by platform-pipeline.ts: a failed check drops the value (or the slot) and
// says why as a Problem; it never drops the centre's other data.
import { findDepartment } from '../departments.js';
import type { Centre, GeoPoint, Slot } from '../domain.js';
import { getOrInsert } from '../maps.js';
import { problem, type Problem } from './problems.js';

/** The per-centre slot cap when the context sets none: far above any real centre's fortnight. */
export const DEFAULT_MAX_SLOTS_PER_CENTRE = 5_000;

/**
 * Where a platform's booking links may point. `www.maiia.com` is that host exactly; `*.epharmacie.pro` any
 * host under it; `*` any public host name (platforms whose links are the pharmacies' own web sites).
 */
export type HostRule = string;

export type UrlCheck = { readonly ok: true; readonly url: string } | { readonly ok: false; readonly problem: Problem };

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function hostMatches(host: string, rule: HostRule): boolean {
  if (rule === '*')
    return host.includes('.') && !IPV4.test(host) && !host.startsWith('[') && !host.endsWith('.localhost');
  if (rule.startsWith('*.')) return host.endsWith(rule.slice(1)) && host.length > rule.length - 1;
  return host === rule;
}

/**
 * A booking link users may follow: `https:`, no userinfo, no port, on one of the platform's hosts. The
 * extra origins (the sandbox's `http://127.0.0.1:port` in sandbox mode) count as the platform's own too.
 */
export function checkBookingUrl(
  raw: string | null | undefined,
  rules: readonly HostRule[],
  extraOrigins: readonly string[] = [],
): UrlCheck {
  if (raw === null || raw === undefined || raw.trim() === '')
    return { ok: false, problem: problem('missing-url', 'no booking link') };
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, problem: problem('unsafe-url', `not a URL: ${clip(raw)}`) };
  }
  if (url.username !== '' || url.password !== '')
    return { ok: false, problem: problem('unsafe-url', `link with userinfo: ${clip(raw)}`) };
  if (extraOrigins.includes(url.origin)) return { ok: true, url: raw.trim() };
  if (url.protocol !== 'https:') return { ok: false, problem: problem('unsafe-url', `not https: ${clip(raw)}`) };
  if (url.port !== '') return { ok: false, problem: problem('unsafe-url', `link with a port: ${clip(raw)}`) };
  const host = url.hostname.toLowerCase();
  if (!rules.some((rule) => hostMatches(host, rule)))
    return { ok: false, problem: problem('unsafe-url', `host ${host} is not the platform's`) };
  return { ok: true, url: raw.trim() };
}

/** Boxes around metropolitan France and each overseas department: a point elsewhere is a platform's mistake. */
const FRANCE_BOXES: readonly (readonly [number, number, number, number])[] = [
  [41.0, 51.6, -5.8, 10.0], // metropole and Corsica
  [15.8, 16.6, -61.9, -60.9], // Guadeloupe
  [17.8, 18.2, -63.2, -62.7], // Saint-Martin, Saint-Barthélemy
  [14.3, 14.95, -61.3, -60.75], // Martinique
  [2.0, 6.0, -54.8, -51.5], // Guyane
  [-21.5, -20.8, 55.1, 55.9], // La Réunion
  [-13.1, -12.55, 44.95, 45.35], // Mayotte
  [46.7, 47.2, -56.5, -56.0], // Saint-Pierre-et-Miquelon
];

export function isPlausibleLocation(point: GeoPoint, department: string | null): boolean {
  const { latitude, longitude } = point;
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return false;
  if (latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180) return false;
  // The other overseas collectivities (Polynésie, Nouvelle-Calédonie, Wallis...) span an ocean: range only.
  if (department === 'om') return true;
  return FRANCE_BOXES.some(
    ([south, north, west, east]) => latitude >= south && latitude <= north && longitude >= west && longitude <= east,
  );
}

export interface GuardedCentre {
  /** Null when the centre cannot be shown at all (no safe booking link). */
  readonly centre: Centre | null;
  readonly problems: readonly Problem[];
}

/** The centre as users may see it: a safe link, an official department, a plausible location. */
export function guardCentre(
  centre: Centre,
  rules: readonly HostRule[],
  extraOrigins: readonly string[] = [],
): GuardedCentre {
  const problems: Problem[] = [];
  const link = checkBookingUrl(centre.bookingUrl, rules, extraOrigins);
  if (!link.ok)
    return { centre: null, problems: [{ ...link.problem, message: `${centre.id}: ${link.problem.message}` }] };
  let department = centre.department;
  if (department !== null && !findDepartment(department)) {
    problems.push(
      problem('unknown-department', `${centre.id}: department ${clip(department)} is not on the official list`),
    );
    department = null;
  } else if (department === null) {
    // Kept (its slots still count nationally), but no department list can show it: say so.
    const place = [centre.postalCode, centre.insee]
      .filter((part) => part !== null)
      .map((part) => clip(part!))
      .join(' / ');
    problems.push(problem('unknown-department', `${centre.id}: no department${place ? ` for ${place}` : ''}`));
  }
  let location = centre.location;
  if (location !== null && !isPlausibleLocation(location, department)) {
    problems.push(
      problem('bad-coordinates', `${centre.id}: ${location.latitude}, ${location.longitude} is not a place in France`),
    );
    location = null;
  }
  return { centre: { ...centre, bookingUrl: link.url, department, location }, problems };
}

/** The key two copies of one slot share. Two slots at one instant under different motives are two slots. */
function slotKey(slot: Slot): string {
  return `${slot.start.getTime()}|${slot.motive}|${slot.vaccine}|${slot.doses.join(',')}|${slot.bookingUrl ?? ''}`;
}

/**
 * The slots of one centre's scan, kept across batches: valid instants only, duplicates collapsed, at most
 * `cap`. Problems are counted, then told once per scan by `finish`, so 50 copies are one issue, not 50.
 */
export class SlotGuard {
  private readonly seen = new Set<string>();
  private duplicates = 0;
  private overCap = 0;
  private badLinks = 0;
  /** Slot links already checked in this scan: a platform gives one link per motive, repeated on every slot. */
  private readonly checkedLinks = new Map<string, boolean>();

  constructor(
    private readonly cap: number,
    private readonly rules: readonly HostRule[],
    private readonly extraOrigins: readonly string[],
  ) {}

  /** `identities`, when given, name each slot: only slots of one identity are copies of each other. */
  keep(slots: readonly Slot[], identities?: readonly string[]): { slots: Slot[]; problems: Problem[] } {
    const kept: Slot[] = [];
    const problems: Problem[] = [];
    for (const [index, raw] of slots.entries()) {
      let slot = raw;
      if (!(slot.start instanceof Date) || !Number.isFinite(slot.start.getTime())) {
        problems.push(problem('bad-time', `slot ${clip(slot.motive)} has no valid start`));
        continue;
      }
      if (slot.bookingUrl !== undefined && !this.isSafeLink(slot.bookingUrl)) {
        // The slot stays; its unsafe deep link goes, and the centre's own link is used instead.
        const { bookingUrl: _dropped, ...rest } = slot;
        slot = rest;
        this.badLinks += 1;
      }
      const identity = identities?.[index];
      const key = identity === undefined ? slotKey(slot) : `#${identity}`;
      if (this.seen.has(key)) {
        this.duplicates += 1;
        continue;
      }
      if (this.seen.size >= this.cap) {
        this.overCap += 1;
        continue;
      }
      this.seen.add(key);
      kept.push(slot);
    }
    return { slots: kept, problems };
  }

  private isSafeLink(url: string): boolean {
    return getOrInsert(this.checkedLinks, url, () => checkBookingUrl(url, this.rules, this.extraOrigins).ok);
  }

  finish(centreId: string): Problem[] {
    const problems: Problem[] = [];
    if (this.duplicates > 0)
      problems.push(problem('duplicate-slot', `${centreId}: ${this.duplicates} duplicate slot(s) collapsed`));
    if (this.overCap > 0)
      problems.push(problem('slot-cap', `${centreId}: ${this.overCap} slot(s) over the cap of ${this.cap} dropped`));
    if (this.badLinks > 0)
      problems.push(
        problem('unsafe-url', `${centreId}: ${this.badLinks} slot link(s) not on the platform's hosts dropped`),
      );
    return problems;
  }
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
