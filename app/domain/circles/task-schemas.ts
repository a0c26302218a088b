import { z } from "zod";
import { circleTaskKinds } from "../vocabulary";
import { optionalText } from "../forms";
import { checkRecurrence, recurrenceFields, wholeNumberField, type RecurrenceMessages } from "../recurrence-form";
import { withValues } from "../message-keys";

// Form schemas of the task calendar, shared by the browser (Conform) and the domain, which parses
// its input again with them. Messages are translation keys (`circleTasks.errors.*`).

export const CIRCLE_TASK_LIMITS = { title: 80, notes: 2000, places: 20, interval: 8, count: 366 } as const;

const required = "circleTasks.errors.required";
const tooLong = (max: number) => withValues("circleTasks.errors.tooLong", { max });
const RECURRENCE: RecurrenceMessages = {
  required,
  date: "circleTasks.errors.date",
  time: "circleTasks.errors.time",
  number: "circleTasks.errors.number",
  atLeast: "circleTasks.errors.atLeast",
  atMost: "circleTasks.errors.atMost",
  endBeforeStart: "circleTasks.errors.endBeforeStart",
  weekdays: "circleTasks.errors.weekdays",
  noEnd: "circleTasks.errors.noEnd",
  untilRequired: required,
  countRequired: required,
  untilBeforeStart: "circleTasks.errors.untilBeforeStart",
};
const id = z.number({ required_error: required, invalid_type_error: required }).int().positive();

export const createCircleTaskSchema = z
  .object({
    kind: z.enum(circleTaskKinds, { errorMap: () => ({ message: required }) }),
    title: z.string({ required_error: required }).trim().min(1, required).max(CIRCLE_TASK_LIMITS.title, tooLong(CIRCLE_TASK_LIMITS.title)),
    notes: optionalText(CIRCLE_TASK_LIMITS.notes, tooLong(CIRCLE_TASK_LIMITS.notes)),
    places: wholeNumberField(RECURRENCE, 1, CIRCLE_TASK_LIMITS.places),
    ...recurrenceFields(RECURRENCE, CIRCLE_TASK_LIMITS),
  })
  .superRefine((v, ctx) =>
    checkRecurrence(v, RECURRENCE, (path, message) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message })),
  );

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
