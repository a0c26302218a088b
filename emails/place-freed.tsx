import { Button, Text } from "@react-email/components";
import type { TFunction } from "~/locales/translate";
import { z } from "zod";
import { formatTimeRange } from "~/domain/time";
import { EmailLayout, emailStyles } from "./layout";

/**
 * To the organisers of an activity: someone's place was cancelled because they deleted their
 * Noaber account. Never says who (the person is gone); says whether the waitlist filled the place.
 */
export const placeFreedProps = z.object({
  name: z.string(),
  activityTitle: z.string(),
  role: z.string().nullable(),
  startsAt: z.number(),
  endsAt: z.number(),
  promoted: z.boolean(),
  url: z.string().url(),
});

type Props = z.infer<typeof placeFreedProps> & { t: TFunction; locale: string; timeZone: string };

export function PlaceFreedEmail({ t, locale, timeZone, name, activityTitle, role, startsAt, endsAt, promoted, url }: Props) {
  const when = formatTimeRange(startsAt, endsAt, timeZone, locale);
  const intro = t(role ? "accountDeletion.email.introShift" : "accountDeletion.email.intro", { title: activityTitle, role, when });
  return (
    <EmailLayout t={t} locale={locale} preview={intro}>
      <Text style={emailStyles.paragraph}>{t("accountDeletion.email.greeting", { name })}</Text>
      <Text style={emailStyles.paragraph}>{intro}</Text>
      <Text style={emailStyles.paragraph}>{t(promoted ? "accountDeletion.email.promoted" : "accountDeletion.email.free")}</Text>
      <Button href={url} style={emailStyles.button}>
        {t("accountDeletion.email.open")}
      </Button>
    </EmailLayout>
  );
}

PlaceFreedEmail.PreviewProps = {
  name: "Ans Jansen",
  activityTitle: "Repair Café",
  role: "Koffie schenken",
  startsAt: Date.UTC(2026, 11, 5, 13, 0),
  endsAt: Date.UTC(2026, 11, 5, 15, 0),
  promoted: true,
  url: "http://localhost:3000/activities/1/manage",
} satisfies Omit<Props, "t" | "locale" | "timeZone">;
