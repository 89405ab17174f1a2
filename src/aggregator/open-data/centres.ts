// The open-data files of open-data-format.md, field for field, so the web and mobile clients that read
// them work unchanged. Pure: snapshot in, file content out; the API serves them and `export` writes them.
import { DEPARTMENTS } from '../../departments.js';
import { PLATFORM_LABELS, type Vaccine } from '../../domain.js';
import { toParisIso } from '../../time.js';
import type { Snapshot } from '../read/read-model.js';
import type { StoredCentre } from '../store/store.js';
import { encodedJson, jsonBytes } from '../read/json-bytes.js';
import { isListed, isReserved, isStale, matchingSlots } from '../read/views.js';

export { isReserved };

/** `departements.json`. Region codes are floats in the original (`84.0`), which JSON.stringify cannot write. */
export function departementsFile(): string {
  const rows = DEPARTMENTS.map((department) => {
    const region = department.regionCode === -1 ? '-1' : `${department.regionCode}.0`;
    return (
      `{"code_departement":${JSON.stringify(department.code)},` +
      `"nom_departement":${JSON.stringify(department.name)},` +
      `"code_region":${region},"nom_region":${JSON.stringify(department.regionName)}}`
    );
  });
  return `[${rows.join(',')}]`;
}

export interface OpenDataCentre {
  departement: string;
  nom: string;
  url: string;
  location: { longitude: number; latitude: number; city: string | null; cp: string | null } | null;
  /** Never null: clients read `metadata.address` without a guard. */
  metadata: { address: string; business_hours: Record<string, string | null> | null; phone_number?: string };
  prochain_rdv: string | null;
  plateforme: string;
  type: string;
  appointment_count: number;
  internal_id: string;
  vaccine_type: string[];
  appointment_by_phone_only: false;
  erreur: null;
  last_scan_with_availabilities: null;
  request_counts: null;
  atlas_gid: number | null;
}

export interface CentresFile {
  version: 1;
  last_updated: string;
  centres_disponibles: OpenDataCentre[];
  centres_indisponibles: OpenDataCentre[];
}

/** A centre's entry in the centres files, with its JSON encoded once (the files are joined from these bytes). */
export interface CentreEntry {
  readonly entry: OpenDataCentre;
  readonly json: Buffer;
}

/** A part of a centres file: the entries of some centres, each list in the file's order (partsOfEntries). */
export interface CentresFileParts {
  /** Those with a soonest slot (`prochain_rdv`). */
  readonly available: readonly CentreEntry[];
  readonly unavailable: readonly CentreEntry[];
}

/**
 * A centre's entry now, or null when the files leave it out: never scanned, reserved to professionals, or
 * stale (unknown, neither available nor unavailable: the format has no third list).
 */
export function centreEntry(snapshot: Snapshot, centre: StoredCentre, now: number): CentreEntry | null {
  if (!isListed(centre) || isReserved(centre) || isStale(snapshot, centre, now)) return null;
  const slots = matchingSlots(centre, {}, now);
  const entry = openDataCentre(
    centre,
    slots.length,
    slots[0]?.startAt ?? null,
    slots.map((slot) => slot.vaccine),
  );
  return { entry, json: encodedJson(entry) };
}

/**
 * Parts from entries made (or cached) elsewhere, each list already in the file's order: the national file
 * sorts the departments' lists together, which costs little more than merging them once they are runs.
 */
export function partsOfEntries(entries: Iterable<CentreEntry | null>): CentresFileParts {
  const available: CentreEntry[] = [];
  const unavailable: CentreEntry[] = [];
  for (const entry of entries) {
    if (entry === null) continue;
    if (entry.entry.prochain_rdv) available.push(entry);
    else unavailable.push(entry);
  }
  return { available: available.sort(bySoonest), unavailable: unavailable.sort(byId) };
}

function byId(a: CentreEntry, b: CentreEntry): number {
  return a.entry.internal_id < b.entry.internal_id ? -1 : a.entry.internal_id > b.entry.internal_id ? 1 : 0;
}

/**
 * The format sorts by the rendered string; all our renderings share the Paris offset of their date, so string
 * order is time order except across a DST change, exactly as the original clients expect.
 */
function bySoonest(a: CentreEntry, b: CentreEntry): number {
  const [first, second] = [a.entry.prochain_rdv!, b.entry.prochain_rdv!];
  return first < second ? -1 : first > second ? 1 : byId(a, b);
}

/** The entries of these centres (a department's, or those without one). */
export function centresFileParts(snapshot: Snapshot, now: number, centres: readonly StoredCentre[]): CentresFileParts {
  return partsOfEntries(centres.map((centre) => centreEntry(snapshot, centre, now)));
}

interface SortedEntries {
  readonly lastUpdated: string;
  readonly available: readonly CentreEntry[];
  readonly unavailable: readonly CentreEntry[];
}

/**
 * The entries of parts in one order whatever the parts: available centres by soonest slot, then by id;
 * unavailable ones by id. So the national file assembled from department parts is the file built at once.
 */
function sortedEntries(parts: readonly CentresFileParts[], lastCheckedAt: number | null, now: number): SortedEntries {
  // One part is sorted already (partsOfEntries); several are runs, which the sort merges.
  return {
    lastUpdated: toParisIso(new Date(lastCheckedAt ?? now)),
    available: parts.length === 1 ? parts[0]!.available : parts.flatMap((part) => part.available).sort(bySoonest),
    unavailable: parts.length === 1 ? parts[0]!.unavailable : parts.flatMap((part) => part.unavailable).sort(byId),
  };
}

function fileOf(sorted: SortedEntries): CentresFile {
  return {
    version: 1,
    last_updated: sorted.lastUpdated,
    centres_disponibles: sorted.available.map(({ entry }) => entry),
    centres_indisponibles: sorted.unavailable.map(({ entry }) => entry),
  };
}

/** A centres file from parts (see sortedEntries for its order). */
export function assembleCentresFile(
  parts: readonly CentresFileParts[],
  lastCheckedAt: number | null,
  now: number,
): CentresFile {
  return fileOf(sortedEntries(parts, lastCheckedAt, now));
}

/**
 * The same file, and its bytes joined from the entries' encoded JSON: byte-identical to JSON.stringify of
 * the file, without making the string (5 MB nationally).
 */
export function assembleCentresFileBytes(
  parts: readonly CentresFileParts[],
  lastCheckedAt: number | null,
  now: number,
): { file: CentresFile; body: Buffer } {
  const sorted = sortedEntries(parts, lastCheckedAt, now);
  const body = jsonBytes([
    `{"version":1,"last_updated":${JSON.stringify(sorted.lastUpdated)},"centres_disponibles":[`,
    { list: sorted.available.map(({ json }) => json) },
    '],"centres_indisponibles":[',
    { list: sorted.unavailable.map(({ json }) => json) },
    ']}',
  ]);
  return { file: fileOf(sorted), body };
}

/** `info_centres.json` (all departments) or `{code}.json` (one). */
export function centresFile(snapshot: Snapshot, now: number, department?: string): CentresFile {
  return assembleCentresFile([ownParts(snapshot, now, department)], snapshot.lastCheckedAt, now);
}

/** The same file and its bytes. */
export function centresFileBytes(
  snapshot: Snapshot,
  now: number,
  department?: string,
): { file: CentresFile; body: Buffer } {
  return assembleCentresFileBytes([ownParts(snapshot, now, department)], snapshot.lastCheckedAt, now);
}

function ownParts(snapshot: Snapshot, now: number, department: string | undefined): CentresFileParts {
  const source = department === undefined ? snapshot.centres : (snapshot.byDepartment.get(department) ?? []);
  return centresFileParts(snapshot, now, source);
}

function openDataCentre(
  centre: StoredCentre,
  count: number,
  soonestAt: number | null,
  vaccines: readonly Vaccine[],
): OpenDataCentre {
  return {
    departement: centre.department ?? '',
    nom: centre.name,
    url: centre.bookingUrl,
    location: centre.location
      ? {
          longitude: centre.location.longitude,
          latitude: centre.location.latitude,
          city: centre.city,
          cp: centre.postalCode,
        }
      : null,
    metadata: {
      address: centre.address,
      business_hours: centre.businessHours,
      ...(centre.phone ? { phone_number: centre.phone } : {}),
    },
    prochain_rdv: soonestAt === null ? null : toParisIso(new Date(soonestAt)),
    plateforme: PLATFORM_LABELS[centre.platform],
    type: centre.kind,
    appointment_count: count,
    internal_id: centre.id,
    vaccine_type: distinctBrands(vaccines),
    appointment_by_phone_only: false,
    erreur: null,
    last_scan_with_availabilities: null,
    request_counts: null,
    atlas_gid: centre.atlasGid,
  };
}

/** Distinct vaccines in arrival order; one that is a substring of one already listed is not added (§3.1). */
function distinctBrands(vaccines: readonly Vaccine[]): string[] {
  const brands: string[] = [];
  for (const vaccine of vaccines) {
    if (vaccine === 'unknown') continue;
    if (!brands.some((brand) => brand.includes(vaccine))) brands.push(vaccine);
  }
  return brands;
}
