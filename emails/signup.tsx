import { Button, Text } from "@react-email/components";
import type { TFunction } from "~/locales/translate";
import { z } from "zod";
import { formatTimeRange } from "~/domain/time";
import { EmailLayout, emailStyles } from "./layout";

export const signupProps = z.object({
  name: z.string(),
  activityTitle: z.string(),
  role: z.string().nullable(),
  startsAt: z.number(),
  endsAt: z.number(),
  address: z.string(),
  url: z.string().url(),
});

export type SignupKind = "signup-confirmed" | "signup-waitlisted" | "signup-promoted";

type Props = z.infer<typeof signupProps> & { t: TFunction; locale: string; timeZone: string; kind: SignupKind };

/** Signed up, waitlisted, or promoted from the waitlist: one layout, three messages. */
export function SignupEmail({ t, locale, timeZone, kind, name, activityTitle, role, startsAt, endsAt, address, url }: Props) {
  const intro = t(`activityEmail.${kind}.intro`, { title: activityTitle });
  return (
    <EmailLayout t={t} locale={locale} preview={intro}>
      <Text style={emailStyles.paragraph}>{t("activityEmail.greeting", { name })}</Text>
      <Text style={emailStyles.paragraph}>{intro}</Text>
      <Text style={emailStyles.paragraph}>
        {t("activityEmail.when", { when: formatTimeRange(startsAt, endsAt, timeZone, locale) })}
        <br />
        {t("activityEmail.where", { address })}
        {role ? (
          <>
            <br />
            {t("activityEmail.role", { role })}
          </>
        ) : null}
      </Text>
      <Button href={url} style={emailStyles.button}>
        {t("activityEmail.view")}
      </Button>
    </EmailLayout>
  );
}

SignupEmail.PreviewProps = {
  kind: "signup-confirmed",
  name: "Willem de Boer",
  activityTitle: "Wandelvoetbal voor 60-plussers",
  role: "Gastheer",
  startsAt: Date.UTC(2026, 11, 1, 18, 0),
  endsAt: Date.UTC(2026, 11, 1, 20, 0),
  address: "Sportpark De Esch, Eschweg 12",
  url: "http://localhost:3000/activities/1",
} satisfies Omit<Props, "t" | "locale" | "timeZone">;
