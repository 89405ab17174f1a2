// The shapes of Valwin's answers (spec/platforms/valwin.md §2-3).
import { z } from 'zod';

const coordinate = z.union([z.number(), z.string()]);

export const valwinPharmacySchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  websiteUrl: z.string().min(1),
  address: z.object({ street: z.string(), zipCode: z.string(), city: z.string() }),
  /** Numbers or numeric strings, depending on the pharmacy. */
  geoTag: z.object({ latitude: coordinate, longitude: coordinate }).nullable().optional(),
  hasAvailableSlot: z.boolean().optional(),
  linkToAllSlots: z.string().optional(),
});
export type ValwinPharmacy = z.infer<typeof valwinPharmacySchema>;

/** An object keyed by arbitrary strings, not an array. */
export const valwinPharmacyMapSchema = z.record(z.string(), valwinPharmacySchema);

export const valwinTypeSchema = z.object({ id: z.string(), label: z.string(), image: z.string().optional() });

export const valwinSlotSchema = z.object({
  /** `2021-09-17T10:00:00`: Paris wall-clock time, no offset. */
  start: z.string(),
  end: z.string().optional(),
  timeDivisionId: z.string().optional(),
  meetingConfigurationId: z.string().optional(),
  /** Free text, sometimes misleading ("test antigenique "): never read. */
  title: z.string().optional(),
  types: z.array(valwinTypeSchema),
  websiteUrl: z.string().optional(),
  pharmacyName: z.string().optional(),
});
export type ValwinSlot = z.infer<typeof valwinSlotSchema>;

export const valwinSlotsSchema = z.object({
  links: z.object({
    next: z.string().nullable(),
    prev: z.string().nullable(),
    total: z.number(),
    pageSize: z.number(),
    currentPage: z.number(),
    nbPages: z.number(),
  }),
  result: z.array(valwinSlotSchema),
});

/** Valwin's refusals carry a `message`. */
export const valwinErrorSchema = z.object({ message: z.string() });
