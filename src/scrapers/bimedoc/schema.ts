// The shapes of Bimedoc's answers (spec/platforms/bimedoc.md §3). Only what the adapter reads is declared,
// lists are read item by item, and fields the spec says can be null are nullish.
import { z } from 'zod';

export const bimedocSlotSchema = z.looseObject({
  vaccine_name: z.string(),
  /** `2021-08-11T08:15:00Z`: UTC with `Z`. */
  datetime: z.string(),
});
export type BimedocSlot = z.infer<typeof bimedocSlotSchema>;

export const bimedocPharmacySchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  /** `[longitude, latitude]`. */
  coordinates: z.tuple([z.number(), z.number()]).nullish().catch(null),
  street: z.string().nullish(),
  city: z.string().nullish(),
  postcode: z.string().nullish(),
  phone_number: z.string().nullish(),
});
export type BimedocPharmacy = z.infer<typeof bimedocPharmacySchema>;

/** The list call: only the ids are read (the details call gives the rest), entry by entry. */
export const bimedocPharmacyListSchema = z.array(z.unknown());
export const bimedocListEntrySchema = z.looseObject({ id: z.string().min(1) });

/**
 * The scan reads only the slots, one by one; an empty answer is `{"slots": []}` (or an empty body, read
 * before this). An object without `slots` is not an empty answer but one we cannot read: `slots` is required.
 */
export const bimedocAvailabilitySchema = z.looseObject({ slots: z.array(z.unknown()) });

export const bimedocScanDataSchema = z.object({ uuid: z.string().min(1) });
export type BimedocScanData = z.infer<typeof bimedocScanDataSchema>;
