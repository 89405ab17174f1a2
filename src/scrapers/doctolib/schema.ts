// The shapes of Doctolib's answers (spec/platforms/doctolib.md §2.1, §2.2, §3.2): only the fields the
// scraper reads are declared; anything else the platform sends is ignored rather than refused.
import { z } from 'zod';

export const listedDoctorSchema = z.looseObject({
  link: z.string().min(1),
  name_with_title: z.string(),
  /** Missing on some entries: only an explicit `false` means "nearby" (spec §2.1). */
  exact_match: z.boolean().nullish(),
});
export type ListedDoctor = z.infer<typeof listedDoctorSchema>;

/** Doctors are read one by one (listedDoctorSchema): one odd entry never costs the page. */
export const departmentPageSchema = z.looseObject({
  data: z.looseObject({ doctors: z.array(z.unknown()) }),
});
export type DepartmentPage = z.infer<typeof departmentPageSchema>;

export const visitMotiveSchema = z.looseObject({
  id: z.number(),
  ref_visit_motive_id: z.number().nullish(),
  name: z
    .string()
    .nullish()
    .transform((name) => name ?? ''),
  visit_motive_category_id: z.number().nullish(),
  allow_new_patients: z.boolean().nullish(),
});
export type VisitMotive = z.infer<typeof visitMotiveSchema>;

export const agendaSchema = z.looseObject({
  id: z.number(),
  practice_id: z.number().nullish(),
  booking_disabled: z
    .boolean()
    .nullish()
    .transform((disabled) => disabled === true),
  visit_motive_ids_by_practice_id: z
    .record(z.string(), z.array(z.number()))
    .nullish()
    .transform((ids) => ids ?? {}),
});
export type Agenda = z.infer<typeof agendaSchema>;

export const openingHoursSchema = z.array(
  z.looseObject({
    day: z.number().int().min(0).max(6),
    enabled: z.boolean().nullish(),
    ranges: z.array(z.tuple([z.string(), z.string()])).nullish(),
  }),
);
export type OpeningHours = z.infer<typeof openingHoursSchema>;

export const placeSchema = z.looseObject({
  id: z.string(),
  practice_ids: z
    .array(z.number())
    .nullish()
    .transform((ids) => ids ?? []),
  name: z.string().nullish(),
  full_address: z
    .string()
    .nullish()
    .transform((address) => address ?? ''),
  city: z.string().nullish(),
  zipcode: z.string().nullish(),
  latitude: z.number().nullish(),
  longitude: z.number().nullish(),
  landline_number: z.string().nullish(),
  phone_number: z.string().nullish(),
  opening_hours: openingHoursSchema.nullish().catch(null),
});
export type Place = z.infer<typeof placeSchema>;

/** What the scan needs of a booking: kept in the centre's scan data, as the centre list keeps `booking`. */
export const scanBookingSchema = z.object({
  visit_motive_categories: z.array(z.object({ id: z.number(), name: z.string() })).nullish(),
  visit_motives: z.array(visitMotiveSchema),
  agendas: z.array(agendaSchema),
  places: z.array(placeSchema.pick({ id: true, practice_ids: true, full_address: true })),
});
export type ScanBooking = z.infer<typeof scanBookingSchema>;

/** The booking as it comes: its lists are read item by item (parse.ts readBooking). */
export const bookingSchema = z.looseObject({
  data: z.looseObject({
    profile: z.looseObject({
      id: z.union([z.number(), z.string().regex(/^\d+$/)]),
      speciality: z.looseObject({ slug: z.string().nullish() }).nullish().catch(null),
    }),
    visit_motive_categories: z.array(z.unknown()).nullish(),
    visit_motives: z.array(z.unknown()).nullish(),
    agendas: z.array(z.unknown()).nullish(),
    places: z.array(z.unknown()).nullish(),
  }),
});
export type RawBooking = z.infer<typeof bookingSchema>['data'];

export const motiveCategorySchema = z.looseObject({ id: z.number(), name: z.string() });

/** A booking whose every item was read: what the parsers work on. */
export interface Booking {
  readonly profile: {
    readonly id: number | string;
    readonly speciality?: { readonly slug?: string | null | undefined } | null | undefined;
  };
  readonly visit_motive_categories: { id: number; name: string }[] | null;
  readonly visit_motives: VisitMotive[];
  readonly agendas: Agenda[];
  readonly places: Place[];
}

export const slotItemSchema = z.union([z.string(), z.looseObject({ start_date: z.string() })]);
export type SlotItem = z.infer<typeof slotItemSchema>;

export const availabilitiesSchema = z.looseObject({
  // `slots` is always there (spec §3), empty or not: an answer without it is not one to read as "no slot".
  // Its items are read one by one (parse.ts).
  availabilities: z.array(z.looseObject({ slots: z.array(z.unknown()) })),
  next_slot: z.string().nullish(),
});
export type Availabilities = z.infer<typeof availabilitiesSchema>;

/** A centre's `scanData`: where its booking lives, which place it is, and the booking itself. */
export const scanDataSchema = z.object({
  bookingSlug: z.string().min(1),
  /** Digits of the centre URL's `pid`; null when the URL had none. */
  practiceId: z.number().nullable(),
  address: z.string(),
  booking: scanBookingSchema.nullable(),
});
export type DoctolibScanData = z.infer<typeof scanDataSchema>;
