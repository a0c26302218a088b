import { z } from "zod";
import { phoneSchema } from "../organisations/schemas";
import { emailSchema, nameSchema, postcodeSchema } from "./schemas";

// The forms on /me for correcting one's own details, for Conform in the browser and the action.
// Each field reuses the one schema for its concept (name and postcode as at first sign-in, the
// phone number as everywhere else). Messages are translation keys.

export const profileFormSchema = z.object({
  name: nameSchema,
  postcode: postcodeSchema,
  /** Optional: left empty, the number is removed. */
  phone: phoneSchema.optional(),
  locale: z.enum(["nl", "en"], { errorMap: () => ({ message: "profile.errors.localeRequired" }) }),
});

export const emailChangeFormSchema = z.object({ email: emailSchema });
