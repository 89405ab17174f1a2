// The open-data files of open-data-format.md, field for field, so the web and mobile clients that read
// them work unchanged. Pure: snapshot in, file content out; the API serves them and `export` writes them.
import { DEPARTMENTS } from '../../departments.js';
import { PLATFORM_LABELS, type Vaccine } from '../../domain.js';
import { toParisIso } from '../../time.js';
import type { Snapshot } from '../read/read-model.js';
import type { StoredCentre } from '../store/store.js';
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

/** A part of a centres file: the entries of some centres, before sorting. */
export interface CentresFileParts {
  readonly available: ReadonlyArray<{ readonly entry: OpenDataCentre; readonly soonest: string }>;
  readonly unavailable: readonly OpenDataCentre[];
}

/** The entries of these centres (a department's, or those without one). */
export function centresFileParts(snapshot: Snapshot, now: number, centres: readonly StoredCentre[]): CentresFileParts {
  const available: Array<{ entry: OpenDataCentre; soonest: string }> = [];
  const unavailable: OpenDataCentre[] = [];
  for (const centre of centres) {
    // A stale centre is unknown, neither available nor unavailable: the format has no third list.
    if (!isListed(centre) || isReserved(centre) || isStale(snapshot, centre, now)) continue;
    const slots = matchingSlots(centre, {}, now);
    const entry = openDataCentre(
      centre,
      slots.length,
      slots[0]?.startAt ?? null,
      slots.map((slot) => slot.vaccine),
    );
    if (entry.prochain_rdv) available.push({ entry, soonest: entry.prochain_rdv });
    else unavailable.push(entry);
  }
  return { available, unavailable };
}

/**
 * A centres file from parts, in one order whatever the parts: available centres by soonest slot, then by
 * id; unavailable ones by id. So the national file assembled from department parts is the file built at once.
 */
export function assembleCentresFile(
  parts: readonly CentresFileParts[],
  lastCheckedAt: number | null,
  now: number,
): CentresFile {
  const byId = (a: OpenDataCentre, b: OpenDataCentre) =>
    a.internal_id < b.internal_id ? -1 : a.internal_id > b.internal_id ? 1 : 0;
  // The format sorts by the rendered string; all our renderings share the Paris offset of their date, so
  // string order is time order except across a DST change, exactly as the original clients expect.
  const available = parts
    .flatMap((part) => part.available)
    .sort((a, b) => (a.soonest < b.soonest ? -1 : a.soonest > b.soonest ? 1 : byId(a.entry, b.entry)));
  return {
    version: 1,
    last_updated: toParisIso(new Date(lastCheckedAt ?? now)),
    centres_disponibles: available.map(({ entry }) => entry),
    centres_indisponibles: parts.flatMap((part) => part.unavailable).sort(byId),
  };
}

/** `info_centres.json` (all departments) or `{code}.json` (one). */
export function centresFile(snapshot: Snapshot, now: number, department?: string): CentresFile {
  const source = department === undefined ? snapshot.centres : (snapshot.byDepartment.get(department) ?? []);
  return assembleCentresFile([centresFileParts(snapshot, now, source)], snapshot.lastCheckedAt, now);
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
