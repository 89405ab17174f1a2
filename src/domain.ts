// The unified records every part of the system speaks. Platform-shaped data never gets past an adapter:
// by the time a value has one of these types, its time is a true instant and its vaccine a known brand.

export const PLATFORMS = [
  'doctolib',
  'keldoc',
  'maiia',
  'ordoclic',
  'mapharma',
  'avecmondoc',
  'mesoigner',
  'bimedoc',
  'valwin',
] as const;
export type PlatformId = (typeof PLATFORMS)[number];

/** The platform label of the open-data files (`plateforme`). */
export const PLATFORM_LABELS: Record<PlatformId, string> = {
  doctolib: 'Doctolib',
  keldoc: 'Keldoc',
  maiia: 'Maiia',
  ordoclic: 'Ordoclic',
  mapharma: 'Mapharma',
  avecmondoc: 'AvecMonDoc',
  mesoigner: 'mesoigner',
  bimedoc: 'Bimedoc',
  valwin: 'Valwin',
};

export const VACCINES = ['Pfizer-BioNTech', 'Moderna', 'ARNm', 'AstraZeneca', 'Janssen', 'unknown'] as const;
export type Vaccine = (typeof VACCINES)[number];

/** Dose codes: first, second, booster, and a child's first dose. */
export const DOSES = [1, 2, 3, '1_kid'] as const;
export type Dose = (typeof DOSES)[number];

export const CENTRE_KINDS = ['vaccination-center', 'drugstore', 'general-practitioner'] as const;
export type CentreKind = (typeof CENTRE_KINDS)[number];

/** Open-data day keys: `lundi`..`dimanche` (some platforms capitalise them, which we keep as they give it). */
export type BusinessHours = Record<string, string | null>;

export interface GeoPoint {
  readonly latitude: number;
  readonly longitude: number;
}

/** A centre as discovered on one platform. `id` is the open-data `internal_id`. */
export interface Centre {
  readonly id: string;
  readonly platform: PlatformId;
  readonly name: string;
  readonly kind: CentreKind;
  readonly address: string;
  readonly postalCode: string | null;
  readonly city: string | null;
  /** INSEE commune code (5 characters). */
  readonly insee: string | null;
  /** Department code of the open-data format (`01`, `2A`, `971`, `om`...), null when unknown. */
  readonly department: string | null;
  readonly location: GeoPoint | null;
  /** E.164-ish, `+33...`. */
  readonly phone: string | null;
  readonly businessHours: BusinessHours | null;
  readonly bookingUrl: string;
  readonly atlasGid: number | null;
  /** Whatever the adapter needs to scan the centre later; opaque outside the adapter, stored as JSON. */
  readonly scanData: unknown;
}

export interface Slot {
  /** The true instant the appointment starts. */
  readonly start: Date;
  readonly vaccine: Vaccine;
  /** Every dose the slot can be booked for; empty when the platform does not say. */
  readonly doses: readonly Dose[];
  /** The platform's motive or reason the slot was found under, for traceability. */
  readonly motive: string;
  /**
   * Where this very slot is booked, when the platform gives a link finer than the centre's (Valwin's deep
   * link to the vaccination type, which the open data exports as the centre's `url`).
   */
  readonly bookingUrl?: string;
}

export const ISSUE_REASONS = [
  'blocked',
  'phone-only',
  'duplicate',
  'parse-failure',
  'http-error',
  'timeout',
  'circuit-open',
  'no-usable-motive',
] as const;
export type IssueReason = (typeof ISSUE_REASONS)[number];

export interface ScanIssue {
  readonly reason: IssueReason;
  readonly message: string;
}

/** What an adapter's scan yields, in any number: batches of slots, and at most one issue that ends the scan. */
export type ScanEvent =
  | { readonly kind: 'slots'; readonly slots: readonly Slot[] }
  | { readonly kind: 'issue'; readonly issue: ScanIssue };

/** What a scan of one centre came to. `slots` with an empty list is the explicit "answered, no slot". */
export type ScanOutcome =
  | { readonly kind: 'slots'; readonly slots: readonly Slot[] }
  | { readonly kind: 'issue'; readonly issue: ScanIssue };

/** The period a scan asks about: from `from` (inclusive) to `to` (exclusive). */
export interface ScanWindow {
  readonly from: Date;
  readonly to: Date;
}
