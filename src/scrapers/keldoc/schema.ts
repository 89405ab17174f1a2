// Keldoc response shapes (spec/platforms/keldoc.md). Only what the adapter reads is required; the rest of
// each object passes through untouched so that additions on Keldoc's side do not break the scrape.
import { z } from 'zod';

export const geoCentreSchema = z.object({
  id: z.number(),
  type: z.string().optional(),
  title: z.string(),
  url: z.string(),
  specialty_ids: z.array(z.number()),
  cabinet: z.object({ street: z.string().nullish(), zipcode: z.string(), city: z.string(), location: z.string().nullish() }),
  coordinates: z.string().nullish(),
});
export type GeoCentre = z.infer<typeof geoCentreSchema>;

export const geoSearchSchema = z.object({
  options: z.object({ next_page: z.boolean().nullish() }).passthrough().optional(),
  results: z.record(z.string(), z.object({ data: z.array(z.unknown()) }).passthrough()).optional(),
});
export type GeoSearch = z.infer<typeof geoSearchSchema>;

export const cabinetDetailsSchema = z.object({ phone_number: z.string().nullish() }).passthrough();

export const resourceSchema = z.object({
  id: z.number(),
  cabinets: z.array(z.object({ id: z.number() }).passthrough()).optional(),
});

export const motiveCategoriesSchema = z.array(
  z.object({
    name: z.string(),
    motives: z.array(
      z.object({
        id: z.number(),
        name: z.string(),
        agendas: z.array(z.object({ id: z.number(), hidden: z.boolean().optional() }).passthrough()),
      }).passthrough(),
    ),
  }).passthrough(),
);
export type MotiveCategories = z.infer<typeof motiveCategoriesSchema>;

export const timetableSlotSchema = z.object({ start_time: z.string().optional(), end_time: z.string().optional(), agenda_id: z.number().optional() }).passthrough();

/** All four answer shapes in one object: which keys are present tells them apart (parse.ts). */
export const timetableSchema = z.object({
  availabilities: z.record(z.string(), z.array(timetableSlotSchema)).optional(),
  date: z.string().optional(),
  text: z.string().optional(),
  num: z.string().optional(),
  phone_number: z.string().optional(),
}).passthrough();
export type Timetable = z.infer<typeof timetableSchema>;

/** What discovery keeps for the scan: the vaccination-relevant facts of the centre's motive categories. */
export const keldocScanDataSchema = z.object({
  motives: z.array(z.object({ id: z.number(), name: z.string(), category: z.string(), agendaIds: z.array(z.number()) })),
});
export type KeldocScanData = z.infer<typeof keldocScanDataSchema>;
