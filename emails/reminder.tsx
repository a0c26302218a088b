import { Button, Link, Text } from "@react-email/components";
import type { TFunction } from "~/locales/translate";
import { z } from "zod";
import { circleTaskKinds, helpRequestKinds } from "~/domain/vocabulary";
import { formatTimeRange } from "~/domain/time";
import { EmailLayout, emailStyles } from "./layout";

/**
 * A reminder before an activity session (a place as participant or a shift) or a helping session.
 * `signupId` / `helpSessionId` and `sequence` let the send-time guard check that it still stands.
 * A helping-session reminder carries only the kind of help and the time: no names, no address.
 * A circle-task reminder (`circleClaimId`) says only "a task in your circle", its kind, the time and
 * a link to the circle: no title, no notes, no name of the person cared for.
 */
export const reminderProps = z.object({
  about: z.enum(["activity", "help", "circle-task"]),
  reminder: z.enum(["day-before", "hours-before"]),
  name: z.string(),
  activityTitle: z.string().nullable(),
  helpKind: z.enum(helpRequestKinds).nullable(),
  /** A place in a care circle's task: only its kind, never its title or notes. */
  circleTaskKind: z.enum(circleTaskKinds).nullable().default(null),
  role: z.string().nullable(),
  startsAt: z.number(),
  endsAt: z.number(),
  address: z.string().nullable(),
  url: z.string().url(),
  signupId: z.number().nullable(),
  helpSessionId: z.number().nullable(),
  circleClaimId: z.number().nullable().default(null),
  sequence: z.number(),
});

/** The one-click links are credentials: sealed in the outbox row and wiped once sent. */
export const reminderSecrets = z.object({
  confirmUrl: z.string().url().optional(),
  cancelUrl: z.string().url().optional(),
});

type Props = z.infer<typeof reminderProps> & z.infer<typeof reminderSecrets> & { t: TFunction; locale: string; timeZone: string };

const circleKind = (t: TFunction, props: { circleTaskKind: string | null }) =>
  t(`circleTasks.kinds.${props.circleTaskKind ?? "other"}`).toLowerCase();

export function reminderSubject(t: TFunction, props: z.infer<typeof reminderProps>): string {
  if (props.about === "circle-task") return t("circleTasks.email.reminderSubject", { kind: circleKind(t, props) });
  return props.about === "activity"
    ? t("reminders.email.subjectActivity", { title: props.activityTitle ?? "" })
    : t("reminders.email.subjectHelp", { kind: t(`helpRequests.kinds.${props.helpKind ?? "other"}`).toLowerCase() });
}

/** What the reminder is about, in a few words (no care details for help and circle tasks). */
function whatOf(t: TFunction, props: z.infer<typeof reminderProps>): string {
  if (props.about === "activity") return props.activityTitle ?? "";
  if (props.about === "circle-task") return t("circleTasks.email.reminderWhat", { kind: circleKind(t, props) });
  return t("reminders.email.helpWhat", { kind: t(`helpRequests.kinds.${props.helpKind ?? "other"}`).toLowerCase() });
}

const viewKey = { activity: "reminders.email.viewActivity", help: "reminders.email.viewSessions", "circle-task": "circleTasks.email.view" };

export function ReminderEmail(props: Props) {
  const { t, locale, timeZone, about, reminder, name, role, startsAt, endsAt, address, url, confirmUrl, cancelUrl } = props;
  const what = whatOf(t, props);
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
        <Link href={url}>{t(viewKey[about])}</Link>
      </Text>
      {about === "help" ? <Text style={{ ...emailStyles.muted, marginTop: "24px" }}>{t("helpEmail.noDetails")}</Text> : null}
      {about === "circle-task" ? <Text style={{ ...emailStyles.muted, marginTop: "24px" }}>{t("circleTasks.email.noDetails")}</Text> : null}
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
  circleTaskKind: null,
  circleClaimId: null,
  sequence: 0,
  confirmUrl: "http://localhost:3000/reminders/example",
  cancelUrl: "http://localhost:3000/reminders/example",
} satisfies Omit<Props, "t" | "locale" | "timeZone">;
