import { Button, Text } from "@react-email/components";
import type { TFunction } from "~/locales/translate";
import { z } from "zod";
import { formatTimeRange } from "~/domain/time";
import { EmailLayout, emailStyles } from "./layout";

export const organiserMessageProps = z.object({
  name: z.string(),
  activityTitle: z.string(),
  organisationName: z.string(),
  senderName: z.string(),
  /** The organiser's own text: rendered as text (React escapes it), line breaks kept. */
  message: z.string(),
  session: z.object({ startsAt: z.number(), endsAt: z.number() }).nullable(),
  url: z.string().url(),
});

type Props = z.infer<typeof organiserMessageProps> & { t: TFunction; locale: string; timeZone: string };

/** A message from the organiser to everyone signed up for a session or the whole activity. */
export function OrganiserMessageEmail({
  t,
  locale,
  timeZone,
  name,
  activityTitle,
  organisationName,
  senderName,
  message,
  session,
  url,
}: Props) {
  const intro = t("organiserEmail.message.intro", { sender: senderName, organisation: organisationName, title: activityTitle });
  const lines = message.split(/\r?\n/);
  return (
    <EmailLayout t={t} locale={locale} preview={intro}>
      <Text style={emailStyles.paragraph}>{t("activityEmail.greeting", { name })}</Text>
      <Text style={emailStyles.paragraph}>{intro}</Text>
      {session ? (
        <Text style={emailStyles.paragraph}>
          {t("activityEmail.when", { when: formatTimeRange(session.startsAt, session.endsAt, timeZone, locale) })}
        </Text>
      ) : null}
      <Text style={{ ...emailStyles.paragraph, borderLeft: "4px solid #d0d0d0", paddingLeft: "12px" }}>
        {lines.map((line, i) => (
          <span key={i}>
            {i > 0 ? <br /> : null}
            {line}
          </span>
        ))}
      </Text>
      <Text style={emailStyles.muted}>{t("organiserEmail.message.replyNote")}</Text>
      <Button href={url} style={emailStyles.button}>
        {t("activityEmail.view")}
      </Button>
    </EmailLayout>
  );
}

OrganiserMessageEmail.PreviewProps = {
  name: "Willem de Boer",
  activityTitle: "Wandelvoetbal voor 60-plussers",
  organisationName: "Sportclub De Esch",
  senderName: "Fatima El Amrani",
  message: "Neem morgen sportschoenen mee.\nWe beginnen op veld 2.",
  session: { startsAt: Date.UTC(2026, 11, 1, 18, 0), endsAt: Date.UTC(2026, 11, 1, 20, 0) },
  url: "http://localhost:3000/activities/1",
} satisfies Omit<Props, "t" | "locale" | "timeZone">;
