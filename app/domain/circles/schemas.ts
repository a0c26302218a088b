import { z } from "zod";
import { emailSchema } from "../accounts/schemas";
import { circleRoles } from "../vocabulary";

// Form schemas for care circles (start one, invite, members), shared by the browser (Conform) and
// the server. Messages are translation keys under `circles.errors`. Rules that need the database
// (one circle per person cared for, the last lead, the daily invitation limit) live in the domain.

const E = "circles.errors";

/** How long a circle's name may be (the database checks the same). */
const CIRCLE_NAME_MAX = 80;

/** Who the circle is for: one of the carer's own people cared for (its id), a new one, or themselves. */
export const startCircleSchema = z
  .object({
    careRecipient: z
      .string({ required_error: `${E}.careRecipientRequired` })
      .regex(/^(new|self|[1-9][0-9]{0,15})$/, `${E}.careRecipientRequired`),
    firstName: z.string().trim().max(60, `${E}.tooLong`).optional(),
    name: z.string().trim().max(CIRCLE_NAME_MAX, `${E}.nameTooLong`).optional(),
  })
  .superRefine((value, context) => {
    if (value.careRecipient === "new" && !value.firstName)
      context.addIssue({ code: "custom", path: ["firstName"], message: `${E}.firstNameRequired` });
  });

/** Roles an invitation may offer: a circle gets a new lead only from within. */
export const invitationRoles = ["member", "co-lead"] as const;

export const circleInvitationSchema = z.object({
  email: emailSchema,
  role: z.enum(invitationRoles, { errorMap: () => ({ message: `${E}.roleRequired` }) }).default("member"),
});

export const circleMemberChangeSchema = z.object({
  userId: z.coerce.number().int().positive(),
  role: z.enum(circleRoles).optional(),
});

export const circleSettingsSchema = z.object({
  membersMayPost: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()),
});
