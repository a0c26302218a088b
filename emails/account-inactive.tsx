import { Button, Text } from "@react-email/components";
import type { TFunction } from "~/locales/translate";
import { z } from "zod";
import { formatLocalDate } from "~/domain/scheduling";
import { EmailLayout, emailStyles } from "./layout";

/**
 * To someone who has not used Noaber for a long time (retention, decision 034): their account will
 * be deleted from a date on unless they sign in; a link to sign in. Nothing else about them.
 */
export const accountInactiveProps = z.object({
  name: z.string(),
  /** The local date ("2027-01-31") from which the account may be deleted. */
  eraseFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  url: z.string().url(),
});

type Props = z.infer<typeof accountInactiveProps> & { t: TFunction; locale: string; timeZone: string };

export function AccountInactiveEmail({ t, locale, name, eraseFrom, url }: Props) {
  return (
    <EmailLayout t={t} locale={locale} preview={t("retention.email.preview")}>
      <Text style={emailStyles.paragraph}>{t("activityEmail.greeting", { name })}</Text>
      <Text style={emailStyles.paragraph}>{t("retention.email.intro")}</Text>
      <Text style={emailStyles.paragraph}>{t("retention.email.deleteFrom", { date: formatLocalDate(eraseFrom, locale) })}</Text>
      <Text style={emailStyles.paragraph}>{t("retention.email.keep")}</Text>
      <Button href={url} style={emailStyles.button}>
        {t("retention.email.button")}
      </Button>
      <Text style={emailStyles.muted}>{t("retention.email.letGo")}</Text>
    </EmailLayout>
  );
}

AccountInactiveEmail.PreviewProps = {
  name: "Anna de Vries",
  eraseFrom: "2027-01-02",
  url: "http://localhost:3000/login",
} satisfies Omit<Props, "t" | "locale" | "timeZone">;
