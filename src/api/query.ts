// Query strings are outside input: each parameter is validated here, and anything else than one plain
// value per name is refused with a message that says which parameter and why.
import { z } from 'zod';
import { DOSES, VACCINES, type Dose } from '../domain.js';
import type { SlotFilter } from '../aggregator/views.js';
import { addDaysToDate, parisMidnight } from '../time.js';
import { ApiError } from './errors.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const slotFilterSchema = z
  .object({
    vaccine: z.enum(VACCINES.filter((vaccine) => vaccine !== 'unknown') as [string, ...string[]]).optional(),
    dose: z.enum(DOSES.map(String) as [string, ...string[]]).optional(),
    from: z.string().regex(DATE, 'must be a date, YYYY-MM-DD').optional(),
    to: z.string().regex(DATE, 'must be a date, YYYY-MM-DD').optional(),
    include_stale: z.enum(['true', 'false']).optional(),
  })
  .strict();

/** Every value must be a single string: `?dose=1&dose=2` or `?dose[a]=1` is a client mistake, not a list. */
export function singleValues(query: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (typeof value !== 'string') throw new ApiError(400, 'invalid_parameter', `${name}: give one value`);
    values[name] = value;
  }
  return values;
}

/** `vaccine`, `dose`, `from`, `to` (Paris calendar dates, `to` inclusive), `include_stale`. */
export function parseSlotFilter(query: Record<string, unknown>): SlotFilter {
  const result = slotFilterSchema.safeParse(singleValues(query));
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : 'query');
    throw new ApiError(400, 'invalid_parameter', `${name}: ${issue.code === 'unrecognized_keys' ? 'unknown parameter' : issue.message}`);
  }
  const { vaccine, dose, from, to, include_stale: includeStale } = result.data;
  const fromInstant = from === undefined ? undefined : parisMidnight(from);
  const toInstant = to === undefined ? undefined : parisMidnight(addDaysToDate(to, 1));
  if (fromInstant === null) throw new ApiError(400, 'invalid_parameter', `from: ${from} is not a calendar date`);
  if (toInstant === null) throw new ApiError(400, 'invalid_parameter', `to: ${to} is not a calendar date`);
  if (fromInstant !== undefined && toInstant !== undefined && fromInstant >= toInstant) {
    throw new ApiError(400, 'invalid_parameter', 'from: must not be after to');
  }
  return {
    ...(vaccine ? { vaccine: vaccine as SlotFilter['vaccine'] } : {}),
    ...(dose ? { dose: (dose === '1_kid' ? dose : Number(dose)) as Dose } : {}),
    ...(fromInstant ? { from: fromInstant.getTime() } : {}),
    ...(toInstant ? { to: toInstant.getTime() } : {}),
    ...(includeStale === 'true' ? { includeStale: true } : {}),
  };
}
