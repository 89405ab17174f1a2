// Maiia response shapes (spec/platforms/maiia.md). Items are checked one by one so one odd item does not
// hide a whole page.
import { z } from 'zod';

export const pageSchema = z.object({ items: z.array(z.unknown()), total: z.number().optional() }).passthrough();

const weekDaySchema = z.object({ schedules: z.array(z.object({ startTime: z.string(), endTime: z.string() }).passthrough()), isActive: z.boolean().optional() }).passthrough();

export const hcdItemSchema = z.object({
  id: z.string(),
  type: z.string(),
  url: z.string().optional(),
  center: z.object({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    childCenters: z.array(z.unknown()).nullish(),
    speciality: z.object({ shortName: z.string() }).passthrough().optional(),
    publicInformation: z.object({
      address: z.object({
        fullAddress: z.string().nullish(),
        zipCode: z.string().nullish(),
        city: z.string().nullish(),
        inseeCode: z.string().nullish(),
        location: z.object({ coordinates: z.tuple([z.number(), z.number()]) }).passthrough().nullish(),
        locality: z.object({ location: z.object({ x: z.number(), y: z.number() }) }).passthrough().nullish(),
      }).passthrough().nullish(),
      officeInformation: z.object({
        phoneNumber: z.string().nullish(),
        openingSchedules: z.record(z.string(), weekDaySchema).nullish(),
      }).passthrough().nullish(),
    }).passthrough().nullish(),
  }).passthrough(),
  consultationReasons: z.array(z.object({ name: z.string() }).passthrough()).nullish(),
}).passthrough();
export type HcdItem = z.infer<typeof hcdItemSchema>;

/** `injectionType` may be missing (not a vaccination), null (guess from the name) or a value. */
export const reasonSchema = z.object({
  id: z.string(),
  name: z.string(),
  injectionType: z.string().nullish(),
}).passthrough();
export type Reason = z.infer<typeof reasonSchema>;

export const availabilitySchema = z.object({ startDateTime: z.string() }).passthrough();

export const closestSchema = z.object({ availabilityCount: z.number().optional(), firstPhysicalStartDateTime: z.string().nullish() }).passthrough();

export const maiiaScanDataSchema = z.object({ centerId: z.string() });
export type MaiiaScanData = z.infer<typeof maiiaScanDataSchema>;
