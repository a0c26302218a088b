import { Button, Text } from "@react-email/components";
import type { TFunction } from "~/locales/translate";
import { z } from "zod";
import { EmailLayout, emailStyles } from "./layout";

export const signInProps = z.object({ name: z.string().nullable(), expiresInMinutes: z.number().int().positive() });
export const signInSecrets = z.object({ link: z.string().url(), code: z.string().min(1) });

type Props = z.infer<typeof signInProps> & z.infer<typeof signInSecrets> & { t: TFunction; locale: string };

export function SignInEmail({ t, locale, name, link, code, expiresInMinutes }: Props) {
  return (
    <EmailLayout t={t} locale={locale} preview={t("email.signIn.preview", { code })}>
      <Text style={emailStyles.paragraph}>{name ? t("email.signIn.greeting", { name }) : t("email.signIn.greetingNew")}</Text>
      <Text style={emailStyles.paragraph}>{t("email.signIn.intro")}</Text>
      <Button href={link} style={emailStyles.button}>
        {t("email.signIn.button")}
      </Button>
      <Text style={{ ...emailStyles.paragraph, marginTop: "24px" }}>{t("email.signIn.codeIntro")}</Text>
      <Text style={emailStyles.code}>{code}</Text>
      <Text style={emailStyles.muted}>{t("email.signIn.expiry", { minutes: expiresInMinutes })}</Text>
      <Text style={emailStyles.muted}>{t("email.signIn.notYou")}</Text>
    </EmailLayout>
  );
}

SignInEmail.PreviewProps = {
  name: "Anna de Vries",
  link: "http://localhost:3000/login/verify?token=preview",
  code: "K7M2QX",
  expiresInMinutes: 10,
} satisfies Omit<Props, "t" | "locale">;
