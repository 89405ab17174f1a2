// Mapharma response shapes (spec/platforms/mapharma.md §2.1 and §3).
import { z } from 'zod';

export const campaignSchema = z.object({
  id_campagne: z.number().int(),
  id_type: z.number().int(),
  nom: z.string(),
  debut: z.string().nullable().optional(),
  fin: z.string().nullable().optional(),
  prochain_libre: z.string().nullable().optional(),
  total_libres: z.number(),
  url: z.string().nullable().optional(),
  // Present in later data only; authoritative when present.
  vaccination_covid: z.boolean().optional(),
  libres_details: z.array(z.object({ debut: z.string(), fin: z.string(), libres: z.number() })).optional(),
});
export type Campaign = z.infer<typeof campaignSchema>;

export const pharmacySchema = z.object({
  nom: z.string(),
  adresse: z.string(),
  code_postal: z.string().min(1),
  ville: z.string(),
  timezone: z.string().optional(),
  latitude: z.number().nullable().optional(),
  longitude: z.number().nullable().optional(),
  telephone: z.string().nullable().optional(),
  horaires: z.string().nullable().optional(),
  url: z.string(),
  campagnes: z.array(campaignSchema),
});
export type Pharmacy = z.infer<typeof pharmacySchema>;

/** Pharmacies are checked one by one: one broken record must not hide all the others. */
export const openDataSchema = z.array(z.unknown());

/** The published copy wraps the same array. */
export const openDataCopySchema = z.object({ artifact_date: z.string(), data: z.array(z.unknown()) });

export const calendarEntrySchema = z.object({
  id: z.number(),
  time: z.string().regex(/^\d{2}:\d{2}(:\d{2})?$/),
  textDay: z.string().optional(),
  places_dispo: z.number().int().nonnegative(),
});
export type CalendarEntry = z.infer<typeof calendarEntrySchema>;

/** Day keys mixed with `first`/`first_text` metadata: only an object at this level, days are checked one by one. */
export const calendarSchema = z.record(z.string(), z.unknown());
export const calendarDaySchema = z.array(calendarEntrySchema);
