import { Button, Text } from "@react-email/components";
import type { TFunction } from "~/locales/translate";
import { z } from "zod";
import { formatTimeRange } from "~/domain/time";
import { EmailLayout, emailStyles } from "./layout";

export const sessionCancelledProps = z.object({
  name: z.string(),
  activityTitle: z.string(),
  role: z.string().nullable(),
  /** The (first) cancelled session of this person. */
  startsAt: z.number(),
  endsAt: z.number(),
  scope: z.enum(["session", "series"]),
  /** How many of this person's sessions were cancelled (a whole series: possibly several). */
  sessionCount: z.number().int().positive(),
  url: z.string().url(),
});

type Props = z.infer<typeof sessionCancelledProps> & { t: TFunction; locale: string; timeZone: string };

/** The organiser cancelled a session, or every remaining session of a series. */
export function SessionCancelledEmail({
  t,
  locale,
  timeZone,
  name,
  activityTitle,
  role,
  startsAt,
  endsAt,
  scope,
  sessionCount,
  url,
}: Props) {
  const when = formatTimeRange(startsAt, endsAt, timeZone, locale);
  const intro =
    scope === "series"
      ? t("organiserEmail.cancelled.introSeries", { title: activityTitle, count: sessionCount })
      : t("organiserEmail.cancelled.intro", { title: activityTitle });
  return (
    <EmailLayout t={t} locale={locale} preview={intro}>
      <Text style={emailStyles.paragraph}>{t("activityEmail.greeting", { name })}</Text>
      <Text style={emailStyles.paragraph}>{intro}</Text>
      <Text style={emailStyles.paragraph}>
        {scope === "series" ? t("organiserEmail.cancelled.fromWhen", { when }) : t("activityEmail.when", { when })}
        {role ? (
          <>
            <br />
            {t("activityEmail.role", { role })}
          </>
        ) : null}
      </Text>
      <Text style={emailStyles.paragraph}>{t("organiserEmail.cancelled.signupsEnded")}</Text>
      <Button href={url} style={emailStyles.button}>
        {t("activityEmail.view")}
      </Button>
    </EmailLayout>
  );
}

SessionCancelledEmail.PreviewProps = {
  name: "Willem de Boer",
  activityTitle: "Wandelvoetbal voor 60-plussers",
  role: "Gastheer",
  startsAt: Date.UTC(2026, 11, 1, 18, 0),
  endsAt: Date.UTC(2026, 11, 1, 20, 0),
  scope: "session",
  sessionCount: 1,
  url: "http://localhost:3000/activities/1",
} satisfies Omit<Props, "t" | "locale" | "timeZone">;
