import { z } from "zod";

// Form schemas shared by the browser (Conform) and the domain. Messages are translation keys.

export const CODE_LENGTH = 6;

export const emailSchema = z
  .string({ required_error: "errors.email.required" })
  .trim()
  .min(1, "errors.email.required")
  .max(254, "errors.email.invalid")
  .email("errors.email.invalid")
  .transform((e) => e.toLowerCase());

export const codeSchema = z
  .string({ required_error: "errors.code.required" })
  .transform((c) => c.replace(/[\s-]/g, "").toUpperCase())
  .pipe(z.string().length(CODE_LENGTH, "errors.code.format"));

/** /login: ask for a code by email, then sign in with it (`redirectTo` is checked by the route). */
export const signInRequestSchema = z.object({ email: emailSchema, redirectTo: z.string().optional() });
export const signInCodeSchema = z.object({ email: emailSchema, code: codeSchema, redirectTo: z.string().optional() });

/** Dutch postcode: 4 digits (not starting with 0) and 2 letters; spaces and case are forgiven. */
export const postcodeSchema = z
  .string({ required_error: "errors.postcode.required" })
  .transform((p) => p.replace(/\s+/g, "").toUpperCase())
  .pipe(
    z
      .string()
      .min(1, "errors.postcode.required")
      .regex(/^[1-9][0-9]{3}[A-Z]{2}$/, "errors.postcode.format"),
  );

export const nameSchema = z
  .string({ required_error: "errors.name.required" })
  .trim()
  .min(1, "errors.name.required")
  .max(100, "errors.name.tooLong");

export const profileSchema = z.object({
  name: nameSchema,
  postcode: postcodeSchema,
  consent: z.literal("on", { errorMap: () => ({ message: "errors.consent.required" }) }),
});

/** The wording version of the privacy statement that a new account consents to. */
export const PRIVACY_STATEMENT_VERSION = "2026-12";
