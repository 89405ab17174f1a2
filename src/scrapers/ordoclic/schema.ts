// Ordoclic response shapes (spec/platforms/ordoclic.md).
import { z } from 'zod';

export const searchItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  phone: z.string().nullish(),
  location: z.object({
    address: z.string().nullish(),
    zip: z.string(),
    city: z.string().nullish(),
    coordinates: z.object({ lon: z.number(), lat: z.number() }).nullish(),
  }).passthrough(),
  publicProfile: z.object({ slug: z.string() }).passthrough(),
}).passthrough();
export type SearchItem = z.infer<typeof searchItemSchema>;

export const searchSchema = z.object({ items: z.array(z.unknown()) }).passthrough();

export const profileSchema = z.object({
  entityId: z.string(),
  publicProfessionals: z.array(z.object({ id: z.string() }).passthrough()),
  attributeValues: z.array(z.object({ label: z.string(), value: z.unknown() }).passthrough()).default([]),
}).passthrough();
export type Profile = z.infer<typeof profileSchema>;

export const reasonsSchema = z.object({
  reasons: z.array(z.object({
    id: z.string(),
    name: z.string(),
    canBookOnline: z.boolean().optional(),
    vaccineInjectionDose: z.number().nullish(),
  }).passthrough()),
}).passthrough();
export type Reasons = z.infer<typeof reasonsSchema>;

export const slotsSchema = z.object({
  nextAvailableSlotDate: z.string().nullish(),
  slots: z.array(z.object({ timeStart: z.string(), timeStartUtcOffset: z.number().optional() }).passthrough()),
}).passthrough();
export type Slots = z.infer<typeof slotsSchema>;

export const ordoclicScanDataSchema = z.object({ slug: z.string(), profileKind: z.enum(['entity', 'professional']) });
export type OrdoclicScanData = z.infer<typeof ordoclicScanDataSchema>;
