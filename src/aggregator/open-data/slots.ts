// `{code}/creneaux-quotidiens.json` and `centres_open_data.json` (open-data-format.md §4, §5), field for
// field. Pure: snapshot in, file content out.
import { PLATFORM_LABELS, type Dose } from '../../domain.js';
import { addDaysToDate, parisDate, parisMidnight } from '../../time.js';
import type { Snapshot } from '../read/read-model.js';
import type { StoredCentre } from '../store/store.js';
import { isListed, isReserved, isStale, matchingSlots } from '../read/views.js';
import { getOrInsert } from '../../maps.js';

/** Days after today in the daily file (N + 1 entries), as the format has had since 2021. */
export const DAILY_FILE_DAYS = 11;

export const DAILY_TAGS = ['all', 'first_or_second_dose', 'kids_first_dose', 'third_dose', 'unknown_dose'] as const;
type DailyTag = (typeof DAILY_TAGS)[number];

export interface CreneauxQuotidiens {
  departement: string;
  creneaux_quotidiens: Array<{
    date: string;
    total: number;
    creneaux_par_lieu: Array<{ lieu: string; creneaux_par_tag: Array<{ tag: DailyTag; creneaux: number }> }>;
  }>;
}

/** How much one slot adds to each tag; `first_or_second_dose` counts a [1, 2] slot twice, as the format does. */
export function tagCounts(doses: readonly Dose[]): Record<DailyTag, number> {
  return {
    all: 1,
    first_or_second_dose: (doses.includes(1) ? 1 : 0) + (doses.includes(2) ? 1 : 0),
    kids_first_dose: doses.includes('1_kid') ? 1 : 0,
    third_dose: doses.includes(3) ? 1 : 0,
    unknown_dose: doses.length === 0 ? 1 : 0,
  };
}

/** The centres whose slots the open-data files publish: those of info_centres.json. */
export function publishedCentres(snapshot: Snapshot, now: number, centres: readonly StoredCentre[]): StoredCentre[] {
  return centres.filter((centre) => isListed(centre) && !isReserved(centre) && !isStale(snapshot, centre, now));
}

export function creneauxQuotidiens(snapshot: Snapshot, now: number, department: string): CreneauxQuotidiens {
  const today = parisDate(new Date(now));
  const dates = Array.from({ length: DAILY_FILE_DAYS + 1 }, (_, i) => addDaysToDate(today, i));
  const days = new Map(dates.map((date) => [date, { total: 0, places: new Map<string, Record<DailyTag, number>>() }]));
  // The slot's date is that of its own rendering, which is Paris time here: the day whose Paris midnights
  // bracket it (found by comparing instants, not by formatting each slot's date).
  const midnights = [...dates, addDaysToDate(today, DAILY_FILE_DAYS + 1)].map((date) => parisMidnight(date)!.getTime());
  const dayOf = (instant: number): string | undefined => {
    if (instant < midnights[0]! || instant >= midnights[midnights.length - 1]!) return undefined;
    let i = 0;
    while (instant >= midnights[i + 1]!) i += 1;
    return dates[i];
  };
  for (const centre of publishedCentres(snapshot, now, snapshot.byDepartment.get(department) ?? [])) {
    for (const slot of matchingSlots(centre, {}, now)) {
      const date = dayOf(slot.startAt);
      const day = date === undefined ? undefined : days.get(date);
      if (!day) continue;
      day.total += 1;
      const tags = getOrInsert(day.places, centre.id, () => ({
        all: 0,
        first_or_second_dose: 0,
        kids_first_dose: 0,
        third_dose: 0,
        unknown_dose: 0,
      }));
      const add = tagCounts(slot.doses);
      for (const tag of DAILY_TAGS) tags[tag] += add[tag];
    }
  }
  return {
    departement: department,
    creneaux_quotidiens: dates.map((date) => {
      const day = days.get(date)!;
      return {
        date,
        total: day.total,
        creneaux_par_lieu: [...day.places].map(([lieu, tags]) => ({
          lieu,
          creneaux_par_tag: DAILY_TAGS.map((tag) => ({ tag, creneaux: tags[tag] })),
        })),
      };
    }),
  };
}

export interface OpenDataListEntry {
  departement: string;
  plateforme: string;
  nom: string;
  url: string;
}

/**
 * Every centre that has answered a scan, reserved ones included, one entry per distinct URL, in the order
 * they were first seen.
 */
export function centresOpenData(snapshot: Snapshot): OpenDataListEntry[] {
  const seen = new Set<string>();
  const entries: OpenDataListEntry[] = [];
  const ordered = snapshot.centres
    .filter(isListed)
    .sort((a, b) => a.firstSeenAt - b.firstSeenAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const centre of ordered) {
    if (seen.has(centre.bookingUrl)) continue;
    seen.add(centre.bookingUrl);
    entries.push({
      departement: centre.department ?? '',
      plateforme: PLATFORM_LABELS[centre.platform],
      nom: centre.name,
      url: centre.bookingUrl,
    });
  }
  return entries;
}
