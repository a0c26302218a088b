import { z } from "zod";
import { DATE_SHAPE, TIME_OF_DAY } from "../forms";

// Form schemas for helping sessions after a match, shared by the browser (Conform) and the domain.
// Messages are translation keys under helpMatch.errors.

const required = "helpMatch.errors.required";

export const HELP_LIMITS = { reason: 500, feedback: 1000, count: 52, interval: 4, minutes: 12 * 60 } as const;

const text = (max: number, tooLong: string) => z.string({ required_error: required }).trim().min(1, required).max(max, tooLong);
const localDate = z.string({ required_error: required }).regex(DATE_SHAPE, "helpMatch.errors.date");
const localTime = z.string({ required_error: required }).regex(TIME_OF_DAY, "helpMatch.errors.time");
const wholeNumber = (min: number, max: number) =>
  z
    .number({ required_error: required, invalid_type_error: "helpMatch.errors.number" })
    .int("helpMatch.errors.number")
    .min(min, "helpMatch.errors.range")
    .max(max, "helpMatch.errors.range");

export const scheduleSessionsSchema = z
  .object({
    date: localDate,
    startTime: localTime,
    endTime: localTime,
    repeat: z.enum(["once", "weekly"], { errorMap: () => ({ message: required }) }),
    interval: wholeNumber(1, HELP_LIMITS.interval).optional(),
    weekdays: z.array(z.number().int().min(1).max(7)).optional(),
    count: wholeNumber(1, HELP_LIMITS.count).optional(),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
    if (v.endTime <= v.startTime) issue("endTime", "helpMatch.errors.endBeforeStart");
    if (v.repeat === "weekly") {
      if (!v.weekdays?.length) issue("weekdays", "helpMatch.errors.weekdays");
      if (v.count === undefined) issue("count", "helpMatch.errors.countRequired");
    }
  });
export type ScheduleSessionsInput = z.output<typeof scheduleSessionsSchema>;

export const cancelSessionSchema = z.object({
  sessionId: z.number({ required_error: required }).int().positive(),
  reason: text(HELP_LIMITS.reason, "helpMatch.errors.reasonTooLong"),
});

export const confirmSessionSchema = z.object({
  sessionId: z.number({ required_error: required }).int().positive(),
  minutes: wholeNumber(0, HELP_LIMITS.minutes).optional(),
});

export const logHoursSchema = z.object({
  date: localDate,
  startTime: localTime,
  minutes: wholeNumber(1, HELP_LIMITS.minutes),
});

export const endMatchSchema = z.object({ reason: text(HELP_LIMITS.reason, "helpMatch.errors.reasonTooLong") });

export const feedbackSchema = z.object({ text: text(HELP_LIMITS.feedback, "helpMatch.errors.feedbackTooLong") });
