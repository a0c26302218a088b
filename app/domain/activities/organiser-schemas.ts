import { z } from "zod";
import type { ActivityCategory } from "#db/schema/activities";
import { activityCategories, targetGroups } from "~/domain/vocabulary";
import { DATE_SHAPE, TIME_OF_DAY, optionalText } from "../forms";
import { withValues } from "../message-keys";
import { checkRecurrence, recurrenceFields, wholeNumberField, type RecurrenceMessages } from "../recurrence-form";

// Form schemas for organisers, shared by the browser (Conform) and the domain, which parses its
// input again with them. Messages are translation keys; a key may carry values for the message
// after a "?" (`organiser.errors.tooLong?max=120`), read by `splitMessage`.

export const targetGroupValues = targetGroups;
// The category list repeats db/schema/activities.ts: importing that module would pull drizzle
// into the browser bundle. The type check keeps them equal.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _categoriesMatchDatabase: Same<(typeof activityCategories)[number], ActivityCategory> = true;

export const LIMITS = {
  title: 120,
  description: 4000,
  address: 200,
  accessibility: 1000,
  role: 80,
  message: 2000,
  capacity: 10_000,
  needed: 100,
  cutoffHours: 720,
  count: 366,
  interval: 8,
  shifts: 20,
  minutes: 24 * 60,
} as const;

const required = "organiser.errors.required";
const tooLong = (max: number) => withValues("organiser.errors.tooLong", { max });

const text = (max: number) => z.string({ required_error: required }).trim().min(1, required).max(max, tooLong(max));
const localDate = z.string({ required_error: required }).regex(DATE_SHAPE, "organiser.errors.date");
const localTime = z.string({ required_error: required }).regex(TIME_OF_DAY, "organiser.errors.time");
const id = z.number({ required_error: required, invalid_type_error: required }).int().positive();
const RECURRENCE: RecurrenceMessages = {
  required,
  date: "organiser.errors.date",
  time: "organiser.errors.time",
  number: "organiser.errors.number",
  atLeast: "organiser.errors.atLeast",
  atMost: "organiser.errors.atMost",
  endBeforeStart: "organiser.errors.endBeforeStart",
  weekdays: "organiser.errors.weekdays",
  noEnd: "organiser.errors.recurrenceNoEnd",
  untilRequired: "organiser.errors.untilRequired",
  countRequired: "organiser.errors.countRequired",
  untilBeforeStart: "organiser.errors.untilBeforeStart",
};
const wholeNumber = (min: number, max: number, minMessage?: string) => wholeNumberField(RECURRENCE, min, max, minMessage);

export const capacitySchema = wholeNumber(1, LIMITS.capacity, "organiser.errors.capacityMin");

export const shiftTemplateSchema = z.object({
  role: text(LIMITS.role),
  needed: wholeNumber(1, LIMITS.needed),
  startTime: localTime,
  endTime: localTime,
  requiresVog: z.boolean().optional(),
  requiredSkillId: id.optional(),
});

export const createActivitySchema = z
  .object({
    title: text(LIMITS.title),
    description: text(LIMITS.description),
    category: z.enum(activityCategories, { errorMap: () => ({ message: required }) }),
    organisationId: id,
    initiativeId: id.optional(),
    address: text(LIMITS.address),
    neighbourhoodId: id,
    accessibility: optionalText(LIMITS.accessibility, tooLong(LIMITS.accessibility)),
    targetGroups: z
      .array(z.enum(targetGroupValues, { errorMap: () => ({ message: required }) }), { required_error: "organiser.errors.targetGroups" })
      .min(1, "organiser.errors.targetGroups"),
    cancelCutoffHours: wholeNumber(0, LIMITS.cutoffHours).optional(),
    timeZone: z.string().trim().max(64, tooLong(64)).optional(),
    ...recurrenceFields(RECURRENCE, LIMITS),
    capacity: capacitySchema.optional(),
    shifts: z
      .array(shiftTemplateSchema)
      .max(LIMITS.shifts, withValues("organiser.errors.tooManyShifts", { max: LIMITS.shifts }))
      .optional(),
  })
  .superRefine((v, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });
    checkRecurrence(v, RECURRENCE, (field, message) => issue([field], message));
    v.shifts?.forEach((s, i) => {
      if (s.endTime <= s.startTime) issue(["shifts", i, "endTime"], "organiser.errors.endBeforeStart");
      else if (v.endTime > v.startTime && (s.startTime < v.startTime || s.endTime > v.endTime)) {
        issue(["shifts", i, "startTime"], withValues("organiser.errors.shiftOutsideSession", { start: v.startTime, end: v.endTime }));
      }
    });
  });

export type CreateActivityInput = z.input<typeof createActivitySchema>;

export const moveSessionSchema = z.object({ date: localDate, startTime: localTime });
export const capacityChangeSchema = z.object({ capacity: capacitySchema.optional() });
export const confirmSchema = z.object({
  // An unticked checkbox is absent; a ticked one arrives as "on" and Conform makes it true.
  confirm: z
    .boolean({ required_error: "organiser.errors.confirm", invalid_type_error: "organiser.errors.confirm" })
    .refine((v) => v, "organiser.errors.confirm"),
});

/** Cancelling every session of a series still ahead (the manage page). */
export const cancelSeriesSchema = confirmSchema.extend({ seriesId: z.number().int().positive() });

export const messageSchema = z.object({
  sessionId: id.optional(),
  body: text(LIMITS.message),
});

export const attendanceSchema = z.object({
  entries: z
    .array(
      z.object({
        signupId: id,
        attendance: z.enum(["present", "absent"]).optional(),
        minutes: wholeNumber(0, LIMITS.minutes).optional(),
      }),
    )
    .optional(),
});
