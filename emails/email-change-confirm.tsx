import { Button, Text } from "@react-email/components";
import type { TFunction } from "~/locales/translate";
import { z } from "zod";
import { EmailLayout, emailStyles } from "./layout";

/** To a new email address: the link that makes it the account's address. Nothing else about the account. */
export const emailChangeConfirmProps = z.object({ name: z.string(), expiresInHours: z.number().int().positive() });
export const emailChangeConfirmSecrets = z.object({ link: z.string().url() });

type Props = z.infer<typeof emailChangeConfirmProps> & z.infer<typeof emailChangeConfirmSecrets> & { t: TFunction; locale: string };

export function EmailChangeConfirmEmail({ t, locale, name, expiresInHours, link }: Props) {
  return (
    <EmailLayout t={t} locale={locale} preview={t("profile.confirmEmail.preview")}>
      <Text style={emailStyles.paragraph}>{t("activityEmail.greeting", { name })}</Text>
      <Text style={emailStyles.paragraph}>{t("profile.confirmEmail.intro")}</Text>
      <Button href={link} style={emailStyles.button}>
        {t("profile.confirmEmail.button")}
      </Button>
      <Text style={{ ...emailStyles.muted, marginTop: "24px" }}>{t("profile.confirmEmail.expiry", { hours: expiresInHours })}</Text>
      <Text style={emailStyles.muted}>{t("profile.confirmEmail.notYou")}</Text>
    </EmailLayout>
  );
}

EmailChangeConfirmEmail.PreviewProps = {
  name: "Anna de Vries",
  expiresInHours: 24,
  link: "http://localhost:3000/me/email/preview",
} satisfies Omit<Props, "t" | "locale">;
