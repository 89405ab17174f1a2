// Mesoigner response shapes (spec/platforms/mesoigner.md §2-3).
import { z } from 'zod';

/** Coordinates come as decimal strings. */
const decimal = z.union([z.string(), z.number()]).transform((value) => Number(value));

export const mesoignerCentreSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  name: z.string(),
  /** Checked by the shared guard: a missing one is a `missing-url` problem. */
  rdv_site_web: z.string().nullish(),
  center_type: z.string(),
  booking_disabled: z
    .boolean()
    .nullish()
    .transform((disabled) => disabled === true),
  phone_number: z.string().nullable().optional(),
  position: z.object({ latitude: decimal, longitude: decimal }).nullable().optional().catch(null),
  zipcode: z.string(),
  // Sic: "adress".
  adress_street: z.string().nullable().optional(),
  adress_city: z.string().nullable().optional(),
  opening_hours: z
    .array(
      z.object({ day: z.number().int().min(1).max(7), ranges: z.array(z.tuple([z.string(), z.string()])).nullable() }),
    )
    .nullable()
    .optional()
    .catch(null),
});
export type MesoignerCentre = z.infer<typeof mesoignerCentreSchema>;

/** Centres are checked one by one: one odd record must not hide all the others. */
export const centresSchema = z.array(z.unknown());

export const errorSchema = z.object({ message: z.string() });

export const slotEntrySchema = z.object({
  slot_beginning: z.string(),
  available_vaccines: z.array(z.string()),
});
export type SlotEntry = z.infer<typeof slotEntrySchema>;

/**
 * Days are single-key objects in an array; their keys are not always well-formed dates, and not needed.
 * Entries are read one by one (parse.ts).
 */
export const slotsSchema = z.object({
  slots: z.array(z.unknown()),
});

export const mesoignerScanDataSchema = z.object({ gid: z.string().min(1), bookingDisabled: z.boolean() });
export type MesoignerScanData = z.infer<typeof mesoignerScanDataSchema>;
export type SlotsAnswer = z.infer<typeof slotsSchema>;
