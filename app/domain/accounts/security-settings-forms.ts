import { z } from "zod";

// The forms of /me/security and the admins' staff security page, for Conform in the browser and
// the route's action. Messages are translation keys.

const id = z.coerce.number({ invalid_type_error: "errors.notFound" }).int().positive();

export const renamePasskeySchema = z.object({
  id,
  name: z
    .string({ required_error: "securitySettings.passkeys.nameRequired" })
    .trim()
    .min(1, "securitySettings.passkeys.nameRequired")
    .max(60, "securitySettings.passkeys.nameTooLong"),
});

export const passkeyIdSchema = z.object({ id });

export const totpCodeSchema = z.object({
  code: z
    .string({ required_error: "securitySettings.totp.codeRequired" })
    .transform((c) => c.replace(/[\s-]/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, "securitySettings.totp.codeFormat")),
});

const totpCode = z
  .string({ required_error: "security.login.errors.codeRequired" })
  .transform((c) => c.replace(/[\s-]/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, "security.login.errors.codeFormat"));
const recoveryCode = z
  .string({ required_error: "security.login.errors.recoveryRequired" })
  .trim()
  .min(1, "security.login.errors.recoveryRequired")
  .max(40, "security.login.errors.recoveryInvalid");

/** The forms of /login/second-factor, by intent: add the authenticator app, or prove a code from it or a recovery code. */
export const secondFactorForms = {
  "enrol-totp": z.object({ code: totpCode }),
  totp: z.object({ code: totpCode }),
  recovery: z.object({ code: recoveryCode }),
} as const;
export type SecondFactorIntent = keyof typeof secondFactorForms;

export const resetSecondFactorSchema = z.object({
  confirm: z.literal("on", { errorMap: () => ({ message: "securitySettings.staff.confirmRequired" }) }),
});
