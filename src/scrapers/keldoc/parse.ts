// Pure Keldoc parsers: geo-search items to centre fields, motive names to doses and vaccines, timetable
// answers to slots (spec/platforms/keldoc.md §2, §4, §5, §7).
import type { Centre, CentreKind, Dose, GeoPoint, Slot, Vaccine } from '../../domain.js';
import { placeOfPostalCode } from '../postal.js';
import { parseInstantWithOffset } from '../../time.js';
import { readInstant } from '../instant.js';
import { describeZodError, problem, type Problem } from '../problems.js';
import { vaccineFromName } from '../vaccine-names.js';
import { KELDOC_SPECIALTY_IDS, type ResourceQuery } from './request.js';
import {
  motiveCategorySchema,
  motiveSchema,
  timetableSlotSchema,
  type GeoCentre,
  type KeldocScanData,
  type Timetable,
} from './schema.js';

const KID_KEYWORD = '11';
const BOOSTER_KEYWORDS = [
  'rappel',
  '3e',
  '3ème',
  'troisième',
  'dose 3',
  'inj3',
  '6 mois',
  '3 à 6 mois',
  '4ème',
  'inj4',
];
const IMMUNO_KEYWORDS = ['imm', 'greffés', 'pathologie justifiant'];
const SECOND_KEYWORDS = [
  '2e',
  '2ème',
  '2nd',
  '2de',
  'inj 2',
  'seconde',
  'deux',
  'ayant reçu',
  'j21',
  'suite à une 1ère',
];
const FIRST_KEYWORDS = [
  '1ère',
  '1re',
  '1er',
  'inj1',
  'prem',
  'dose 1',
  'unique',
  'mono',
  'janssen',
  'johnson',
  'atcd',
  'antécédent',
  'ayant eu',
  'une seule',
];

/** The dose a motive books, from its name (§5, tests in this order); null when it is not a vaccination. */
export function doseFromMotiveName(rawName: string): Dose | null {
  const name = rawName.toLowerCase();
  const has = (keywords: readonly string[]) => keywords.some((keyword) => name.includes(keyword));
  // Keldoc's own convention: "11" stands for the 5-11 years children's campaign.
  if (name.includes(KID_KEYWORD)) return '1_kid';
  if (has(BOOSTER_KEYWORDS) && !has(IMMUNO_KEYWORDS)) return 3;
  if (has(SECOND_KEYWORDS)) return 2;
  if (has(FIRST_KEYWORDS)) return 1;
  return null;
}

/** The brand of a motive: its own name first, else the name of its category. */
export function motiveVaccine(motiveName: string, categoryName: string): Vaccine {
  return vaccineFromName(motiveName) ?? vaccineFromName(categoryName) ?? 'unknown';
}

export interface VaccinationMotive {
  readonly id: number;
  readonly name: string;
  readonly agendaIds: readonly number[];
  readonly dose: Dose;
  readonly vaccine: Vaccine;
}

/** The motives worth scanning: a dose keyword in the name and at least one agenda to ask. */
export function vaccinationMotives(data: KeldocScanData): VaccinationMotive[] {
  const motives: VaccinationMotive[] = [];
  for (const motive of data.motives) {
    const dose = doseFromMotiveName(motive.name);
    if (dose === null || motive.agendaIds.length === 0) continue;
    motives.push({
      id: motive.id,
      name: motive.name,
      agendaIds: motive.agendaIds,
      dose,
      vaccine: motiveVaccine(motive.name, motive.category),
    });
  }
  return motives;
}

/** Flattens the motive categories into what the scan needs later; an unreadable motive is left out. */
export function scanDataFromCategories(categories: readonly unknown[]): { data: KeldocScanData; problems: Problem[] } {
  const motives: KeldocScanData['motives'] = [];
  const problems: Problem[] = [];
  for (const rawCategory of categories) {
    const category = motiveCategorySchema.safeParse(rawCategory);
    if (!category.success) {
      problems.push(problem('invalid-item', `motive category: ${describeZodError(category.error)}`));
      continue;
    }
    for (const rawMotive of category.data.motives ?? []) {
      const motive = motiveSchema.safeParse(rawMotive);
      if (!motive.success) {
        problems.push(problem('invalid-item', `motive: ${describeZodError(motive.error)}`));
        continue;
      }
      const agendaIds = (motive.data.agendas ?? []).map((agenda) => agenda.id);
      motives.push({ id: motive.data.id, name: motive.data.name, category: category.data.name ?? '', agendaIds });
    }
  }
  return { data: { motives }, problems };
}

export type TimetableAnswer =
  | { readonly kind: 'nothing' }
  | { readonly kind: 'next-date'; readonly date: Date }
  | { readonly kind: 'phone-only'; readonly phone: string }
  | {
      readonly kind: 'availabilities';
      readonly days: ReadonlyMap<string, readonly Date[]>;
      readonly problems: readonly Problem[];
    };

/**
 * Which of the four shapes an answer has (§3). A `date` that is not an instant counts as nothing. Entries
 * are read one by one: one without a start is skipped (§4.3), one with a start we cannot read is a problem.
 */
export function classifyTimetable(timetable: Timetable): TimetableAnswer {
  if (timetable.availabilities) {
    const days = new Map<string, Date[]>();
    const problems: Problem[] = [];
    for (const [day, slots] of Object.entries(timetable.availabilities)) {
      const starts: Date[] = [];
      for (const raw of slots ?? []) {
        const slot = timetableSlotSchema.safeParse(raw);
        if (!slot.success) {
          problems.push(problem('invalid-item', `timetable entry of ${day}: ${describeZodError(slot.error)}`));
          continue;
        }
        if (!slot.data.start_time) continue;
        // Each start carries Paris's offset (§7), so it is an instant; a naive one is not ours to guess.
        const start = readInstant(slot.data.start_time, 'refuse', `timetable entry of ${day}`);
        if (start.ok) starts.push(start.instant);
        else problems.push(start.problem);
      }
      days.set(day, starts);
    }
    return { kind: 'availabilities', days, problems };
  }
  if (timetable.phone_number || timetable.num)
    return { kind: 'phone-only', phone: timetable.phone_number ?? timetable.num ?? '' };
  if (timetable.date) {
    const date = parseInstantWithOffset(timetable.date);
    return date ? { kind: 'next-date', date } : { kind: 'nothing' };
  }
  return { kind: 'nothing' };
}

/**
 * Pages overlap by one day, so a day can come back twice: a later page replaces the day as Keldoc's own
 * scraper does, and each start is kept once, so a slot is never counted twice for one motive.
 */
export function mergeDays(into: Map<string, readonly Date[]>, days: ReadonlyMap<string, readonly Date[]>): void {
  for (const [day, starts] of days) into.set(day, starts);
}

export function slotsOfMotive(
  days: ReadonlyMap<string, readonly Date[]>,
  motive: VaccinationMotive,
  window: { from: Date; to: Date },
): Slot[] {
  const seen = new Set<number>();
  const slots: Slot[] = [];
  for (const starts of days.values()) {
    for (const start of starts) {
      const time = start.getTime();
      if (seen.has(time) || start < window.from || start >= window.to) continue;
      seen.add(time);
      slots.push({ start, vaccine: motive.vaccine, doses: [motive.dose], motive: motive.name });
    }
  }
  return slots.sort((a, b) => a.start.getTime() - b.start.getTime());
}

// ----- discovery -----

export interface CentreUrl {
  /** Path of the centre page, e.g. `/cabinet-medical/valserhone-01200/jean-marinet/centre-de-vaccination`. */
  readonly path: string;
  readonly cabinetId: number;
  readonly specialtyId: number;
}

/** The centre page of a geo-search item, or null when none of its specialties is a vaccination one. */
export function centreUrlOf(item: GeoCentre): CentreUrl | null {
  const specialtyId = item.specialty_ids.find((id) => KELDOC_SPECIALTY_IDS.has(id));
  if (specialtyId === undefined || !item.url.startsWith('/')) return null;
  return { path: item.url, cabinetId: item.id, specialtyId };
}

/** The public booking URL kept for output: always on `vaccination-covid.keldoc.com` (§1). */
export function bookingUrlOf(url: CentreUrl): string {
  return `https://vaccination-covid.keldoc.com${url.path}?cabinet=${url.cabinetId}&specialty=${url.specialtyId}`;
}

/** The resource lookup read from the page path's 3 or 4 segments; null when the path is shorter. */
export function resourceQueryFromPath(path: string): ResourceQuery | null {
  const segments = path.split('/').filter(Boolean);
  if (segments.length < 3 || segments.length > 4) return null;
  const [type, location, slug, cabinet] = segments as [string, string, string, string | undefined];
  return cabinet === undefined ? { type, location, slug } : { type, location, slug, cabinet };
}

/** The resource lookup read from the redirect a public page answers with (`/redirect/?dom=&inst=&user=`). */
export function resourceQueryFromRedirect(location: string): ResourceQuery | null {
  let query: URLSearchParams;
  try {
    query = new URL(location, 'https://vaccination-covid.keldoc.com').searchParams;
  } catch {
    return null;
  }
  const type = query.get('dom');
  const inst = query.get('inst');
  const user = query.get('user');
  if (!type || !inst || !user) return null;
  const cabinet = query.get('cabinet');
  return cabinet ? { type, location: inst, slug: user, cabinet } : { type, location: inst, slug: user };
}

export function kindOfUrl(path: string): CentreKind {
  if (path.includes('pharmacie')) return 'drugstore';
  if (path.includes('medecin')) return 'general-practitioner';
  return 'vaccination-center';
}

/** `"46.108467,5.82781"` (latitude first). */
export function parseCoordinates(text: string | null | undefined): GeoPoint | null {
  const parts = (text ?? '').split(',').map((part) => Number(part.trim()));
  if (parts.length !== 2 || parts.some((part) => !Number.isFinite(part))) return null;
  return { latitude: parts[0]!, longitude: parts[1]! };
}

/** Exactly the centre's place fields, so an adapter can spread them into its record. */
export type PlaceFields = Pick<Centre, 'address' | 'postalCode' | 'city' | 'insee' | 'department' | 'location'>;

/** The address is `cabinet.location` (spec §2.2), the only part the spec uses. */
export function placeOf(item: GeoCentre): PlaceFields {
  const { zipcode, city, location } = item.cabinet;
  const { insee, department } = placeOfPostalCode(zipcode);
  return {
    address: location ?? '',
    postalCode: zipcode ?? null,
    city: city ?? null,
    insee,
    department,
    location: parseCoordinates(item.coordinates),
  };
}

/** `keldoc{clinic}pid{cabinet}`, shortened to `keldoc{clinic}` when both ids are the same. */
export function keldocCentreId(clinicId: number, cabinetId: number): string {
  return clinicId === cabinetId ? `keldoc${clinicId}` : `keldoc${clinicId}pid${cabinetId}`;
}
