// AvecMonDoc response shapes (spec/platforms/avecmondoc.md §2-3).
import { z } from 'zod';

export const searchSchema = z.object({
  data: z.array(
    z.object({
      name: z.string(),
      url: z.string(),
      address: z.string().nullable().optional(),
      zipCode: z.string().nullable().optional(),
      // Sometimes the literal string "[object Object]": never trusted, the organisation call gives the city.
      city: z.string().nullable().optional(),
      country: z.string().nullable().optional(),
      businessHoursCovidCount: z.number(),
    }),
  ),
  page: z.number(),
  pages: z.number(),
  limit: z.number(),
  hasPreviousPage: z.boolean(),
  hasNextPage: z.boolean(),
  count: z.number(),
});
export type SearchPage = z.infer<typeof searchSchema>;

export const consultationReasonSchema = z.object({
  id: z.number(),
  reason: z.string(),
  code: z.string().nullable().optional(),
  type: z.string(),
  active: z.boolean().optional(),
  deleted: z.boolean().optional(),
  organizationId: z.number().optional(),
  specialityId: z.number().nullable().optional(),
  price: z.number().nullable().optional(),
  nextAction: z.string().nullable().optional(),
});
export type ConsultationReason = z.infer<typeof consultationReasonSchema>;

const daySchedulesSchema = z.object({
  enabled: z.boolean(),
  schedules: z.array(z.object({ start: z.string(), end: z.string(), dayNumber: z.number().optional() })),
});

export const organizationSchema = z.object({
  id: z.number(),
  slug: z.string(),
  name: z.string(),
  subtitle: z.string().nullable().optional(),
  status: z.string().nullable().optional(),
  address: z.string().nullable().optional(),
  zipCode: z.string().nullable().optional(),
  city: z.string().nullable().optional(),
  country: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
  timezone: z.string().optional(),
  coordinates: z.object({ lng: z.number(), lat: z.number() }).nullable().optional(),
  // Keys "0".."6", "0" being Sunday.
  schedules: z.record(z.string(), daySchedulesSchema).nullable().optional(),
  speciality: z.array(z.object({ id: z.number(), label: z.string(), professionId: z.number().nullable().optional(), isMain: z.boolean().nullable().optional() })).default([]),
  consultationReasons: z.array(consultationReasonSchema).nullable(),
  error: z.string().optional(),
});
export type Organization = z.infer<typeof organizationSchema>;

const businessHoursSchema = z.object({
  id: z.number(),
  start: z.string(),
  end: z.string(),
  title: z.string().optional(),
  extendedProps: z.record(z.string(), z.unknown()).optional(),
});

export const dayObjectSchema = z.object({
  start: z.string(),
  end: z.string(),
  slots: z.array(z.object({ start: z.string(), end: z.string(), businessHours: businessHoursSchema.nullable(), isAvailable: z.boolean() })),
});
export type DayObject = z.infer<typeof dayObjectSchema>;

export const markerSchema = z.object({
  nextAvailableBusinessHourInCurrentWeek: z.boolean(),
  nextAvailableBusinessHour: z.union([z.literal(false), z.object({ start: z.string() }).passthrough()]),
});
export type Marker = z.infer<typeof markerSchema>;

/** Day objects, possibly followed by the marker object. */
export const perDaySchema = z.array(z.union([dayObjectSchema, markerSchema]));
