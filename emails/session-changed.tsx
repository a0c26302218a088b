import { Button, Text } from "@react-email/components";
import type { TFunction } from "~/locales/translate";
import { z } from "zod";
import { formatTimeRange } from "~/domain/time";
import { EmailLayout, emailStyles } from "./layout";

export const sessionChangedProps = z.object({
  name: z.string(),
  activityTitle: z.string(),
  role: z.string().nullable(),
  oldStartsAt: z.number(),
  oldEndsAt: z.number(),
  startsAt: z.number(),
  endsAt: z.number(),
  address: z.string(),
  url: z.string().url(),
});

type Props = z.infer<typeof sessionChangedProps> & { t: TFunction; locale: string; timeZone: string };

/** The organiser moved a session someone signed up for: the old and the new time. */
export function SessionChangedEmail({
  t,
  locale,
  timeZone,
  name,
  activityTitle,
  role,
  oldStartsAt,
  oldEndsAt,
  startsAt,
  endsAt,
  address,
  url,
}: Props) {
  const intro = t("organiserEmail.changed.intro", { title: activityTitle });
  return (
    <EmailLayout t={t} locale={locale} preview={intro}>
      <Text style={emailStyles.paragraph}>{t("activityEmail.greeting", { name })}</Text>
      <Text style={emailStyles.paragraph}>{intro}</Text>
      <Text style={emailStyles.paragraph}>
        {t("organiserEmail.changed.old", { when: formatTimeRange(oldStartsAt, oldEndsAt, timeZone, locale) })}
        <br />
        <strong>{t("organiserEmail.changed.new", { when: formatTimeRange(startsAt, endsAt, timeZone, locale) })}</strong>
        <br />
        {t("activityEmail.where", { address })}
        {role ? (
          <>
            <br />
            {t("activityEmail.role", { role })}
          </>
        ) : null}
      </Text>
      <Text style={emailStyles.paragraph}>{t("organiserEmail.changed.cannotCome")}</Text>
      <Button href={url} style={emailStyles.button}>
        {t("activityEmail.view")}
      </Button>
    </EmailLayout>
  );
}

SessionChangedEmail.PreviewProps = {
  name: "Willem de Boer",
  activityTitle: "Wandelvoetbal voor 60-plussers",
  role: null,
  oldStartsAt: Date.UTC(2026, 11, 1, 18, 0),
  oldEndsAt: Date.UTC(2026, 11, 1, 20, 0),
  startsAt: Date.UTC(2026, 11, 3, 18, 30),
  endsAt: Date.UTC(2026, 11, 3, 20, 30),
  address: "Sportpark De Esch, Eschweg 12",
  url: "http://localhost:3000/activities/1",
} satisfies Omit<Props, "t" | "locale" | "timeZone">;
