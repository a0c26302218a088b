import { DateTime } from "luxon";
import { DEFAULT_NOTIFICATION_SETTINGS } from "../notifications/schemas";
import { LOCAL_TIME } from "./local-time";

// When the reminders for one session go out, for one person. Pure: the caller passes "now".

export interface ReminderSettings {
  /** Local "HH:mm" on the day before the session; null switches that reminder off. */
  dayBeforeAt: string | null;
  /** Hours before the start; null switches that reminder off. */
  hoursBefore: number | null;
}

/** What a person gets without a notification_setting row. */
export const defaultReminderSettings: ReminderSettings = {
  dayBeforeAt: DEFAULT_NOTIFICATION_SETTINGS.dayBeforeAt,
  hoursBefore: DEFAULT_NOTIFICATION_SETTINGS.hoursBefore,
};

export type ReminderKind = "day-before" | "hours-before";

export interface ReminderTime {
  kind: ReminderKind;
  runAt: number;
}

const HOUR = 3_600_000;

/**
 * The instant of "the day before at HH:mm" in the person's zone. The day before is the previous
 * calendar date in that zone (not 24 hours earlier), so a session on the Sunday or Monday after a
 * DST change still gets its reminder at 18:00 local. A local time skipped by a spring-forward
 * change (02:30 on 2026-03-29) moves forward by the gap, as a wall clock would.
 */
export function dayBeforeInstant(startsAt: number, zone: string, at: string): number | null {
  if (!LOCAL_TIME.test(at)) return null;
  const start = DateTime.fromMillis(startsAt, { zone });
  if (!start.isValid) return null;
  const [hour, minute] = at.split(":").map(Number) as [number, number];
  const day = start.minus({ days: 1 });
  const dt = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute }, { zone });
  return dt.isValid ? dt.toMillis() : null;
}

/**
 * The reminders for a session starting at `startsAt`, as seen by a person in `zone` with
 * `settings`, scheduled at `now`. Left out: reminders switched off, already in the past, and a
 * day-before reminder that would not come before the hours-before one or before the start.
 * Sorted by time.
 */
export function reminderTimes(args: { startsAt: number; zone: string; settings: ReminderSettings; now: number }): ReminderTime[] {
  const { startsAt, zone, settings, now } = args;
  const times: ReminderTime[] = [];
  const hoursBefore =
    settings.hoursBefore !== null && Number.isInteger(settings.hoursBefore) && settings.hoursBefore > 0
      ? startsAt - settings.hoursBefore * HOUR
      : null;
  const dayBefore = settings.dayBeforeAt !== null ? dayBeforeInstant(startsAt, zone, settings.dayBeforeAt) : null;
  if (dayBefore !== null && dayBefore < startsAt && (hoursBefore === null || dayBefore < hoursBefore) && dayBefore > now) {
    times.push({ kind: "day-before", runAt: dayBefore });
  }
  if (hoursBefore !== null && hoursBefore > now) times.push({ kind: "hours-before", runAt: hoursBefore });
  return times;
}
