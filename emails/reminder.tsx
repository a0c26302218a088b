import { Button, Link, Text } from "@react-email/components";
import type { TFunction } from "~/locales/translate";
import { z } from "zod";
import { helpRequestKinds } from "~/domain/vocabulary";
import { formatTimeRange } from "~/domain/time";
import { EmailLayout, emailStyles } from "./layout";

/**
 * A reminder before an activity session (a place as participant or a shift) or a helping session.
 * `signupId` / `helpSessionId` and `sequence` let the send-time guard check that it still stands.
 * A helping-session reminder carries only the kind of help and the time: no names, no address.
 */
export const reminderProps = z.object({
  about: z.enum(["activity", "help"]),
  reminder: z.enum(["day-before", "hours-before"]),
  name: z.string(),
  activityTitle: z.string().nullable(),
  helpKind: z.enum(helpRequestKinds).nullable(),
  role: z.string().nullable(),
  startsAt: z.number(),
  endsAt: z.number(),
  address: z.string().nullable(),
  url: z.string().url(),
  signupId: z.number().nullable(),
  helpSessionId: z.number().nullable(),
  sequence: z.number(),
});

/** The one-click links are credentials: sealed in the outbox row and wiped once sent. */
export const reminderSecrets = z.object({
  confirmUrl: z.string().url().optional(),
  cancelUrl: z.string().url().optional(),
});

type Props = z.infer<typeof reminderProps> & z.infer<typeof reminderSecrets> & { t: TFunction; locale: string; timeZone: string };

export function reminderSubject(t: TFunction, props: z.infer<typeof reminderProps>): string {
  return props.about === "activity"
    ? t("reminders.email.subjectActivity", { title: props.activityTitle ?? "" })
    : t("reminders.email.subjectHelp", { kind: t(`helpRequests.kinds.${props.helpKind ?? "other"}`).toLowerCase() });
}

export function ReminderEmail(props: Props) {
  const {
    t,
    locale,
    timeZone,
    about,
    reminder,
    name,
    activityTitle,
    helpKind,
    role,
    startsAt,
    endsAt,
    address,
    url,
    confirmUrl,
    cancelUrl,
  } = props;
  const what =
    about === "activity"
      ? (activityTitle ?? "")
      : t("reminders.email.helpWhat", { kind: t(`helpRequests.kinds.${helpKind ?? "other"}`).toLowerCase() });
  const intro = t(reminder === "day-before" ? "reminders.email.introDayBefore" : "reminders.email.introSoon", { what });
  return (
    <EmailLayout t={t} locale={locale} preview={intro}>
      <Text style={emailStyles.paragraph}>{t("reminders.email.greeting", { name })}</Text>
      <Text style={emailStyles.paragraph}>{intro}</Text>
      <Text style={emailStyles.paragraph}>
        {t("reminders.email.when", { when: formatTimeRange(startsAt, endsAt, timeZone, locale) })}
        {address ? (
          <>
            <br />
            {t("reminders.email.where", { address })}
          </>
        ) : null}
        {role ? (
          <>
            <br />
            {t("reminders.email.role", { role })}
          </>
        ) : null}
      </Text>
      {confirmUrl ? (
        <>
          <Text style={emailStyles.paragraph}>{t("reminders.email.askConfirm")}</Text>
          <Button href={confirmUrl} style={emailStyles.button}>
            {t("reminders.email.confirm")}
          </Button>
        </>
      ) : null}
      {cancelUrl ? (
        <Text style={{ ...emailStyles.paragraph, marginTop: "16px" }}>
          <Link href={cancelUrl}>{t("reminders.email.cancel")}</Link>
        </Text>
      ) : about === "help" ? (
        <Text style={{ ...emailStyles.paragraph, marginTop: "16px" }}>{t("reminders.email.helpCancel")}</Text>
      ) : null}
      <Text style={emailStyles.paragraph}>
        <Link href={url}>{t(about === "activity" ? "reminders.email.viewActivity" : "reminders.email.viewSessions")}</Link>
      </Text>
      {about === "help" ? <Text style={{ ...emailStyles.muted, marginTop: "24px" }}>{t("helpEmail.noDetails")}</Text> : null}
    </EmailLayout>
  );
}

ReminderEmail.PreviewProps = {
  about: "activity",
  reminder: "day-before",
  name: "Willem de Boer",
  activityTitle: "Wandelvoetbal voor 60-plussers",
  helpKind: null,
  role: null,
  startsAt: Date.UTC(2026, 11, 1, 18, 0),
  endsAt: Date.UTC(2026, 11, 1, 20, 0),
  address: "Sportpark De Esch, Eschweg 12",
  url: "http://localhost:3000/activities/1",
  signupId: 1,
  helpSessionId: null,
  sequence: 0,
  confirmUrl: "http://localhost:3000/reminders/example",
  cancelUrl: "http://localhost:3000/reminders/example",
} satisfies Omit<Props, "t" | "locale" | "timeZone">;
