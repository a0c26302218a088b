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
  return wallClockOf(epochMs, zone)?.date ?? DateTime.fromMillis(epochMs, { zone }).toISODate()!;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const day = utcDayOf(date);
  if (day && Number.isInteger(days)) {
    day.setUTCDate(day.getUTCDate() + days);
    const shifted = isoDateOf(day);
    if (shifted) return shifted;
  }
  return DateTime.fromISO(date, { zone: "UTC" }).plus({ days }).toISODate()!;
}

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: LocalDate): number {
  const day = utcDayOf(date);
  return day ? day.getUTCDay() || 7 : DateTime.fromISO(date, { zone: "UTC" }).weekday;
}

// Lists and availability checks read a local date for every row, so the helpers above take the fast
// way with the same answers as luxon (tests/unit/local-time.test.ts compares them): an
// `Intl.DateTimeFormat` made once per zone instead of a luxon DateTime per call (~4 against ~16 µs),
// plain Date arithmetic for calendar days. Anything unusual (a year outside 1000–9999, an unknown
// zone, another ISO shape) goes the luxon way.

const FOUR_DIGIT_YEARS = { from: Date.UTC(1000, 0, 2), to: Date.UTC(9999, 11, 30) };
const clocks = new Map<string, Intl.DateTimeFormat | null>();

/**
 * The wall clock of an instant in a zone: local date ("2026-12-01") and "HH:mm", as luxon's
 * `toISODate()` and `toFormat("HH:mm")` give them; null when luxon has to answer.
 */
export function wallClockOf(epochMs: number, zone: string): { date: LocalDate; time: LocalTime } | null {
  if (!(epochMs >= FOUR_DIGIT_YEARS.from && epochMs <= FOUR_DIGIT_YEARS.to)) return null;
  let clock = clocks.get(zone);
  if (clock === undefined) {
    try {
      clock = new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
        numberingSystem: "latn",
      });
    } catch {
      clock = null;
    }
    // Zones are few; the bound only keeps odd input from growing the map without end.
    if (clocks.size >= 1_000) clocks.clear();
    clocks.set(zone, clock);
  }
  if (!clock) return null;
  let year = "";
  let month = "";
  let day = "";
  let hour = "";
  let minute = "";
  for (const part of clock.formatToParts(epochMs)) {
    if (part.type === "year") year = part.value;
    else if (part.type === "month") month = part.value;
    else if (part.type === "day") day = part.value;
    else if (part.type === "hour") hour = part.value;
    else if (part.type === "minute") minute = part.value;
  }
  return { date: `${year}-${month}-${day}`, time: `${hour}:${minute}` };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight UTC of a "YYYY-MM-DD" that exists (years 1000–9999), else null. */
function utcDayOf(date: string): Date | null {
  const m = ISO_DATE.exec(date);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1000) return null;
  const value = new Date(0);
  value.setUTCFullYear(year, month - 1, day);
  return value.getUTCFullYear() === year && value.getUTCMonth() === month - 1 && value.getUTCDate() === day ? value : null;
}

function isoDateOf(value: Date): LocalDate | null {
  const year = value.getUTCFullYear();
  if (!(year >= 1000 && year <= 9999)) return null;
  return `${year}-${String(value.getUTCMonth() + 1).padStart(2, "0")}-${String(value.getUTCDate()).padStart(2, "0")}`;
}

export function minutesOf(time: LocalTime): number {
  const [hh, mm] = time.split(":").map(Number) as [number, number];
  return hh * 60 + mm;
}
