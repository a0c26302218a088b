import { Button, Text } from "@react-email/components";
import type { TFunction } from "~/locales/translate";
import { z } from "zod";
import { helpRequestKinds } from "~/domain/vocabulary";
import { formatTimeRange } from "~/domain/time";
import { EmailLayout, emailStyles } from "./layout";

/**
 * After a session: the organiser is asked to record attendance, a volunteer to confirm their hours.
 * Help-session prompts carry only the kind of help (no care details, no names).
 */
export const afterSessionVariants = ["attendance", "shiftHours", "helpHours"] as const;

export const afterSessionProps = z.object({
  variant: z.enum(afterSessionVariants),
  name: z.string(),
  /** The activity's title (attendance, shift hours). */
  title: z.string().nullable(),
  role: z.string().nullable(),
  helpKind: z.enum(helpRequestKinds).nullable(),
  startsAt: z.number(),
  endsAt: z.number(),
  url: z.string().url(),
});

type Props = z.infer<typeof afterSessionProps> & { t: TFunction; locale: string; timeZone: string };

export function afterSessionSubject(t: TFunction, props: z.infer<typeof afterSessionProps>): string {
  return t(`afterSession.email.${props.variant}.subject`, textValues(t, props));
}

function textValues(t: TFunction, props: Pick<Props, "title" | "role" | "helpKind">) {
  return {
    title: props.title ?? "",
    role: props.role ?? "",
    kind: props.helpKind ? t(`helpRequests.kinds.${props.helpKind}`).toLowerCase() : "",
  };
}

export function AfterSessionEmail({ t, locale, timeZone, variant, name, startsAt, endsAt, url, ...rest }: Props) {
  const intro = t(`afterSession.email.${variant}.intro`, textValues(t, rest));
  return (
    <EmailLayout t={t} locale={locale} preview={intro}>
      <Text style={emailStyles.paragraph}>{t("afterSession.email.greeting", { name })}</Text>
      <Text style={emailStyles.paragraph}>{intro}</Text>
      <Text style={emailStyles.paragraph}>
        {t("afterSession.email.when", { when: formatTimeRange(startsAt, endsAt, timeZone, locale) })}
      </Text>
      <Button href={url} style={emailStyles.button}>
        {t(`afterSession.email.${variant}.button`)}
      </Button>
      <Text style={{ ...emailStyles.muted, marginTop: "24px" }}>{t("afterSession.email.why")}</Text>
    </EmailLayout>
  );
}

AfterSessionEmail.PreviewProps = {
  variant: "shiftHours",
  name: "Willem de Boer",
  title: "Wandelvoetbal voor 60-plussers",
  role: "Gastheer",
  helpKind: null,
  startsAt: Date.UTC(2026, 11, 1, 18, 0),
  endsAt: Date.UTC(2026, 11, 1, 20, 0),
  url: "http://localhost:3000/me/hours",
} satisfies Omit<Props, "t" | "locale" | "timeZone">;
