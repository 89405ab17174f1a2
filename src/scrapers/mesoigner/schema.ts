// Mesoigner response shapes (spec/platforms/mesoigner.md §2-3).
import { z } from 'zod';

/** Coordinates come as decimal strings. */
const decimal = z.union([z.string(), z.number()]).transform((value) => Number(value));

export const mesoignerCentreSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  name: z.string(),
  rdv_site_web: z.string(),
  platform_is: z.string(),
  center_type: z.string(),
  booking_disabled: z.boolean().default(false),
  phone_number: z.string().nullable().optional(),
  position: z.object({ latitude: decimal, longitude: decimal }).nullable().optional(),
  zipcode: z.string(),
  // Sic: "adress".
  adress_street: z.string().nullable().optional(),
  adress_city: z.string().nullable().optional(),
  opening_hours: z
    .array(z.object({ day: z.number().int().min(1).max(7), ranges: z.array(z.tuple([z.string(), z.string()])).nullable() }))
    .nullable()
    .optional(),
});
export type MesoignerCentre = z.infer<typeof mesoignerCentreSchema>;

/** Centres are checked one by one: one odd record must not hide all the others. */
export const centresSchema = z.array(z.unknown());

export const errorSchema = z.object({ message: z.string() });

export const slotEntrySchema = z.object({
  slot_beginning: z.string(),
  available_vaccines: z.array(z.string()),
  number_of_slots: z.number().optional(),
});
export type SlotEntry = z.infer<typeof slotEntrySchema>;

/** Days are single-key objects in an array; their keys are not always well-formed dates, and not needed. */
export const slotsSchema = z.object({
  total: z.number(),
  slots: z.array(z.record(z.string(), z.array(slotEntrySchema))),
});
export type SlotsAnswer = z.infer<typeof slotsSchema>;
