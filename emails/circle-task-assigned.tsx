import { Button, Text } from "@react-email/components";
import type { TFunction } from "~/locales/translate";
import { z } from "zod";
import { circleTaskKinds } from "~/domain/vocabulary";
import { formatTimeRange } from "~/domain/time";
import { EmailLayout, emailStyles } from "./layout";

/**
 * To a member a lead assigned to a task in their care circle: only "a task in your circle", its
 * kind, the time and a link to the circle. No title, no notes, no name of the person cared for.
 */
export const circleTaskAssignedProps = z.object({
  name: z.string(),
  kind: z.enum(circleTaskKinds),
  startsAt: z.number(),
  endsAt: z.number(),
  url: z.string().url(),
});

type Props = z.infer<typeof circleTaskAssignedProps> & { t: TFunction; locale: string; timeZone: string };

export function CircleTaskAssignedEmail({ t, locale, timeZone, name, kind, startsAt, endsAt, url }: Props) {
  const intro = t("circleTasks.email.assignedText", {
    kind: t(`circleTasks.kinds.${kind}`).toLowerCase(),
    when: formatTimeRange(startsAt, endsAt, timeZone, locale),
  });
  return (
    <EmailLayout t={t} locale={locale} preview={intro}>
      <Text style={emailStyles.paragraph}>{t("circleTasks.email.greeting", { name })}</Text>
      <Text style={emailStyles.paragraph}>{intro}</Text>
      <Button href={url} style={emailStyles.button}>
        {t("circleTasks.email.view")}
      </Button>
      <Text style={{ ...emailStyles.muted, marginTop: "24px" }}>{t("circleTasks.email.noDetails")}</Text>
    </EmailLayout>
  );
}

CircleTaskAssignedEmail.PreviewProps = {
  name: "Mo de Vries",
  kind: "meal",
  startsAt: Date.UTC(2026, 11, 5, 17, 0),
  endsAt: Date.UTC(2026, 11, 5, 18, 0),
  url: "http://localhost:3000/circles/1",
} satisfies Omit<Props, "t" | "locale" | "timeZone">;
