// AvecMonDoc response shapes (spec/platforms/avecmondoc.md §2-3). Only the fields read are declared; lists
// are read item by item so that one odd entry never costs the page (parse.ts).
import { z } from 'zod';

export const searchEntrySchema = z.looseObject({
  name: z.string().nullish(),
  url: z.string(),
  zipCode: z.string().nullish(),
  businessHoursCovidCount: z.number().nullish(),
});
export type SearchEntry = z.infer<typeof searchEntrySchema>;

export const searchSchema = z.looseObject({ data: z.array(z.unknown()), hasNextPage: z.boolean().nullish() });

export const consultationReasonSchema = z.looseObject({
  id: z.number(),
  reason: z.string(),
  type: z.string().nullish(),
  active: z.boolean().nullish(),
  deleted: z.boolean().nullish(),
});
export type ConsultationReason = z.infer<typeof consultationReasonSchema>;

const daySchedulesSchema = z.looseObject({
  enabled: z.boolean().nullish(),
  schedules: z.array(z.looseObject({ start: z.string(), end: z.string() })).nullish(),
});

export const organizationSchema = z.looseObject({
  id: z.number(),
  slug: z.string(),
  name: z.string(),
  address: z.string().nullish(),
  zipCode: z.string().nullish(),
  city: z.string().nullish(),
  phone: z.string().nullish(),
  coordinates: z.looseObject({ lng: z.number(), lat: z.number() }).nullish(),
  // Keys "0".."6", "0" being Sunday.
  schedules: z.record(z.string(), daySchedulesSchema.nullish()).nullish(),
  speciality: z
    .array(z.looseObject({ id: z.number().nullish(), label: z.string().nullish(), professionId: z.number().nullish() }))
    .nullish(),
  /** Read one by one (consultationReasonSchema). */
  consultationReasons: z.array(z.unknown()).nullish(),
});
export type Organization = z.infer<typeof organizationSchema>;

/** One entry of a day: only available ones are read; unavailable ones carry nulls everywhere (spec §3.2). */
export const availableSlotSchema = z.looseObject({
  isAvailable: z.literal(true),
  businessHours: z.looseObject({ id: z.number(), start: z.string() }),
});

export const dayObjectSchema = z.looseObject({ slots: z.array(z.unknown()) });

export const markerSchema = z.looseObject({
  nextAvailableBusinessHourInCurrentWeek: z.boolean().nullish(),
  nextAvailableBusinessHour: z.union([z.literal(false), z.null(), z.looseObject({ start: z.string() })]).optional(),
});
export type Marker = z.infer<typeof markerSchema>;

/** Day objects, possibly followed by the marker object: read item by item (parse.ts). */
export const perDaySchema = z.array(z.unknown());

export const avecMonDocScanDataSchema = z.object({ organizationId: z.number(), slug: z.string().min(1) });
export type AvecMonDocScanData = z.infer<typeof avecMonDocScanDataSchema>;
