// The shapes of Doctolib's answers (spec/platforms/doctolib.md §2.1, §2.2, §3.2): only the fields the
// scraper reads are declared; anything else the platform sends is ignored rather than refused.
import { z } from 'zod';

export const listedDoctorSchema = z.object({
  link: z.string().min(1),
  name_with_title: z.string(),
  address: z.string().nullish(),
  city: z.string().nullish(),
  zipcode: z.string().nullish(),
  position: z.object({ lat: z.number(), lng: z.number() }).nullish(),
  place_id: z.number().nullish(),
  exact_match: z.boolean(),
});
export type ListedDoctor = z.infer<typeof listedDoctorSchema>;

export const departmentPageSchema = z.object({
  data: z.object({ doctors: z.array(listedDoctorSchema) }),
});
export type DepartmentPage = z.infer<typeof departmentPageSchema>;

export const visitMotiveSchema = z.object({
  id: z.number(),
  ref_visit_motive_id: z.number().nullish(),
  name: z.string().default(''),
  visit_motive_category_id: z.number().nullish(),
  allow_new_patients: z.boolean().nullish(),
});
export type VisitMotive = z.infer<typeof visitMotiveSchema>;

export const agendaSchema = z.object({
  id: z.number(),
  practice_id: z.number().nullish(),
  booking_disabled: z.boolean(),
  visit_motive_ids_by_practice_id: z.record(z.string(), z.array(z.number())),
});
export type Agenda = z.infer<typeof agendaSchema>;

export const openingHoursSchema = z.array(
  z.object({
    day: z.number().int().min(0).max(6),
    enabled: z.boolean(),
    ranges: z.array(z.tuple([z.string(), z.string()])),
  }),
);
export type OpeningHours = z.infer<typeof openingHoursSchema>;

export const placeSchema = z.object({
  id: z.string(),
  practice_ids: z.array(z.number()).default([]),
  name: z.string().nullish(),
  full_address: z.string(),
  city: z.string(),
  zipcode: z.string(),
  latitude: z.number().nullish(),
  longitude: z.number().nullish(),
  landline_number: z.string().nullish(),
  phone_number: z.string().nullish(),
  opening_hours: openingHoursSchema.nullish(),
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

export const bookingSchema = z.object({
  data: z.object({
    profile: z.object({
      id: z.union([z.number(), z.string().regex(/^\d+$/)]),
      name_with_title: z.string().nullish(),
      speciality: z.object({ slug: z.string() }).nullish(),
    }),
    visit_motive_categories: scanBookingSchema.shape.visit_motive_categories,
    visit_motives: z.array(visitMotiveSchema),
    agendas: z.array(agendaSchema),
    places: z.array(placeSchema),
  }),
});
export type Booking = z.infer<typeof bookingSchema>['data'];

const slotItemSchema = z.union([z.string(), z.looseObject({ start_date: z.string() })]);
export type SlotItem = z.infer<typeof slotItemSchema>;

export const availabilitiesSchema = z.object({
  availabilities: z.array(z.object({ date: z.string().nullish(), slots: z.array(slotItemSchema).default([]) })),
  total: z.number().nullish(),
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
