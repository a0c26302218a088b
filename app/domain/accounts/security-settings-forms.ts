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

export const resetSecondFactorSchema = z.object({
  confirm: z.literal("on", { errorMap: () => ({ message: "securitySettings.staff.confirmRequired" }) }),
});
