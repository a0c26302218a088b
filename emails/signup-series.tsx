import { Button, Text } from "@react-email/components";
import type { TFunction } from "~/locales/translate";
import { z } from "zod";
import { formatTimeRange } from "~/domain/time";
import { EmailLayout, emailStyles } from "./layout";

export const signupSeriesProps = z.object({
  name: z.string(),
  activityTitle: z.string(),
  role: z.string().nullable(),
  address: z.string(),
  url: z.string().url(),
  dates: z.array(z.object({ startsAt: z.number(), endsAt: z.number(), status: z.enum(["confirmed", "waitlisted"]) })).min(1),
});

type Props = z.infer<typeof signupSeriesProps> & { t: TFunction; locale: string; timeZone: string };

/** A sign-up for a whole series: one mail with every date and whether it is a place or the waitlist. */
export function SignupSeriesEmail({ t, locale, timeZone, name, activityTitle, role, address, url, dates }: Props) {
  const intro = t("activityPages.email.series.intro", { title: activityTitle, count: dates.length });
  const waitlisted = dates.some((d) => d.status === "waitlisted");
  return (
    <EmailLayout t={t} locale={locale} preview={intro}>
      <Text style={emailStyles.paragraph}>{t("activityEmail.greeting", { name })}</Text>
      <Text style={emailStyles.paragraph}>{intro}</Text>
      <Text style={emailStyles.paragraph}>
        {t("activityEmail.where", { address })}
        {role ? (
          <>
            <br />
            {t("activityEmail.role", { role })}
          </>
        ) : null}
      </Text>
      <Text style={emailStyles.paragraph}>
        {dates.map((d, i) => (
          <span key={d.startsAt}>
            {i > 0 ? <br /> : null}
            {`${formatTimeRange(d.startsAt, d.endsAt, timeZone, locale)}: ${t(`activityPages.email.series.${d.status}`)}`}
          </span>
        ))}
      </Text>
      {waitlisted ? <Text style={emailStyles.paragraph}>{t("activityPages.email.series.waitlistNote")}</Text> : null}
      <Button href={url} style={emailStyles.button}>
        {t("activityEmail.view")}
      </Button>
    </EmailLayout>
  );
}

SignupSeriesEmail.PreviewProps = {
  name: "Willem de Boer",
  activityTitle: "Wandelvoetbal voor 60-plussers",
  role: null,
  address: "Sportpark De Esch, Eschweg 12",
  url: "http://localhost:3000/activities/1",
  dates: [
    { startsAt: Date.UTC(2026, 11, 1, 18, 0), endsAt: Date.UTC(2026, 11, 1, 20, 0), status: "confirmed" },
    { startsAt: Date.UTC(2026, 11, 8, 18, 0), endsAt: Date.UTC(2026, 11, 8, 20, 0), status: "waitlisted" },
  ],
} satisfies Omit<Props, "t" | "locale" | "timeZone">;
