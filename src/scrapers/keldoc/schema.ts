// Keldoc response shapes (spec/platforms/keldoc.md). Only what the adapter reads is required; the rest of
// each object passes through untouched so that additions on Keldoc's side do not break the scrape.
import { z } from 'zod';

export const geoCentreSchema = z.looseObject({
  id: z.number(),
  title: z.string(),
  url: z.string(),
  specialty_ids: z.array(z.number()),
  cabinet: z.looseObject({
    street: z.string().nullish(),
    zipcode: z.string().nullish(),
    city: z.string().nullish(),
    location: z.string().nullish(),
  }),
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

/** Categories and their motives are read one by one (parse.ts scanDataFromCategories). */
export const motiveCategoriesSchema = z.array(z.unknown());
export const motiveCategorySchema = z.looseObject({
  name: z.string().nullish(),
  motives: z.array(z.unknown()).nullish(),
});
export const motiveSchema = z.looseObject({
  id: z.number(),
  name: z.string(),
  agendas: z.array(z.looseObject({ id: z.number() })).nullish(),
});

/** A timetable entry: real answers hold `{"agenda_id": null}` with no start time (spec §3); only the start is read. */
export const timetableSlotSchema = z.looseObject({ start_time: z.string().nullish() });

/** All four answer shapes in one object: which keys are present tells them apart (parse.ts). */
export const timetableSchema = z.looseObject({
  availabilities: z.record(z.string(), z.array(z.unknown()).nullish()).nullish(),
  date: z.string().nullish(),
  num: z.string().nullish(),
  phone_number: z.string().nullish(),
});
export type Timetable = z.infer<typeof timetableSchema>;

/** What discovery keeps for the scan: the vaccination-relevant facts of the centre's motive categories. */
export const keldocScanDataSchema = z.object({
  motives: z.array(
    z.object({ id: z.number(), name: z.string(), category: z.string(), agendaIds: z.array(z.number()) }),
  ),
});
export type KeldocScanData = z.infer<typeof keldocScanDataSchema>;
