// Which motives of a booking to ask about, and with which agendas and practices (spec §5). Doctolib motives
// are identified by national reference ids, so vaccine and dose come from a table, never from a name.
import type { Dose, ScanIssue, Vaccine } from '../../domain.js';
import { placeNumber } from './request.js';
import type { ScanBooking, VisitMotive } from './schema.js';

type DoctolibVaccine = Extract<Vaccine, 'Pfizer-BioNTech' | 'Moderna' | 'AstraZeneca' | 'Janssen'>;

/** `ref_visit_motive_id` → vaccine and dose (§5.1). */
export const REFERENCE_MOTIVES: ReadonlyMap<number, { readonly vaccine: DoctolibVaccine; readonly dose: Dose }> =
  new Map([
    [6970, { vaccine: 'Pfizer-BioNTech', dose: 1 }],
    [8739, { vaccine: 'Pfizer-BioNTech', dose: 1 }],
    [8740, { vaccine: 'Moderna', dose: 1 }],
    [7005, { vaccine: 'Moderna', dose: 1 }],
    [7107, { vaccine: 'AstraZeneca', dose: 1 }],
    [8741, { vaccine: 'AstraZeneca', dose: 1 }],
    [7945, { vaccine: 'Janssen', dose: 1 }],
    [8192, { vaccine: 'Pfizer-BioNTech', dose: 3 }],
    [8193, { vaccine: 'Moderna', dose: 3 }],
    [10515, { vaccine: 'Pfizer-BioNTech', dose: '1_kid' }],
    [10516, { vaccine: 'Pfizer-BioNTech', dose: '1_kid' }],
  ]);

/** Words of the category names meant for the general public (the configured list of §5.2). */
export const PUBLIC_CATEGORY_KEYWORDS: readonly string[] = [
  'non professionnels de santé',
  'public',
  'patient',
  '18 ans',
  '50 ans',
  '55 ans',
  '60 ans',
  'pfizer',
  'moderna',
  'vaccination',
  'vaccin',
  'majeur',
  'consultation',
  '18',
];

export function hasVaccinationMotive(motives: readonly Pick<VisitMotive, 'ref_visit_motive_id'>[]): boolean {
  return motives.some(
    (motive) => motive.ref_visit_motive_id != null && REFERENCE_MOTIVES.has(motive.ref_visit_motive_id),
  );
}

export interface RelevantMotive {
  readonly id: number;
  readonly name: string;
  readonly vaccine: DoctolibVaccine;
  readonly dose: Dose;
}

/**
 * Motives a member of the public can book for a known vaccine: reference id in the table, open to new
 * patients, and in a public category when the booking has categories (a motive without category counts).
 */
export function relevantMotives(
  booking: Pick<ScanBooking, 'visit_motive_categories' | 'visit_motives'>,
): RelevantMotive[] {
  const categories = booking.visit_motive_categories ?? [];
  const publicCategories = new Set(
    categories.filter((category) => isPublicCategory(category.name)).map((category) => category.id),
  );
  const relevant: RelevantMotive[] = [];
  for (const motive of booking.visit_motives) {
    const reference =
      motive.ref_visit_motive_id == null ? undefined : REFERENCE_MOTIVES.get(motive.ref_visit_motive_id);
    if (!reference || motive.allow_new_patients === false) continue;
    if (
      categories.length > 0 &&
      motive.visit_motive_category_id != null &&
      !publicCategories.has(motive.visit_motive_category_id)
    )
      continue;
    relevant.push({ id: motive.id, name: motive.name, ...reference });
  }
  return relevant;
}

export function isPublicCategory(name: string): boolean {
  const normalised = name.toLowerCase().replace(/\s+/g, ' ').trim();
  return normalised === 'vaccination' || PUBLIC_CATEGORY_KEYWORDS.some((keyword) => normalised.includes(keyword));
}

/** One availabilities request to make: a motive with the agendas and practices offering it at the centre. */
export interface MotiveRequest {
  readonly motive: RelevantMotive;
  readonly agendaIds: readonly number[];
  readonly practiceIds: readonly number[];
}

export type ScanPlan =
  | { readonly ok: true; readonly requests: readonly MotiveRequest[] }
  | { readonly ok: false; readonly issue: ScanIssue };

/**
 * The practices of the centre (§5.3): the URL's pid, plus the first practice of its place when Doctolib
 * filed the place under another number. A pid no place has is tried against the centre's address.
 */
export function practiceFilter(
  booking: Pick<ScanBooking, 'places'>,
  pid: number | null,
  address: string,
): number[] | null {
  if (pid === null) return booking.places[0] ? [...booking.places[0].practice_ids] : null;
  const place =
    booking.places.find((candidate) => placeNumber(candidate.id) === pid) ??
    booking.places.find((candidate) => candidate.full_address === address);
  if (!place) return null;
  const placePid = placeNumber(place.id)!;
  const first = place.practice_ids[0];
  return first === undefined || place.practice_ids.includes(placePid) ? [placePid] : [placePid, first];
}

/** What to ask Doctolib for one centre, or why not to ask at all. */
export function planScan(booking: ScanBooking, pid: number | null, address: string): ScanPlan {
  if (booking.agendas.every((agenda) => agenda.booking_disabled)) {
    return { ok: false, issue: { reason: 'phone-only', message: 'every agenda has online booking disabled' } };
  }
  const practices = practiceFilter(booking, pid, address);
  if (!practices) {
    return {
      ok: false,
      issue: { reason: 'duplicate', message: `no place of the booking matches practice ${pid ?? '(none)'}` },
    };
  }
  const motives = relevantMotives(booking);
  if (motives.length === 0)
    return { ok: false, issue: { reason: 'no-usable-motive', message: 'no public vaccination motive' } };

  const requests: MotiveRequest[] = [];
  for (const motive of motives) {
    const agendaIds: number[] = [];
    const practiceIds = new Set<number>();
    for (const agenda of booking.agendas) {
      if (agenda.booking_disabled) continue;
      if (agenda.practice_id != null && !practices.includes(agenda.practice_id)) continue;
      // Keys are strings; an agenda shared by several places only counts for this centre's practices.
      const offering = Object.entries(agenda.visit_motive_ids_by_practice_id)
        .map(([key, motiveIds]) => ({ practice: Number(key), motiveIds }))
        .filter(({ practice, motiveIds }) => practices.includes(practice) && motiveIds.includes(motive.id));
      if (offering.length === 0) continue;
      agendaIds.push(agenda.id);
      for (const { practice } of offering) practiceIds.add(practice);
    }
    if (agendaIds.length > 0) requests.push({ motive, agendaIds, practiceIds: [...practiceIds] });
  }
  if (requests.length === 0) {
    // Another place of the same doctor offers these motives: that place is the centre, not this one.
    return {
      ok: false,
      issue: {
        reason: 'duplicate',
        message: `no agenda offers a vaccination motive at practice ${practices.join('-')}`,
      },
    };
  }
  return { ok: true, requests };
}
