import type { TFunction } from "~/locales/translate";
import type { ReactElement } from "react";
import { z as zod } from "zod";
import type { OptionalEmailKind } from "~/domain/vocabulary";
import { SignInEmail, signInProps, signInSecrets } from "./sign-in";
import { SignupEmail, signupProps, type SignupKind } from "./signup";
import { SignupSeriesEmail, signupSeriesProps } from "./signup-series";
import { OrganiserMessageEmail, organiserMessageProps } from "./organiser-message";
import { SessionCancelledEmail, sessionCancelledProps } from "./session-cancelled";
import { SessionChangedEmail, sessionChangedProps } from "./session-changed";
import { HelpNoticeEmail, helpNoticeProps } from "./help-notice";
import { ReminderEmail, reminderProps, reminderSecrets, reminderSubject } from "./reminder";
import { AfterSessionEmail, afterSessionProps, afterSessionSubject } from "./after-session";
import { DigestEmail, digestProps } from "./digest";
import { SecondFactorResetEmail, secondFactorResetProps } from "./second-factor-reset";
import { OrganisationInvitationEmail, organisationInvitationProps, organisationInvitationSecrets } from "./organisation-invitation";
import { EmailChangeConfirmEmail, emailChangeConfirmProps, emailChangeConfirmSecrets } from "./email-change-confirm";
import { EmailChangedEmail, emailChangedProps } from "./email-changed";
import { AccountInactiveEmail, accountInactiveProps } from "./account-inactive";
import { CareConsentWithdrawnEmail, careConsentWithdrawnProps } from "./care-consent-withdrawn";
import { PlaceFreedEmail, placeFreedProps } from "./place-freed";
import { CircleInvitationEmail, circleInvitationProps, circleInvitationSecrets } from "./circle-invitation";
import { NewMessageEmail, newMessageProps } from "./new-message";
import { CircleUpdateEmail, circleUpdateProps } from "./circle-update";
import { CircleTaskAssignedEmail, circleTaskAssignedProps } from "./circle-task-assigned";

const noSecrets = zod.object({});

export type EmailKind = "essential" | OptionalEmailKind;

export interface TemplateDefinition<P extends zod.ZodTypeAny, S extends zod.ZodTypeAny> {
  props: P;
  secrets: S;
  /**
   * "essential": sign-in, changes to what you signed up for — always sent, cannot be switched off.
   * An OptionalEmailKind: the person may switch it off on /me; the send-time guard checks it.
   */
  kind: EmailKind;
  subject: (t: TFunction, props: zod.infer<P>) => string;
  render: (args: zod.infer<P> & zod.infer<S> & { t: TFunction; locale: string; timeZone: string }) => ReactElement;
}

function define<P extends zod.ZodTypeAny, S extends zod.ZodTypeAny>(d: TemplateDefinition<P, S>) {
  return d;
}

/** Every email Noaber sends: key → props schema, subject and template. */
export const emailTemplates = {
  "sign-in": define({
    props: signInProps,
    secrets: signInSecrets,
    kind: "essential",
    subject: (t) => t("email.signIn.subject"),
    render: (args) => SignInEmail(args),
  }),
  /** Every help-request mail: one template, a variant per event, no care details. */
  "help-notice": define({
    props: helpNoticeProps,
    secrets: noSecrets,
    kind: "essential",
    subject: (t, props) => t(`helpEmail.${props.variant}.subject`),
    render: (args) => HelpNoticeEmail(args),
  }),
  /** Care-details consent withdrawn: to the helper and the coordinators, without details. */
  "care-consent-withdrawn": define({
    props: careConsentWithdrawnProps,
    secrets: noSecrets,
    kind: "essential",
    subject: (t) => t("careConsent.email.subject"),
    render: (args) => CareConsentWithdrawnEmail(args),
  }),
  /** To an activity's organisers: a place freed because its holder deleted their account (no name). */
  "place-freed": define({
    props: placeFreedProps,
    secrets: noSecrets,
    kind: "essential",
    subject: (t, props) => t("accountDeletion.email.subject", { title: props.activityTitle }),
    render: (args) => PlaceFreedEmail(args),
  }),
  ...signupTemplate("signup-confirmed"),
  ...signupTemplate("signup-waitlisted"),
  ...signupTemplate("signup-promoted"),
  "signup-series": define({
    props: signupSeriesProps,
    secrets: noSecrets,
    kind: "essential",
    subject: (t, props) => t("activityPages.email.series.subject", { title: props.activityTitle }),
    render: (args) => SignupSeriesEmail(args),
  }),
  "session-changed": define({
    props: sessionChangedProps,
    secrets: noSecrets,
    kind: "essential",
    subject: (t, props) => t("organiserEmail.changed.subject", { title: props.activityTitle }),
    render: (args) => SessionChangedEmail(args),
  }),
  "session-cancelled": define({
    props: sessionCancelledProps,
    secrets: noSecrets,
    kind: "essential",
    subject: (t, props) =>
      t(props.scope === "series" ? "organiserEmail.cancelled.subjectSeries" : "organiserEmail.cancelled.subject", {
        title: props.activityTitle,
      }),
    render: (args) => SessionCancelledEmail(args),
  }),
  /** An admin reset the person's second factor: always sent, it is about their account's safety. */
  "second-factor-reset": define({
    props: secondFactorResetProps,
    secrets: noSecrets,
    kind: "essential",
    subject: (t) => t("securityEmail.reset.subject"),
    render: (args) => SecondFactorResetEmail(args),
  }),
  "organiser-message": define({
    props: organiserMessageProps,
    secrets: noSecrets,
    kind: "essential",
    subject: (t, props) => t("organiserEmail.message.subject", { title: props.activityTitle }),
    render: (args) => OrganiserMessageEmail(args),
  }),
  /** Before a session: the day before and a few hours before (each person sets the times). */
  reminder: define({
    props: reminderProps,
    secrets: reminderSecrets,
    kind: "reminder",
    subject: (t, props) => reminderSubject(t, props),
    render: (args) => ReminderEmail(args),
  }),
  /** After a session: record attendance (organiser) or confirm hours (volunteer). */
  "after-session": define({
    props: afterSessionProps,
    secrets: noSecrets,
    kind: "after-session",
    subject: (t, props) => afterSessionSubject(t, props),
    render: (args) => AfterSessionEmail(args),
  }),
  /** An invitation to join an organisation; the link is a one-time secret. */
  "organisation-invitation": define({
    props: organisationInvitationProps,
    secrets: organisationInvitationSecrets,
    kind: "essential",
    subject: (t, props) => t("community.invitationEmail.subject", { organisation: props.organisationName }),
    render: (args) => OrganisationInvitationEmail(args),
  }),
  "email-change-confirm": define({
    props: emailChangeConfirmProps,
    secrets: emailChangeConfirmSecrets,
    kind: "essential",
    subject: (t) => t("profile.confirmEmail.subject"),
    render: (args) => EmailChangeConfirmEmail(args),
  }),
  "email-changed": define({
    props: emailChangedProps,
    secrets: noSecrets,
    kind: "essential",
    subject: (t) => t("profile.changedEmail.subject"),
    render: (args) => EmailChangedEmail(args),
  }),
  /** To an account nobody used for a long time (retention, decision 034): sign in or it goes. */
  "account-inactive": define({
    props: accountInactiveProps,
    secrets: noSecrets,
    kind: "essential",
    subject: (t) => t("retention.email.subject"),
    render: (args) => AccountInactiveEmail(args),
  }),
  digest: define({
    props: digestProps,
    secrets: noSecrets,
    kind: "digest",
    subject: (t) => t("digestEmail.subject"),
    render: (args) => DigestEmail(args),
  }),
  // Care circles (decision 048): links only, never care details.
  // (circles: the invitation)
  /** An invitation to a care circle: who invites and the link; not the circle or the person cared for. */
  "circle-invitation": define({
    props: circleInvitationProps,
    secrets: circleInvitationSecrets,
    kind: "essential",
    subject: (t) => t("circles.invitationEmail.subject"),
    render: (args) => CircleInvitationEmail(args),
  }),

  // (circles: tasks)
  /** A lead assigned this member to a task: its kind, the time and a link, no care details. */
  "circle-task-assigned": define({
    props: circleTaskAssignedProps,
    secrets: noSecrets,
    kind: "essential",
    subject: (t) => t("circleTasks.email.assignedSubject"),
    render: (args) => CircleTaskAssignedEmail(args),
  }),

  // (circles: updates and new messages)
  /** A new post on the circle's updates board: a link only. */
  "circle-update": define({
    props: circleUpdateProps,
    secrets: noSecrets,
    kind: "circle-update",
    subject: (t) => t("conversations.email.updateSubject"),
    render: (args) => CircleUpdateEmail(args),
  }),
  /** A new message in a conversation: a link only, one until the person read the thread again. */
  "new-message": define({
    props: newMessageProps,
    secrets: noSecrets,
    kind: "message",
    subject: (t) => t("conversations.email.messageSubject"),
    render: (args) => NewMessageEmail(args),
  }),
};

function signupTemplate<K extends SignupKind>(kind: K) {
  return {
    [kind]: define({
      props: signupProps,
      secrets: noSecrets,
      kind: "essential",
      subject: (t, props) => t(`activityEmail.${kind}.subject`, { title: props.activityTitle }),
      render: (args) => SignupEmail({ ...args, kind }),
    }),
  } as Record<K, TemplateDefinition<typeof signupProps, typeof noSecrets>>;
}

export type EmailTemplate = keyof typeof emailTemplates;
export type EmailProps<T extends EmailTemplate> = {
  public: zod.input<(typeof emailTemplates)[T]["props"]>;
  secret: zod.input<(typeof emailTemplates)[T]["secrets"]>;
};

/** The kind of a template: "essential" or the optional kind a person can switch off. */
export function emailKindOf(template: EmailTemplate): EmailKind {
  return emailTemplates[template].kind;
}

export function isEmailTemplate(name: string): name is EmailTemplate {
  return Object.hasOwn(emailTemplates, name);
}
