import { z } from "zod";
import { DATE_SHAPE, TIME_OF_DAY } from "./forms";
import { withValues } from "./message-keys";

// The fields of a form that plans something once or on repeat (an activity's sessions, a circle's
// tasks), shared by every such form so the rules stay one: a start date, a time window, once /
// weekly on chosen weekdays every n weeks / monthly on the nth (or last) weekday, ending on a date
// or after n times. Browser-safe. Each capability passes its own message keys.

/** The translation keys a capability uses for these fields' errors. */
export interface RecurrenceMessages {
  required: string;
  date: string;
  time: string;
  number: string;
  /** With `{{min}}`. */
  atLeast: string;
  /** With `{{max}}`. */
  atMost: string;
  endBeforeStart: string;
  weekdays: string;
  noEnd: string;
  untilRequired: string;
  countRequired: string;
  untilBeforeStart: string;
}

/** A whole number between `min` and `max`, with the capability's messages. */
export function wholeNumberField(m: RecurrenceMessages, min: number, max: number, minMessage = withValues(m.atLeast, { min })) {
  return z
    .number({ required_error: m.required, invalid_type_error: m.number })
    .int(m.number)
    .min(min, minMessage)
    .max(max, withValues(m.atMost, { max }));
}

/** The zod fields of the time window and the repetition (spread them into the form's object). */
export function recurrenceFields(m: RecurrenceMessages, limits: { interval: number; count: number }) {
  const localDate = z.string({ required_error: m.required }).regex(DATE_SHAPE, m.date);
  const localTime = z.string({ required_error: m.required }).regex(TIME_OF_DAY, m.time);
  return {
    startDate: localDate,
    startTime: localTime,
    endTime: localTime,
    repeat: z.enum(["once", "weekly", "monthly"], { errorMap: () => ({ message: m.required }) }),
    interval: wholeNumberField(m, 1, limits.interval).optional(),
    weekdays: z.array(z.number().int().min(1).max(7)).optional(),
    monthlyNth: z
      .number({ invalid_type_error: m.required })
      .int()
      .refine((n) => [1, 2, 3, 4, -1].includes(n), m.required)
      .optional(),
    monthlyWeekday: z.number().int().min(1, m.required).max(7, m.required).optional(),
    endKind: z.enum(["until", "count"], { errorMap: () => ({ message: m.noEnd }) }).optional(),
    until: localDate.optional(),
    count: wholeNumberField(m, 1, limits.count).optional(),
  };
}

type RecurrenceValues = {
  startDate: string;
  startTime: string;
  endTime: string;
  repeat: "once" | "weekly" | "monthly";
  weekdays?: number[];
  monthlyNth?: number;
  monthlyWeekday?: number;
  endKind?: "until" | "count";
  until?: string;
  count?: number;
};

/** The rules between the fields (for a `superRefine`): `issue` adds an error at a field. */
export function checkRecurrence(v: RecurrenceValues, m: RecurrenceMessages, issue: (field: string, message: string) => void) {
  if (v.endTime <= v.startTime) issue("endTime", m.endBeforeStart);
  if (v.repeat === "weekly" && !v.weekdays?.length) issue("weekdays", m.weekdays);
  if (v.repeat === "monthly") {
    if (v.monthlyNth === undefined) issue("monthlyNth", m.required);
    if (v.monthlyWeekday === undefined) issue("monthlyWeekday", m.required);
  }
  if (v.repeat !== "once") {
    if (!v.endKind) issue("endKind", m.noEnd);
    if (v.endKind === "until" && !v.until) issue("until", m.untilRequired);
    if (v.endKind === "count" && v.count === undefined) issue("count", m.countRequired);
    if (v.endKind === "until" && v.until && v.until < v.startDate) issue("until", m.untilBeforeStart);
  }
}
