// Ordoclic response shapes (spec/platforms/ordoclic.md).
import { z } from 'zod';

export const searchItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  phone: z.string().nullish(),
  location: z.object({
    address: z.string().nullish(),
    zip: z.string().nullish(),
    city: z.string().nullish(),
    coordinates: z.object({ lon: z.number(), lat: z.number() }).nullish().catch(null),
  }),
  publicProfile: z.object({ slug: z.string().min(1) }),
});
export type SearchItem = z.infer<typeof searchItemSchema>;

export const searchSchema = z.object({ items: z.array(z.unknown()) }).passthrough();

export const profileSchema = z.object({
  entityId: z.string(),
  publicProfessionals: z.array(z.unknown()).nullish(),
  attributeValues: z.array(z.unknown()).nullish(),
});
export const professionalSchema = z.object({ id: z.string() });
export const attributeSchema = z.object({ label: z.string(), value: z.unknown() });
export type Profile = z.infer<typeof profileSchema>;

/** Reasons are read one by one (reasonSchema). */
export const reasonsSchema = z.object({ reasons: z.array(z.unknown()) });
export type Reasons = z.infer<typeof reasonsSchema>;
export const reasonSchema = z.object({
  id: z.string(),
  name: z.string(),
  canBookOnline: z.boolean().nullish(),
  vaccineInjectionDose: z.number().nullish(),
});
export type Reason = z.infer<typeof reasonSchema>;

/** Slots are read one by one (slotSchema). */
export const slotsSchema = z.object({
  nextAvailableSlotDate: z.string().nullish(),
  slots: z.array(z.unknown()),
});
export const slotSchema = z.object({ timeStart: z.string() });
export type Slots = z.infer<typeof slotsSchema>;

export const ordoclicScanDataSchema = z.object({ slug: z.string(), profileKind: z.enum(['entity', 'professional']) });
export type OrdoclicScanData = z.infer<typeof ordoclicScanDataSchema>;
