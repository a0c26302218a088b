import { z } from "zod";

// The forms of /me/delete (issue 14) and of a coordinator erasing an intake person, for Conform in
// the browser and the action. Messages are translation keys. The verbs check the confirmation
// themselves too, after the rights check, so an empty form never tells whether a record exists.

/** Typing one's own email address confirms the deletion (the verb compares it, case-insensitively). */
export const closeAccountFormSchema = z.object({
  confirmEmail: z.string({ required_error: "accountDeletion.errors.required" }).trim().min(1, "accountDeletion.errors.required"),
});

/** Handing an organisation over before leaving: which member becomes admin. */
export const handoverFormSchema = z.object({
  organisation: z.string({ required_error: "accountDeletion.organisations.required" }),
  member: z
    .number({ required_error: "accountDeletion.organisations.required", invalid_type_error: "accountDeletion.organisations.required" })
    .int("accountDeletion.organisations.required")
    .positive("accountDeletion.organisations.required"),
});

/** The coordinator ticks that they are sure. */
export const intakeErasureFormSchema = z.object({
  confirm: z.boolean({ required_error: "accountDeletion.intake.required" }),
});
