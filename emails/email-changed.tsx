import { Text } from "@react-email/components";
import type { TFunction } from "~/locales/translate";
import { z } from "zod";
import { formatDateTime } from "~/domain/time";
import { EmailLayout, emailStyles } from "./layout";

/**
 * To the old address after the account's address changed: what happened and when, the new address
 * masked, and whom to contact. No link: nothing in this mail can undo or confirm anything.
 */
export const emailChangedProps = z.object({ name: z.string(), maskedNewEmail: z.string(), at: z.number() });

type Props = z.infer<typeof emailChangedProps> & { t: TFunction; locale: string; timeZone: string };

export function EmailChangedEmail({ t, locale, timeZone, name, maskedNewEmail, at }: Props) {
  return (
    <EmailLayout t={t} locale={locale} preview={t("profile.changedEmail.preview")}>
      <Text style={emailStyles.paragraph}>{t("activityEmail.greeting", { name })}</Text>
      <Text style={emailStyles.paragraph}>
        {t("profile.changedEmail.intro", { when: formatDateTime(at, timeZone, locale), email: maskedNewEmail })}
      </Text>
      <Text style={emailStyles.paragraph}>{t("profile.changedEmail.noLonger")}</Text>
      <Text style={emailStyles.paragraph}>{t("profile.changedEmail.notYou")}</Text>
    </EmailLayout>
  );
}

EmailChangedEmail.PreviewProps = {
  name: "Anna de Vries",
  maskedNewEmail: "a•••••@example.org",
  at: Date.UTC(2026, 11, 3, 10, 0),
} satisfies Omit<Props, "t" | "locale" | "timeZone">;
