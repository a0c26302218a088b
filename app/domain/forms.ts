import { z } from "zod";

// What every capability's form schemas share: the time-of-day and calendar-date checks, optional
// text, and turning zod issues into form errors keyed by field name. Browser-safe (no server code),
// so the schemas in each capability's shared.ts can use it.

/** A time of day "HH:MM", 00:00 to 23:59 (24:00 is not a time of day). */
export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A calendar date "YYYY-MM-DD" (only the shape; see `isCalendarDate` for a date that exists). */
export const DATE_SHAPE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function isTimeOfDay(value: string): boolean {
  return TIME_OF_DAY.test(value);
}

/** A date that exists, written as YYYY-MM-DD (2026-02-30 does not). */
export function isExistingDate(value: string): boolean {
  if (!DATE_SHAPE.test(value)) return false;
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A date that exists, between 1900 and 2200: what a person may type as a calendar date. */
export function isCalendarDate(value: string): boolean {
  if (!isExistingDate(value)) return false;
  const year = Number(value.slice(0, 4));
  return year >= 1900 && year <= 2200;
}

/** Text that may be left out; trimmed, at most `max` characters (`tooLong` is the message). */
export const optionalText = (max: number, tooLong: string) => z.string().trim().max(max, tooLong).optional();

/** A field name as Conform writes it: `availability[2].startTime`; "form" for the form as a whole. */
export function fieldName(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("") || "form";
}

/** Zod issues as form errors keyed by Conform field name (messages are translation keys). */
export function fieldErrorsOf(error: {
  issues: readonly { path: readonly (string | number)[]; message: string }[];
}): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) (out[fieldName(issue.path)] ??= []).push(issue.message);
  return out;
}
