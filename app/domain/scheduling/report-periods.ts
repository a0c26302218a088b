import { DateTime } from "luxon";
import { startOfLocalDay } from "./availability";
import { type LocalDate } from "./local-time";

// Report periods (months or ISO weeks) in the municipality's zone. A period starts at local
// midnight, so a March report in Europe/Amsterdam starts at 2026-02-28T23:00Z and ends at
// 2026-03-31T22:00Z (the clocks moved on the 29th): boundaries come from the zone, never from UTC.

export type Granularity = "month" | "week";

export interface ReportPeriod {
  /** "2026-03" for a month, "2026-W13" for an ISO week. */
  key: string;
  /** First local date in the period (clipped to the report's start). */
  from: LocalDate;
  /** Last local date in the period (clipped to the report's end). */
  to: LocalDate;
  startMs: number;
  endMs: number;
  /** Start of the look-back window ending at `endMs` (for rolling indicators), local midnight. */
  lookBackStartMs: number;
}

/** Days between two local dates (to − from). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return DateTime.fromISO(to, { zone: "UTC" }).diff(DateTime.fromISO(from, { zone: "UTC" }), "days").days;
}

/** The local date `months` months before `date` (clamped to the month's end). */
export function minusMonths(date: LocalDate, months: number): LocalDate {
  return DateTime.fromISO(date, { zone: "UTC" }).minus({ months }).toISODate()!;
}

/** The first day of the month `monthsBack` months before the month of `date`. */
export function startOfMonthBefore(date: LocalDate, monthsBack: number): LocalDate {
  return DateTime.fromISO(date, { zone: "UTC" }).startOf("month").minus({ months: monthsBack }).toISODate()!;
}

/** The last day of the month before the month of `date`. */
export function endOfPreviousMonth(date: LocalDate): LocalDate {
  return DateTime.fromISO(date, { zone: "UTC" }).startOf("month").minus({ days: 1 }).toISODate()!;
}

/**
 * The periods covering the local dates `from`…`to` (inclusive), each clipped to that range.
 * `lookBackMonths` sets each period's look-back window (e.g. "respite requests in the last 3 months").
 */
export function reportPeriods(from: LocalDate, to: LocalDate, granularity: Granularity, zone: string, lookBackMonths = 0): ReportPeriod[] {
  const first = DateTime.fromISO(from, { zone: "UTC" });
  const last = DateTime.fromISO(to, { zone: "UTC" });
  const periods: ReportPeriod[] = [];
  let cursor = granularity === "month" ? first.startOf("month") : first.startOf("week");
  while (cursor <= last) {
    const next = cursor.plus(granularity === "month" ? { months: 1 } : { weeks: 1 });
    const pFrom = (cursor < first ? first : cursor).toISODate()!;
    const lastDay = next.minus({ days: 1 });
    const pTo = (lastDay > last ? last : lastDay).toISODate()!;
    const endDate = DateTime.fromISO(pTo, { zone: "UTC" }).plus({ days: 1 }).toISODate()!;
    const endMs = startOfLocalDay(endDate, zone);
    periods.push({
      key: granularity === "month" ? cursor.toFormat("yyyy-MM") : `${cursor.weekYear}-W${String(cursor.weekNumber).padStart(2, "0")}`,
      from: pFrom,
      to: pTo,
      startMs: startOfLocalDay(pFrom, zone),
      endMs,
      lookBackStartMs: startOfLocalDay(minusMonths(endDate, lookBackMonths), zone),
    });
    cursor = next;
  }
  return periods;
}

/** Widens `from`…`to` to whole periods (months, or ISO weeks from Monday to Sunday). */
export function snapToPeriods(from: LocalDate, to: LocalDate, granularity: Granularity): { from: LocalDate; to: LocalDate } {
  const unit = granularity === "month" ? "month" : "week";
  return {
    from: DateTime.fromISO(from, { zone: "UTC" }).startOf(unit).toISODate()!,
    to: DateTime.fromISO(to, { zone: "UTC" }).endOf(unit).toISODate()!,
  };
}

/** How many periods `from`…`to` spans. */
export function periodCount(from: LocalDate, to: LocalDate, granularity: Granularity): number {
  const a = DateTime.fromISO(from, { zone: "UTC" });
  const b = DateTime.fromISO(to, { zone: "UTC" });
  return granularity === "month" ? (b.year - a.year) * 12 + (b.month - a.month) + 1 : Math.floor(b.diff(a, "days").days / 7) + 1;
}
