// Every answer body as a zod schema: the one description of what the API serves. The OpenAPI document's
// components are generated from these (components.ts), and a test parses real answers with them. Objects are
// strict, so a field added to an answer without being described here fails that test.
import { z } from 'zod';
import { DAILY_TAGS } from '../../aggregator/open-data/slots.js';
import { CENTRE_HISTORY_COLUMNS, DAILY_COLUMNS } from '../../aggregator/read/slot-history-view.js';
import { DOSE_KEYS } from '../../aggregator/read/stats.js';
import { CENTRE_KINDS, PLATFORM_LABELS, PLATFORMS, VACCINES } from '../../domain.js';

const int = z.int().min(0);
const dateTime = z.iso.datetime({ offset: true });
const date = z.iso.date();
const keysOf = <T>(keys: readonly string[], value: T) =>
  Object.fromEntries(keys.map((key) => [key, value])) as Record<string, T>;

export const Vaccine = z.enum(VACCINES);
export const Dose = z.literal([1, 2, 3, '1_kid']).describe("First, second, booster dose, or a child's first dose.");
export const Platform = z.enum(PLATFORMS);
const kind = z.enum(CENTRE_KINDS);

export const ErrorAnswer = z
  .strictObject({ error: z.strictObject({ code: z.string().regex(/^[a-z_]+$/), message: z.string() }) })
  .describe('Every error: a stable code and a human message.');
export const Health = z.strictObject({ status: z.literal('ok') });

const location = z.strictObject({ latitude: z.number(), longitude: z.number() }).nullable();
const slotBrief = z.strictObject({ start: dateTime, vaccine: Vaccine, doses: z.array(Dose) });
const businessHours = z.record(z.string(), z.string().nullable()).nullable();

/** Who and where a centre is: the fields every answer that shows a centre has (views.ts, centreIdentity). */
const centreIdentity = {
  id: z.string(),
  name: z.string(),
  platform: Platform,
  kind,
  department: z.string().nullable(),
  booking_url: z.string(),
  address: z.string(),
  postal_code: z.string().nullable(),
  city: z.string().nullable(),
  location,
};

export const DepartmentOverview = z.strictObject({
  code: z.string(),
  name: z.string(),
  center_count: int,
  centers_with_slots: int,
  soonest_slot: dateTime.nullable(),
});
export const Departments = z.strictObject({ departments: z.array(DepartmentOverview) });

export const CenterSummary = z.strictObject({
  ...centreIdentity,
  phone: z.string().nullable(),
  soonest_slot: dateTime.nullable(),
  slot_count: int,
  next_slots: z.array(slotBrief).max(5),
  vaccines: z.array(Vaccine),
  days: z
    .array(z.strictObject({ date, slot_count: int }))
    .describe('Slot counts per Paris calendar day, for the days with slots.'),
  last_checked_at: dateTime.nullable(),
  last_success_at: dateTime.nullable(),
  stale: z
    .boolean()
    .describe('No scan succeeded within the freshness limit: its slots are not offered unless include_stale=true.'),
  distance_km: z
    .number()
    .min(0)
    .optional()
    .describe('Present when lat and lon were given and the centre has coordinates.'),
  sources: z
    .array(
      z.strictObject({
        platform: Platform,
        center_id: z.string(),
        booking_url: z.string(),
        soonest_slot: dateTime.nullable(),
        slot_count: int,
        stale: z.boolean(),
      }),
    )
    .min(1)
    .describe('Every listing of this place (one entry per place, however many platforms list it), its own first.'),
});
export const DepartmentCenters = z.strictObject({
  department: z.strictObject({ code: z.string(), name: z.string() }),
  centers: z.array(CenterSummary),
});

export const SlotHit = z.strictObject({
  start: dateTime,
  vaccine: Vaccine,
  doses: z.array(Dose),
  center: z.strictObject({ ...centreIdentity, stale: z.boolean() }),
  distance_km: z.number().min(0).optional(),
});
export const SlotPage = z.strictObject({
  slots: z.array(SlotHit),
  next_cursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page.'),
});

export const CenterDetail = z.strictObject({
  center: z.strictObject({
    ...centreIdentity,
    insee: z.string().nullable(),
    phone: z.string().nullable(),
    business_hours: businessHours,
  }),
  freshness: z.strictObject({
    last_checked_at: dateTime.nullable(),
    last_success_at: dateTime.nullable(),
    age_seconds: int.nullable(),
    stale: z.boolean(),
    last_issue: z.string().nullable(),
  }),
  soonest_slot: dateTime.nullable(),
  slot_count: int,
  days: z.array(z.strictObject({ date, slot_count: int, slots: z.array(slotBrief) })),
  sources: z.array(
    z.strictObject({
      id: z.string(),
      platform: Platform,
      booking_url: z.string(),
      last_success_at: dateTime.nullable(),
      stale: z.boolean(),
      soonest_slot: dateTime.nullable(),
      slot_count: int,
    }),
  ),
});

export const GroupFigures = z.strictObject({ centers: int, centers_with_slots: int, slots: int });
export const Figures = z.strictObject({
  centers: int,
  centers_with_slots: int,
  slots: int,
  stale_centers: int,
  slots_next_days: z.strictObject(keysOf(['1', '2', '7', '28'], int)),
  slots_by_vaccine: z.strictObject(keysOf(VACCINES, int)),
  slots_by_dose: z.strictObject(keysOf(DOSE_KEYS, int)),
  by_platform: z.strictObject(keysOf(PLATFORMS, GroupFigures)),
  by_kind: z.strictObject(keysOf(CENTRE_KINDS, GroupFigures)),
});
export const Stats = z.strictObject({
  generated_at: dateTime,
  national: Figures,
  departments: z.array(z.strictObject({ code: z.string(), name: z.string(), figures: Figures })),
});
export const StatsHistory = z.strictObject({
  granularity: z.enum(['hour', 'day']),
  scope: z.strictObject({ code: z.string(), name: z.string() }),
  columns: z.array(z.string()),
  points: z.array(
    z.strictObject({
      at: dateTime,
      samples: z.int().min(1),
      figures: z
        .record(z.string(), z.number().nullable())
        .describe(
          'Means of the sampled figures; daily points add slots_appeared, slots_taken, slots_expired and ' +
            'median_free_minutes (null when no taken slot was timed).',
        ),
    }),
  ),
});

const platformStatus = z.strictObject({
  platform: Platform,
  label: z.string(),
  enabled: z.boolean(),
  breaker: z
    .strictObject({
      state: z.enum(['closed', 'open', 'half-open']),
      since: dateTime,
      reason: z.string().nullable(),
      openings: int,
      recoveries: int,
    })
    .nullable(),
  last_successful_cycle: dateTime.nullable(),
  last_cycle: z
    .strictObject({ started_at: dateTime, centers: int, issues: int, slots: int, error: z.string().nullable() })
    .nullable(),
  last_error: z.strictObject({ at: dateTime, message: z.string() }).nullable(),
  last_discovery: z
    .strictObject({
      started_at: dateTime,
      centers: int,
      verdict: z.enum(['accepted', 'held', 'failed']),
      error: z.string().nullable(),
    })
    .nullable(),
  error_rate: z.number().min(0).max(1).nullable(),
  error_rate_cycles: int,
  centers: int,
  centers_with_data: int,
  centers_stale: int,
  centers_with_slots: int,
  slots: int,
  data_age_seconds: z.strictObject({ p50: int, p95: int }).nullable(),
  item_issues: z.strictObject({
    total: int,
    by_kind: z.record(z.string(), z.strictObject({ count: int, last_message: z.string(), last_at: dateTime })),
  }),
});
export const PlatformStatuses = z.strictObject({ platforms: z.array(platformStatus) });

export const AdminPlatforms = z.strictObject({
  platforms: z.array(z.strictObject({ platform: Platform, paused: z.boolean(), running: z.boolean() })),
});
export const AdminScan = z.strictObject({
  platforms: z.array(z.strictObject({ platform: Platform, state: z.enum(['started', 'already-running', 'paused']) })),
});
export const AdminPause = z.strictObject({ platform: Platform, paused: z.boolean() });

// The open-data files keep the Vitemadose format, French names included (spec/open-data-format.md).
const groupSeries = z.strictObject({ disponible: z.array(int), total: z.array(int), creneaux: z.array(int) });
const departmentStats = z.strictObject({ disponibles: int, indisponibles: int, creneaux: int, total: int });

export const OdDepartements = z.array(
  z.strictObject({
    code_departement: z.string(),
    nom_departement: z.string(),
    code_region: z.number(),
    nom_region: z.string(),
  }),
);
export const OdCentre = z.strictObject({
  departement: z.string(),
  nom: z.string(),
  url: z.string(),
  location: z
    .strictObject({
      longitude: z.number(),
      latitude: z.number(),
      city: z.string().nullable(),
      cp: z.string().nullable(),
    })
    .nullable(),
  metadata: z.strictObject({ address: z.string(), business_hours: businessHours, phone_number: z.string().optional() }),
  prochain_rdv: dateTime.nullable(),
  plateforme: z.enum(Object.values(PLATFORM_LABELS)),
  type: kind,
  appointment_count: int,
  internal_id: z.string(),
  vaccine_type: z.array(z.string()),
  appointment_by_phone_only: z.literal(false),
  erreur: z.null(),
  last_scan_with_availabilities: z.null(),
  request_counts: z.null(),
  atlas_gid: z.int().nullable(),
});
export const OdCentres = z.strictObject({
  version: z.literal(1),
  last_updated: dateTime,
  centres_disponibles: z.array(OdCentre),
  centres_indisponibles: z.array(OdCentre),
});
export const OdCreneauxQuotidiens = z.strictObject({
  departement: z.string(),
  creneaux_quotidiens: z.array(
    z.strictObject({
      date,
      total: int,
      creneaux_par_lieu: z.array(
        z.strictObject({
          lieu: z.string(),
          creneaux_par_tag: z.array(z.strictObject({ tag: z.enum(DAILY_TAGS), creneaux: int })),
        }),
      ),
    }),
  ),
});
export const OdCentresList = z.array(
  z.strictObject({ departement: z.string(), plateforme: z.string(), nom: z.string(), url: z.string() }),
);
export const OdStats = z
  .object({ tout_departement: z.strictObject({ disponibles: int, total: int, creneaux: int }) })
  .catchall(departmentStats);
export const OdStatsByDate = z.strictObject({
  dates: z.array(z.string()),
  total_centres_disponibles: z.array(int),
  total_centres: z.array(int),
  total_appointments: z.array(int),
});
export const OdStatsByDateDep = z.strictObject({
  dates: z.array(z.string()),
  dep_centres_disponibles: z.record(z.string(), z.array(int)),
  dep_centres: z.record(z.string(), z.array(int)),
  dep_appointments: z.record(z.string(), z.array(int)),
});
export const OdStatsCenterTypes = z.strictObject({
  dates: z.array(z.string()),
  plateformes: z.record(z.string(), groupSeries),
  center_types: z.record(z.string(), groupSeries),
});
export const OdStatsByVaccine = z.record(z.string(), int);

// The slot history (slot-history-view.ts): hours of one centre, days of a department or of France.
const minutes = z.number().min(0).nullable();
const slotMoves = { appeared: int, taken: int, expired: int };
export const CenterHistory = z.strictObject({
  center: z.strictObject({ id: z.string(), name: z.string(), department: z.string().nullable() }),
  columns: z.array(z.enum(CENTRE_HISTORY_COLUMNS)),
  hours: z
    .array(z.strictObject({ at: dateTime, free_slots: int, ...slotMoves, mean_free_minutes: minutes }))
    .describe('Only the hours in which the slots changed; free_slots holds until the next point.'),
  totals: z.strictObject({ ...slotMoves, mean_free_minutes: minutes }),
});
export const DailyFigures = z.strictObject({
  scope: z.strictObject({ code: z.string(), name: z.string() }),
  columns: z.array(z.enum(DAILY_COLUMNS)),
  days: z.array(z.strictObject({ date, ...slotMoves, median_free_minutes: minutes })),
  totals: z.strictObject({ ...slotMoves, median_free_minutes: minutes }),
});

// Alerts (aggregator/alerts/, routes/alerts.ts): the filter as echoed, a stream or webhook alert, a subscription.
export const AlertFilter = z.strictObject({
  department: z.string(),
  vaccine: Vaccine.optional(),
  dose: z.enum(['1', '2', '3', '1_kid']).optional(),
  lat: z.number().optional(),
  lon: z.number().optional(),
  radius_km: z.number().optional(),
});
export const Alert = z.strictObject({
  subscription: z.string().optional().describe('Webhooks only: the subscription id.'),
  id: z.string().describe('The alert id; retries of one delivery carry the same (also in X-Alert-Id).'),
  type: z.literal('slots-available'),
  department: z.string(),
  filter: AlertFilter,
  centers: z.array(z.string()).describe('Ids of the centers with matching slots.'),
  at: dateTime,
});
export const Subscription = z.strictObject({
  id: z.uuid(),
  secret: z
    .string()
    .describe('Shown once. Verifies the X-Alert-Signature of each delivery and cancels the subscription.'),
  url: z.url(),
  filter: AlertFilter,
  created_at: dateTime,
});

/** The named components of the document, in its order; every other schema is inlined where it is used. */
export const NAMED_ANSWERS = {
  Error: ErrorAnswer,
  Vaccine,
  Dose,
  Platform,
  Health,
  DepartmentOverview,
  Departments,
  CenterSummary,
  DepartmentCenters,
  SlotHit,
  SlotPage,
  CenterDetail,
  GroupFigures,
  Figures,
  Stats,
  StatsHistory,
  CenterHistory,
  DailyFigures,
  AlertFilter,
  Alert,
  Subscription,
  PlatformStatuses,
  AdminPlatforms,
  AdminScan,
  AdminPause,
  OdDepartements,
  OdCentre,
  OdCentres,
  OdCreneauxQuotidiens,
  OdCentresList,
  OdStats,
  OdStatsByDate,
  OdStatsByDateDep,
  OdStatsCenterTypes,
  OdStatsByVaccine,
} as const;

export type AnswerName = keyof typeof NAMED_ANSWERS;
