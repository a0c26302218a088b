import { DateTime } from "luxon";

/** How long a social-map entry stays fresh after it was last verified (issue 6: 6 months). */
export const STALE_AFTER_MONTHS = 6;

/**
 * The instant before which a verification counts as stale: `now` minus 6 calendar months in the
 * municipality's zone (31 August minus 6 months is 28/29 February, not 3 March).
 */
export function staleBefore(now: number, zone: string): number {
  return DateTime.fromMillis(now, { zone }).minus({ months: STALE_AFTER_MONTHS }).toMillis();
}
