import { Button, Text } from "@react-email/components";
import type { TFunction } from "~/locales/translate";
import { z } from "zod";
import { formatDateTime } from "~/domain/time";
import { EmailLayout, emailStyles } from "./layout";

export const secondFactorResetProps = z.object({ name: z.string(), at: z.number(), url: z.string().url() });

type Props = z.infer<typeof secondFactorResetProps> & { t: TFunction; locale: string; timeZone: string };

/** To a staff member whose second factor an admin reset: what happened and what to do next. */
export function SecondFactorResetEmail({ t, locale, timeZone, name, at, url }: Props) {
  return (
    <EmailLayout t={t} locale={locale} preview={t("securityEmail.reset.preview")}>
      <Text style={emailStyles.paragraph}>{t("activityEmail.greeting", { name })}</Text>
      <Text style={emailStyles.paragraph}>{t("securityEmail.reset.intro", { when: formatDateTime(at, timeZone, locale) })}</Text>
      <Text style={emailStyles.paragraph}>{t("securityEmail.reset.next")}</Text>
      <Button href={url} style={emailStyles.button}>
        {t("securityEmail.reset.button")}
      </Button>
      <Text style={emailStyles.muted}>{t("securityEmail.reset.notExpected")}</Text>
    </EmailLayout>
  );
}

SecondFactorResetEmail.PreviewProps = {
  name: "Anna de Vries",
  at: Date.UTC(2026, 11, 3, 10, 0),
  url: "http://localhost:3000/login",
} satisfies Omit<Props, "t" | "locale" | "timeZone">;
