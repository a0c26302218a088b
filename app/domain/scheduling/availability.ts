import { DateTime } from "luxon";
import { addDays, LOCAL_DATE, localDateOf, weekdayOf, type LocalDate } from "./local-time";

// Whether a shift fits a volunteer's weekly availability. The availability is wall-clock time in
// the VOLUNTEER's own zone (docs/architecture.md, Time); shifts are instants. Pure: no clock, no I/O.

/** A weekly slot: ISO weekday (1 = Monday … 7 = Sunday) and local "HH:mm" times; "24:00" ends the day. */
export interface WeeklySlot {
  weekday: number;
  startTime: string;
  endTime: string;
}

export interface Availability {
  timeZone: string;
  /** No slots at all means the person set no time preference: every time of day fits. */
  weekly: readonly WeeklySlot[];
  /** Local dates (in `timeZone`) on which the person is not available, whatever the week says. */
  unavailableDates: readonly LocalDate[];
  /** Not available on any local date up to and including this one. */
  pausedUntil: LocalDate | null;
}

export interface Interval {
  startsAt: number;
  endsAt: number;
}

const TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;

function minutesOfTime(time: string): number | null {
  const m = TIME.exec(time);
  if (!m) return null;
  return m[3] ? 24 * 60 : Number(m[1]) * 60 + Number(m[2]);
}

/**
 * The first instant on `date` (in `zone`) whose wall clock reads `minutes` past midnight or later.
 * A time skipped by spring-forward (02:30 on 2026-03-29 in Europe/Amsterdam) becomes the end of
 * the gap (03:00); a time that occurs twice (02:30 on 2026-10-25) gives its first occurrence.
 */
function firstInstantAtOrAfter(date: LocalDate, minutes: number, zone: string): number {
  if (minutes >= 24 * 60) return firstInstantAtOrAfter(addDays(date, 1), minutes - 24 * 60, zone);
  const [y, mo, d] = date.split("-").map(Number) as [number, number, number];
  for (let m = minutes; m < 24 * 60; m++) {
    const dt = DateTime.fromObject({ year: y, month: mo, day: d, hour: Math.floor(m / 60), minute: m % 60 }, { zone });
    if (dt.hour * 60 + dt.minute !== m || dt.day !== d) continue; // inside a spring-forward gap
    const earlier = dt.minus({ hours: 1 });
    return earlier.day === d && earlier.hour === dt.hour && earlier.minute === dt.minute ? earlier.toMillis() : dt.toMillis();
  }
  return firstInstantAtOrAfter(addDays(date, 1), 0, zone);
}

/**
 * The last instant on `date` whose wall clock reads `minutes` or earlier, as the end of a window:
 * for a time that occurs twice this is its second occurrence, so "until 02:30" on the night the
 * clocks go back includes both passes through 02:00-02:30.
 */
function windowEndAt(date: LocalDate, minutes: number, zone: string): number {
  const start = firstInstantAtOrAfter(date, minutes, zone);
  const later = DateTime.fromMillis(start + 3_600_000, { zone });
  const first = DateTime.fromMillis(start, { zone });
  const repeats =
    minutes < 24 * 60 && later.toISODate() === first.toISODate() && later.hour === first.hour && later.minute === first.minute;
  return repeats ? later.toMillis() : start;
}

/** The instant a local date begins in a zone (for "from date" filters). */
export function startOfLocalDay(date: LocalDate, zone: string): number {
  return firstInstantAtOrAfter(date, 0, zone);
}

function isAvailableDate(availability: Availability, date: LocalDate): boolean {
  if (availability.pausedUntil && date <= availability.pausedUntil) return false;
  return !availability.unavailableDates.includes(date);
}

/**
 * The availability windows as instants for the local dates `from` … `to` (inclusive) in the
 * volunteer's zone, sorted and merged where they touch or overlap (Monday until 24:00 and Tuesday
 * from 00:00 make one window across midnight).
 */
export function availabilityWindows(availability: Availability, from: LocalDate, to: LocalDate): Interval[] {
  const zone = availability.timeZone;
  const raw: Interval[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    if (!isAvailableDate(availability, date)) continue;
    const weekday = weekdayOf(date);
    const slots = availability.weekly.length === 0 ? [{ weekday, startTime: "00:00", endTime: "24:00" }] : availability.weekly;
    for (const slot of slots) {
      if (slot.weekday !== weekday) continue;
      const start = minutesOfTime(slot.startTime);
      const end = minutesOfTime(slot.endTime);
      if (start === null || end === null || end <= start) continue;
      const window = { startsAt: firstInstantAtOrAfter(date, start, zone), endsAt: windowEndAt(date, end, zone) };
      if (window.endsAt > window.startsAt) raw.push(window);
    }
  }
  return mergeWindows(raw);
}

function mergeWindows(windows: Interval[]): Interval[] {
  const sorted = [...windows].sort((a, b) => a.startsAt - b.startsAt || a.endsAt - b.endsAt);
  const merged: Interval[] = [];
  for (const window of sorted) {
    const last = merged[merged.length - 1];
    if (last && window.startsAt <= last.endsAt) last.endsAt = Math.max(last.endsAt, window.endsAt);
    else merged.push({ ...window });
  }
  return merged;
}

/** Whether the whole of `shift` lies inside one availability window of the volunteer. */
export function fitsAvailability(availability: Availability, shift: Interval): boolean {
  return createAvailabilityChecker(availability)(shift);
}

/**
 * `fitsAvailability` for many shifts of one volunteer: each local date's windows are worked out
 * once and remembered, so checking a list of shifts costs a few lookups per shift.
 */
export function createAvailabilityChecker(availability: Availability): (shift: Interval) => boolean {
  const perDate = new Map<LocalDate, Interval[]>();
  const windowsOn = (date: LocalDate) => {
    let windows = perDate.get(date);
    if (!windows) {
      windows = availabilityWindows(availability, date, date);
      perDate.set(date, windows);
    }
    return windows;
  };
  return (shift) => {
    if (shift.endsAt <= shift.startsAt) return false;
    const from = localDateOf(shift.startsAt, availability.timeZone);
    const to = localDateOf(shift.endsAt, availability.timeZone);
    const windows: Interval[] = [];
    for (let date = from; date <= to; date = addDays(date, 1)) windows.push(...windowsOn(date));
    return coveredBy(mergeWindows(windows), shift);
  };
}

/** Whether one of the sorted, merged `windows` holds the whole interval (binary search). */
export function coveredBy(windows: readonly Interval[], interval: Interval): boolean {
  let lo = 0;
  let hi = windows.length - 1;
  // The last window that starts at or before the interval is the only candidate: windows are disjoint.
  let candidate: Interval | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const w = windows[mid]!;
    if (w.startsAt <= interval.startsAt) {
      candidate = w;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return !!candidate && interval.endsAt > interval.startsAt && interval.endsAt <= candidate.endsAt;
}

/** Half-open intervals [start, end) overlap: back-to-back commitments do not clash. */
export function overlaps(a: Interval, b: Interval): boolean {
  return a.startsAt < b.endsAt && b.startsAt < a.endsAt;
}

export function isLocalDate(value: string): value is LocalDate {
  if (!LOCAL_DATE.test(value)) return false;
  return DateTime.fromISO(value, { zone: "UTC" }).isValid;
}
