// Mapharma response shapes (spec/platforms/mapharma.md §2.1 and §3).
import { z } from 'zod';

export const campaignSchema = z.looseObject({
  id_campagne: z.number().int(),
  id_type: z.number().int(),
  nom: z.string(),
  /** Unknown (null) counts as "some free": the calendar then tells. */
  total_libres: z.number().nullish(),
  url: z.string().nullish(),
  // Present in later data only; authoritative when present.
  vaccination_covid: z.boolean().nullish(),
});
export type Campaign = z.infer<typeof campaignSchema>;

export const pharmacySchema = z.object({
  nom: z.string(),
  adresse: z.string().nullish(),
  code_postal: z.string().min(1),
  ville: z.string().nullish(),
  latitude: z.number().nullish().catch(null),
  longitude: z.number().nullish().catch(null),
  telephone: z.string().nullish(),
  horaires: z.string().nullish(),
  /** Campaigns are read one by one (parse.ts): one odd campaign does not cost the pharmacy. */
  campagnes: z.array(z.unknown()).nullish(),
});
type RawPharmacy = z.infer<typeof pharmacySchema>;
export type Pharmacy = Omit<RawPharmacy, 'campagnes'> & { readonly campagnes: Campaign[] };

/** Pharmacies are checked one by one: one broken record must not hide all the others. */
export const openDataSchema = z.array(z.unknown());

/** The published copy wraps the same array. */
export const openDataCopySchema = z.object({ artifact_date: z.string(), data: z.array(z.unknown()) });

export const calendarEntrySchema = z.looseObject({
  id: z.number(),
  time: z.string().regex(/^\d{2}:\d{2}(:\d{2})?$/),
  places_dispo: z.number().int().nonnegative(),
});
export type CalendarEntry = z.infer<typeof calendarEntrySchema>;

/** Day keys mixed with `first`/`first_text` metadata: only an object at this level, days are checked one by one. */
export const calendarSchema = z.record(z.string(), z.unknown());
/** A day's entries, read one by one. */
export const calendarDaySchema = z.array(z.unknown());

export const mapharmaScanDataSchema = z.object({ campaignId: z.number(), optionId: z.number() });
export type MapharmaScanData = z.infer<typeof mapharmaScanDataSchema>;
