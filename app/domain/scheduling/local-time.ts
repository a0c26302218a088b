import { DateTime } from "luxon";
import { DATE_SHAPE as LOCAL_DATE, TIME_OF_DAY as LOCAL_TIME } from "../forms";

// Wall-clock values are stored as local strings plus an IANA zone (docs/architecture.md, Time).
// These helpers turn them into instants, and say so when a local time does not exist (spring
// forward).

export type LocalDate = string; // "2026-03-29"
export type LocalTime = string; // "19:00"

export { DATE_SHAPE as LOCAL_DATE, TIME_OF_DAY as LOCAL_TIME } from "../forms";

export type LocalToInstant = { ok: true; epochMs: number } | { ok: false; reason: "invalid" | "nonexistent" };

/**
 * The instant of a local date and time in a zone. A time skipped by a daylight-saving change
 * (02:30 on 2026-03-29 in Europe/Amsterdam) does not exist and is reported, not shifted. A time
 * that occurs twice (02:30 on 2026-10-25) resolves to its first occurrence (summer time).
 */
export function localToInstant(date: LocalDate, time: LocalTime, zone: string): LocalToInstant {
  if (!LOCAL_DATE.test(date) || !LOCAL_TIME.test(time)) return { ok: false, reason: "invalid" };
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const [hh, mm] = time.split(":").map(Number) as [number, number];
  const dt = DateTime.fromObject({ year: y, month: m, day: d, hour: hh, minute: mm }, { zone });
  if (!dt.isValid) return { ok: false, reason: "invalid" };
  if (dt.year !== y || dt.month !== m || dt.day !== d) return { ok: false, reason: "invalid" };
  if (dt.hour !== hh || dt.minute !== mm) return { ok: false, reason: "nonexistent" };
  // Of two candidate offsets, luxon picks one; prefer the earlier instant (the first 02:30).
  const earlier = dt.minus({ hours: 1 });
  if (earlier.hour === hh && earlier.minute === mm && earlier.day === d) return { ok: true, epochMs: earlier.toMillis() };
  return { ok: true, epochMs: dt.toMillis() };
}

export function instantToLocal(epochMs: number, zone: string): { date: LocalDate; time: LocalTime; weekday: number } {
  const dt = DateTime.fromMillis(epochMs, { zone });
  return { date: dt.toISODate()!, time: dt.toFormat("HH:mm"), weekday: dt.weekday };
}

/** The local calendar date of an instant in a zone ("today" for a person somewhere). */
export function localDateOf(epochMs: number, zone: string): LocalDate {
  return DateTime.fromMillis(epochMs, { zone }).toISODate()!;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return DateTime.fromISO(date, { zone: "UTC" }).plus({ days }).toISODate()!;
}

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: LocalDate): number {
  return DateTime.fromISO(date, { zone: "UTC" }).weekday;
}

export function minutesOf(time: LocalTime): number {
  const [hh, mm] = time.split(":").map(Number) as [number, number];
  return hh * 60 + mm;
}
