// The shapes of Bimedoc's answers (spec/platforms/bimedoc.md §3). Fields the adapter does not need are
// optional so that a pharmacy missing, say, its phone number is still read.
import { z } from 'zod';

export const bimedocSlotSchema = z.object({
  vaccine_name: z.string(),
  /** `2021-08-11T08:15:00Z`: UTC with `Z`. */
  datetime: z.string(),
});
export type BimedocSlot = z.infer<typeof bimedocSlotSchema>;

export const bimedocPharmacySchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  /** `[longitude, latitude]`. */
  coordinates: z.tuple([z.number(), z.number()]).nullable().optional(),
  building_number: z.string().nullable().optional(),
  street: z.string().nullable().optional(),
  city: z.string().nullable().optional(),
  postcode: z.string().nullable().optional(),
  phone_number: z.string().nullable().optional(),
  vaccine_names: z.array(z.string()).optional(),
  slots: z.array(bimedocSlotSchema).optional(),
});
export type BimedocPharmacy = z.infer<typeof bimedocPharmacySchema>;

/** The list call: only the ids are read (the details call gives the rest). */
export const bimedocPharmacyListSchema = z.array(z.object({ id: z.string().min(1) }));

/** The scan reads only the slots; an empty answer is `{"slots": []}`. */
export const bimedocAvailabilitySchema = z.object({ slots: z.array(bimedocSlotSchema).optional() });
