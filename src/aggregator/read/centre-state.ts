// A centre as the read side holds it: its record and scan state, and its slots packed in typed arrays (a
// start, a vaccine index and a dose mask per slot: 10 bytes, no JS object). The StoredSlot objects the
// views work with are made on access, for the one centre being looked at, and dropped after: nothing holds
// one object per slot of the country.
import { DOSES, VACCINES, type Dose, type Vaccine } from '../../domain.js';
import type { StoredCentre, StoredSlot } from '../store/store.js';
import { getOrInsert } from '../../maps.js';

export interface PackedSlots {
  /** Sorted by start, then vaccine, then doses key: the order of /api/v1/slots within a centre. */
  readonly starts: Float64Array;
  readonly vaccines: Uint8Array;
  /** Bit i set when DOSES[i] is one of the slot's doses. */
  readonly doses: Uint8Array;
}

export const NO_SLOTS: PackedSlots = {
  starts: new Float64Array(0),
  vaccines: new Uint8Array(0),
  doses: new Uint8Array(0),
};

const VACCINE_INDEX = new Map<string, number>(VACCINES.map((vaccine, i) => [vaccine, i]));
const DOSE_LISTS: ReadonlyArray<readonly Dose[]> = Array.from({ length: 1 << DOSES.length }, (_, mask) =>
  DOSES.filter((_, i) => mask & (1 << i)),
);
const DOSES_KEYS: readonly string[] = DOSE_LISTS.map((doses) => doses.join(','));

export function vaccineOf(index: number): Vaccine {
  return VACCINES[index]!;
}

export function dosesOf(mask: number): readonly Dose[] {
  return DOSE_LISTS[mask]!;
}

export function dosesKeyOfMask(mask: number): string {
  return DOSES_KEYS[mask]!;
}

export function doseMask(doses: readonly Dose[]): number {
  let mask = 0;
  for (const dose of doses) mask |= 1 << DOSES.indexOf(dose);
  return mask;
}

export function doseMaskOfKey(key: string): number {
  if (key === '') return 0;
  let mask = 0;
  for (const part of key.split(',')) mask |= 1 << DOSES.findIndex((dose) => String(dose) === part);
  return mask;
}

/** Packs rows already sorted by (start, vaccine, doses key), a row of several places once per place. */
export function packSlots(
  rows: ReadonlyArray<{
    readonly startAt: number;
    readonly vaccine: string;
    readonly dosesKey: string;
    readonly places?: number;
  }>,
): PackedSlots {
  if (rows.length === 0) return NO_SLOTS;
  const length = rows.reduce((sum, row) => sum + (row.places ?? 1), 0);
  const starts = new Float64Array(length);
  const vaccines = new Uint8Array(length);
  const doses = new Uint8Array(length);
  let i = 0;
  for (const row of rows) {
    const vaccine = VACCINE_INDEX.get(row.vaccine) ?? VACCINE_INDEX.get('unknown')!;
    const mask = doseMaskOfKey(row.dosesKey);
    for (let place = 0; place < (row.places ?? 1); place += 1, i += 1) {
      starts[i] = row.startAt;
      vaccines[i] = vaccine;
      doses[i] = mask;
    }
  }
  return { starts, vaccines, doses };
}

/**
 * Packs one centre's rows as they stream from SQLite (sorted), without an object per row: a full reload
 * of the country goes through here.
 */
export class PackedSlotsBuilder {
  private starts: number[] = [];
  private vaccines: number[] = [];
  private doses: number[] = [];

  add(startAt: number, vaccine: string, dosesKey: string, places: number): void {
    const vaccineIndex = VACCINE_INDEX.get(vaccine) ?? VACCINE_INDEX.get('unknown')!;
    const mask = doseMaskOfKey(dosesKey);
    for (let place = 0; place < places; place += 1) {
      this.starts.push(startAt);
      this.vaccines.push(vaccineIndex);
      this.doses.push(mask);
    }
  }

  /** The packed slots so far; the builder starts empty again. */
  take(): PackedSlots {
    const packed =
      this.starts.length === 0
        ? NO_SLOTS
        : {
            starts: Float64Array.from(this.starts),
            vaccines: Uint8Array.from(this.vaccines),
            doses: Uint8Array.from(this.doses),
          };
    this.starts = [];
    this.vaccines = [];
    this.doses = [];
    return packed;
  }
}

/** First position whose start is at or after `instant`. */
export function firstFrom(packed: PackedSlots, instant: number): number {
  let low = 0;
  let high = packed.starts.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (packed.starts[middle]! < instant) low = middle + 1;
    else high = middle;
  }
  return low;
}

export type CentreRecord = Omit<StoredCentre, 'slots'>;

/** The slots made during one build (one department's answers), so each centre's are made once in it. */
let buildCache: WeakMap<CentreState, readonly StoredSlot[]> | null = null;

/**
 * Runs a build with its own cache of made slots, dropped when the build ends: the four answers of a
 * department read each centre's slots once, and nothing outlives the build.
 */
export function withSlotCache<T>(build: () => T): T {
  const outer = buildCache;
  buildCache = new WeakMap();
  try {
    return build();
  } finally {
    buildCache = outer;
  }
}

/** Immutable: a change to a centre makes a new state, so an answer being built keeps a consistent view. */
export class CentreState implements StoredCentre {
  readonly id: string;
  readonly platform: StoredCentre['platform'];
  readonly name: string;
  readonly kind: StoredCentre['kind'];
  readonly address: string;
  readonly postalCode: string | null;
  readonly city: string | null;
  readonly insee: string | null;
  readonly department: string | null;
  readonly location: StoredCentre['location'];
  readonly phone: string | null;
  readonly businessHours: StoredCentre['businessHours'];
  readonly bookingUrl: string;
  readonly atlasGid: number | null;
  readonly scanData: unknown;
  readonly firstSeenAt: number;
  readonly lastSeenAt: number;
  readonly lastCheckedAt: number | null;
  readonly lastSuccessAt: number | null;
  readonly lastIssue: string | null;

  constructor(
    record: CentreRecord,
    readonly packed: PackedSlots,
  ) {
    this.id = record.id;
    this.platform = record.platform;
    this.name = record.name;
    this.kind = record.kind;
    this.address = record.address;
    this.postalCode = record.postalCode;
    this.city = record.city;
    this.insee = record.insee;
    this.department = record.department;
    this.location = record.location;
    this.phone = record.phone;
    this.businessHours = record.businessHours;
    this.bookingUrl = record.bookingUrl;
    this.atlasGid = record.atlasGid;
    // Only the adapters read it; the read side never needs to keep it.
    this.scanData = null;
    this.firstSeenAt = record.firstSeenAt;
    this.lastSeenAt = record.lastSeenAt;
    this.lastCheckedAt = record.lastCheckedAt;
    this.lastSuccessAt = record.lastSuccessAt;
    this.lastIssue = record.lastIssue;
  }

  /** Made on each access, soonest first: callers hold them only while they build an answer. */
  get slots(): readonly StoredSlot[] {
    if (!buildCache) return this.slotsFrom(Number.NEGATIVE_INFINITY);
    return getOrInsert(buildCache, this, () => this.slotsFrom(Number.NEGATIVE_INFINITY));
  }

  /** The slots starting at or after `instant`, made on access. */
  slotsFrom(instant: number): StoredSlot[] {
    const { starts, vaccines, doses } = this.packed;
    const result: StoredSlot[] = [];
    for (let i = firstFrom(this.packed, instant); i < starts.length; i += 1) {
      result.push({ startAt: starts[i]!, vaccine: vaccineOf(vaccines[i]!), doses: dosesOf(doses[i]!) });
    }
    return result;
  }

  /** How many slots start at or after `instant`, without making any. */
  countFrom(instant: number): number {
    return this.packed.starts.length - firstFrom(this.packed, instant);
  }

  /** The start of the first slot at or after `instant`, if any. */
  soonestFrom(instant: number): number | null {
    const i = firstFrom(this.packed, instant);
    return i < this.packed.starts.length ? this.packed.starts[i]! : null;
  }

  withRecord(record: CentreRecord): CentreState {
    return new CentreState(record, this.packed);
  }

  withSlots(packed: PackedSlots): CentreState {
    return new CentreState(this, packed);
  }
}
