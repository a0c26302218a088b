import { DateTime } from "luxon";

/** A period in calendar units, as the retention table writes it: `{ months: 3 }`, `{ years: 5 }`. */
export interface CalendarPeriod {
  readonly days?: number;
  readonly months?: number;
  readonly years?: number;
}

/**
 * The instant that lies `period` before `now` in calendar terms in `zone` (3 months before 31 May
 * is 28/29 February, not 2 March; a day across a DST change is still one calendar day).
 */
export function periodBefore(now: number, period: CalendarPeriod, zone: string): number {
  return DateTime.fromMillis(now, { zone }).minus(period).toMillis();
}

/** The instant that lies `period` after `from` in calendar terms in `zone`. */
export function periodAfter(from: number, period: CalendarPeriod, zone: string): number {
  return DateTime.fromMillis(from, { zone }).plus(period).toMillis();
}
