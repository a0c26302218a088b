import { z } from "zod";

// The volunteer's own confirmation of hours for a shift, shared by the browser (Conform) and the
// domain. Messages are translation keys under myHours.errors.

export const MAX_SHIFT_MINUTES = 24 * 60;

export const confirmShiftHoursSchema = z.object({
  signupId: z
    .number({ required_error: "myHours.errors.notYours", invalid_type_error: "myHours.errors.notYours" })
    .int()
    .positive("myHours.errors.notYours"),
  minutes: z
    .number({ required_error: "myHours.errors.minutes", invalid_type_error: "myHours.errors.minutes" })
    .int("myHours.errors.minutes")
    .min(1, "myHours.errors.minutes")
    .max(MAX_SHIFT_MINUTES, "myHours.errors.minutes"),
});
export type ConfirmShiftHoursInput = z.input<typeof confirmShiftHoursSchema>;
