import { DateTime } from "luxon";
import { addDays, localToInstant, weekdayOf, type LocalDate, type LocalTime } from "./local-time";

/** How sessions repeat. Weekdays are ISO (1 = Monday … 7 = Sunday). */
export type RecurrencePattern =
  | { kind: "once" }
  | { kind: "weekly"; interval: number; weekdays: number[] }
  /** The nth (1-4) or last (-1) given weekday of every month, e.g. "last Thursday". */
  | { kind: "monthly"; weekday: number; nth: 1 | 2 | 3 | 4 | -1 };

export type RecurrenceEnd = { until: LocalDate } | { count: number };

export interface RecurrenceRule {
  startDate: LocalDate;
  startTime: LocalTime;
  durationMinutes: number;
  timeZone: string;
  pattern: RecurrencePattern;
  /** Required unless the pattern is "once": a series must end. */
  end?: RecurrenceEnd;
}

export interface Occurrence {
  /** The local date the rule placed it on; a stable key for this occurrence within its series. */
  localDate: LocalDate;
  startsAt: number;
  endsAt: number;
}

export type ExpansionError =
  { code: "no-end" } | { code: "too-many"; max: number } | { code: "nonexistent-time"; localDate: LocalDate } | { code: "invalid" };

export const MAX_OCCURRENCES = 366;

function* candidateDates(rule: RecurrenceRule): Generator<LocalDate> {
  const { pattern, startDate } = rule;
  if (pattern.kind === "once") {
    yield startDate;
    return;
  }
  if (pattern.kind === "weekly") {
    const days = [...new Set(pattern.weekdays)].sort((a, b) => a - b);
    // Weeks count from the Monday of the start date's week, so "every 2 weeks" is stable.
    const weekStart = addDays(startDate, 1 - weekdayOf(startDate));
    for (let week = 0; ; week += pattern.interval) {
      for (const day of days) {
        const date = addDays(weekStart, week * 7 + day - 1);
        if (date >= startDate) yield date;
      }
    }
  }
  const start = DateTime.fromISO(startDate, { zone: "UTC" });
  for (let month = 0; ; month++) {
    const first = start.startOf("month").plus({ months: month });
    let date: DateTime;
    if (pattern.nth === -1) {
      const last = first.endOf("month").startOf("day");
      date = last.minus({ days: (last.weekday - pattern.weekday + 7) % 7 });
    } else {
      date = first.plus({ days: ((pattern.weekday - first.weekday + 7) % 7) + (pattern.nth - 1) * 7 });
    }
    const iso = date.toISODate()!;
    if (iso >= startDate) yield iso;
  }
}

/**
 * Expands a rule into occurrences in its own time zone, so "every Tuesday 19:00" stays 19:00 on
 * both sides of a daylight-saving change. Pure: no clock, no I/O.
 */
export function expandRecurrence(rule: RecurrenceRule): { ok: true; occurrences: Occurrence[] } | { ok: false; error: ExpansionError } {
  if (rule.durationMinutes <= 0) return { ok: false, error: { code: "invalid" } };
  if (
    rule.pattern.kind === "weekly" &&
    (rule.pattern.interval < 1 || rule.pattern.weekdays.length === 0 || rule.pattern.weekdays.some((d) => d < 1 || d > 7))
  ) {
    return { ok: false, error: { code: "invalid" } };
  }
  if (rule.pattern.kind !== "once" && !rule.end) return { ok: false, error: { code: "no-end" } };
  const end = rule.pattern.kind === "once" ? { count: 1 } : rule.end!;
  if ("count" in end && (end.count < 1 || end.count > MAX_OCCURRENCES))
    return { ok: false, error: { code: "too-many", max: MAX_OCCURRENCES } };
  const occurrences: Occurrence[] = [];
  for (const localDate of candidateDates(rule)) {
    if ("until" in end && localDate > end.until) break;
    if ("count" in end && occurrences.length >= end.count) break;
    if (occurrences.length >= MAX_OCCURRENCES) return { ok: false, error: { code: "too-many", max: MAX_OCCURRENCES } };
    const start = localToInstant(localDate, rule.startTime, rule.timeZone);
    if (!start.ok)
      return { ok: false, error: start.reason === "nonexistent" ? { code: "nonexistent-time", localDate } : { code: "invalid" } };
    occurrences.push({ localDate, startsAt: start.epochMs, endsAt: start.epochMs + rule.durationMinutes * 60_000 });
  }
  return { ok: true, occurrences };
}
