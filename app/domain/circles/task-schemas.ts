import { z } from "zod";
import { circleTaskKinds } from "../vocabulary";
import { DATE_SHAPE, TIME_OF_DAY, optionalText } from "../forms";
import { withValues } from "../message-keys";

// Form schemas of the task calendar, shared by the browser (Conform) and the domain, which parses
// its input again with them. Messages are translation keys (`circleTasks.errors.*`).

export const CIRCLE_TASK_LIMITS = { title: 80, notes: 2000, places: 20, interval: 8, count: 366 } as const;

const required = "circleTasks.errors.required";
const tooLong = (max: number) => withValues("circleTasks.errors.tooLong", { max });
const localDate = z.string({ required_error: required }).regex(DATE_SHAPE, "circleTasks.errors.date");
const localTime = z.string({ required_error: required }).regex(TIME_OF_DAY, "circleTasks.errors.time");
const wholeNumber = (min: number, max: number) =>
  z
    .number({ required_error: required, invalid_type_error: "circleTasks.errors.number" })
    .int("circleTasks.errors.number")
    .min(min, withValues("circleTasks.errors.atLeast", { min }))
    .max(max, withValues("circleTasks.errors.atMost", { max }));
const id = z.number({ required_error: required, invalid_type_error: required }).int().positive();

export const createCircleTaskSchema = z
  .object({
    kind: z.enum(circleTaskKinds, { errorMap: () => ({ message: required }) }),
    title: z.string({ required_error: required }).trim().min(1, required).max(CIRCLE_TASK_LIMITS.title, tooLong(CIRCLE_TASK_LIMITS.title)),
    notes: optionalText(CIRCLE_TASK_LIMITS.notes, tooLong(CIRCLE_TASK_LIMITS.notes)),
    places: wholeNumber(1, CIRCLE_TASK_LIMITS.places),
    startDate: localDate,
    startTime: localTime,
    endTime: localTime,
    repeat: z.enum(["once", "weekly", "monthly"], { errorMap: () => ({ message: required }) }),
    interval: wholeNumber(1, CIRCLE_TASK_LIMITS.interval).optional(),
    weekdays: z.array(z.number().int().min(1).max(7)).optional(),
    monthlyNth: z
      .number({ invalid_type_error: required })
      .int()
      .refine((n) => [1, 2, 3, 4, -1].includes(n), required)
      .optional(),
    monthlyWeekday: z.number().int().min(1, required).max(7, required).optional(),
    endKind: z.enum(["until", "count"], { errorMap: () => ({ message: "circleTasks.errors.noEnd" }) }).optional(),
    until: localDate.optional(),
    count: wholeNumber(1, CIRCLE_TASK_LIMITS.count).optional(),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
    if (v.endTime <= v.startTime) issue("endTime", "circleTasks.errors.endBeforeStart");
    if (v.repeat === "weekly" && !v.weekdays?.length) issue("weekdays", "circleTasks.errors.weekdays");
    if (v.repeat === "monthly") {
      if (v.monthlyNth === undefined) issue("monthlyNth", required);
      if (v.monthlyWeekday === undefined) issue("monthlyWeekday", required);
    }
    if (v.repeat !== "once") {
      if (!v.endKind) issue("endKind", "circleTasks.errors.noEnd");
      if (v.endKind === "until" && !v.until) issue("until", required);
      if (v.endKind === "count" && v.count === undefined) issue("count", required);
      if (v.endKind === "until" && v.until && v.until < v.startDate) issue("until", "circleTasks.errors.untilBeforeStart");
    }
  });

export type CreateCircleTaskInput = z.input<typeof createCircleTaskSchema>;

/** The small forms on the calendar page: take a place, give it back, assign, release. */
export const circleTaskActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("claim"), occurrenceId: id }),
  z.object({ intent: z.literal("unclaim"), occurrenceId: id }),
  z.object({ intent: z.literal("assign"), occurrenceId: id, userId: id }),
  z.object({ intent: z.literal("release"), claimId: id }),
]);

/** The forms on a task's page: cancel the whole task (from now on), or one occurrence. */
export const cancelCircleTaskSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("cancel-task"),
    confirm: z
      .boolean({ required_error: "circleTasks.errors.confirm", invalid_type_error: "circleTasks.errors.confirm" })
      .refine((v) => v, "circleTasks.errors.confirm"),
  }),
  z.object({ intent: z.literal("cancel-occurrence"), occurrenceId: id }),
]);
