// Maiia response shapes (spec/platforms/maiia.md). Items are checked one by one so one odd item does not
// hide a whole page.
import { z } from 'zod';

export const pageSchema = z.looseObject({ items: z.array(z.unknown()) });

const weekDaySchema = z.looseObject({
  schedules: z.array(z.looseObject({ startTime: z.string(), endTime: z.string() })).nullish(),
});

/** Validated only once selected as a centre (`type: "CENTER"`): practitioners may lack every field. */
export const hcdItemSchema = z.looseObject({
  type: z.literal('CENTER'),
  center: z
    .looseObject({
      id: z.string(),
      name: z.string(),
      /** Checked by the adapter: a centre without one is a `missing-url` problem. */
      url: z.string().nullish(),
      childCenters: z.array(z.unknown()).nullish(),
      publicInformation: z
        .object({
          address: z
            .object({
              fullAddress: z.string().nullish(),
              zipCode: z.string().nullish(),
              city: z.string().nullish(),
              inseeCode: z.string().nullish(),
              location: z
                .looseObject({ coordinates: z.tuple([z.number(), z.number()]) })
                .nullish()
                .catch(null),
              locality: z
                .looseObject({ location: z.looseObject({ x: z.number(), y: z.number() }) })
                .nullish()
                .catch(null),
            })
            .passthrough()
            .nullish(),
          officeInformation: z
            .object({
              phoneNumber: z.string().nullish(),
              openingSchedules: z.record(z.string(), weekDaySchema.nullish()).nullish().catch(null),
            })
            .passthrough()
            .nullish(),
        })
        .passthrough()
        .nullish(),
    })
    .passthrough(),
  consultationReasons: z
    .array(z.looseObject({ name: z.string().nullish() }))
    .nullish()
    .catch(null),
});
export type HcdItem = z.infer<typeof hcdItemSchema>;

/** `injectionType` may be missing (not a vaccination), null (guess from the name) or a value. */
export const reasonSchema = z.looseObject({
  name: z.string(),
  injectionType: z.string().nullish(),
});
export type Reason = z.infer<typeof reasonSchema>;

export const availabilitySchema = z.looseObject({ startDateTime: z.string() });

export const closestSchema = z.looseObject({ firstPhysicalStartDateTime: z.string().nullish() });

export const maiiaScanDataSchema = z.object({ centerId: z.string() });
export type MaiiaScanData = z.infer<typeof maiiaScanDataSchema>;
