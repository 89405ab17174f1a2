// The shapes of Valwin's answers (spec/platforms/valwin.md §2-3).
import { z } from 'zod';

const coordinate = z.union([z.number(), z.string()]);

export const valwinPharmacySchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  /** Checked by the shared guard: a missing one is a `missing-url` problem. */
  websiteUrl: z.string().nullish(),
  address: z
    .object({ street: z.string().nullish(), zipCode: z.string().nullish(), city: z.string().nullish() })
    .nullish(),
  /** Numbers or numeric strings, depending on the pharmacy. */
  geoTag: z.object({ latitude: coordinate, longitude: coordinate }).nullish().catch(null),
});
export type ValwinPharmacy = z.infer<typeof valwinPharmacySchema>;

/** An object keyed by arbitrary strings, not an array; pharmacies are read one by one (parse.ts). */
export const valwinPharmacyMapSchema = z.record(z.string(), z.unknown());

export const valwinTypeSchema = z.object({ id: z.string(), label: z.string() });

export const valwinSlotSchema = z.object({
  /** `2021-09-17T10:00:00`: Paris wall-clock time, no offset. */
  start: z.string(),
  /** `title` is free text, sometimes misleading ("test antigenique "): never read. */
  types: z.array(valwinTypeSchema).min(1),
  websiteUrl: z.string().nullish(),
});
export type ValwinSlot = z.infer<typeof valwinSlotSchema>;

/** Entries are read one by one (valwinSlotSchema); `links` is not needed (one page holds every slot). */
export const valwinSlotsSchema = z.object({ result: z.array(z.unknown()) });

export const valwinScanDataSchema = z.object({ pharmacyId: z.string().min(1), websiteUrl: z.string() });
export type ValwinScanData = z.infer<typeof valwinScanDataSchema>;

/** Valwin's refusals carry a `message`. */
export const valwinErrorSchema = z.object({ message: z.string() });
