// Runs one adapter scan to its end and folds what it yielded into one outcome for the store.
import type { Centre, ScanOutcome, ScanWindow, Slot } from '../../domain.js';
import type { PlatformAdapter, ScrapeContext } from '../../scrapers/adapter.js';
import { addDaysToDate, parisDate, parisMidnight } from '../../time.js';

/** From now to the end of the last Paris calendar day of the horizon: slots already begun are never asked for. */
export function scanWindow(now: Date, horizonDays: number): ScanWindow {
  return { from: now, to: parisMidnight(addDaysToDate(parisDate(now), horizonDays))! };
}

/**
 * An issue wins over slots gathered before it: a centre whose scan broke halfway keeps its last good data
 * rather than a partial picture. Slots outside the window are dropped here too, whatever the adapter did.
 */
export async function runScan(
  adapter: PlatformAdapter,
  centre: Centre,
  window: ScanWindow,
  ctx: ScrapeContext,
): Promise<ScanOutcome> {
  const slots: Slot[] = [];
  try {
    for await (const event of adapter.scan(centre, window, ctx)) {
      if (event.kind === 'issue') return event;
      for (const slot of event.slots) {
        if (slot.start >= window.from && slot.start < window.to) slots.push(slot);
      }
    }
  } catch (error) {
    // Adapters turn what platforms do into issues; reaching here is a bug in an adapter, still not a crash.
    return {
      kind: 'issue',
      issue: {
        reason: 'parse-failure',
        message: `adapter error: ${error instanceof Error ? error.message : String(error)}`,
      },
    };
  }
  return { kind: 'slots', slots };
}
