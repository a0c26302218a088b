import { getFormProps } from "@conform-to/react";
import { OpenInvitations } from "~/components/open-invitations";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { CircleNav } from "~/components/circles/circle-nav";
import { FormErrors, InputField, SelectField, useIntentForm } from "~/components/forms";
import { circleInvitationSchema, circleRoles, invitationRoles } from "~/domain/circles/shared";
import type { action, loader } from "./circles.$id.members";

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

export default function CircleMembersPage() {
  const { circle, me, members, invitations, notice, confirmLeave } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const errors = actionData && "errors" in actionData ? actionData.errors : undefined;
  return (
    <>
      <CircleNav circleId={circle.id} name={circle.name} />
      <section className="stack circle-members">
        <h1 className="utrecht-heading-1">{t("circles.members.title", { name: circle.name })}</h1>
        {notice ? (
          <p role="status" className="alert alert--ok">
            {t(`circles.members.notice.${notice}`)}
          </p>
        ) : null}
        <FormErrors id="circle-member-errors" errors={errors} />
        <h2 className="utrecht-heading-2">{t("circles.members.membersTitle")}</h2>
        <ul className="cards">
          {members.map((m) => (
            <MemberCard key={m.userId} member={m} me={me} />
          ))}
        </ul>
        {me.leads ? <LeadTools circle={circle} invitations={invitations} /> : null}
        <h2 className="utrecht-heading-2">{t("circles.members.leaveTitle")}</h2>
        {confirmLeave ? (
          <div className="card stack circle-leave-confirm">
            <p role="alert" className="utrecht-paragraph">
              {t("circles.members.leaveConfirm")}
            </p>
            <Form method="post" className="inline-fields">
              <button type="submit" name="intent" value="leave" className="button button--primary utrecht-button">
                {t("circles.members.leaveYes")}
              </button>
              <Link to={`/circles/${circle.id}/members`} className="button button--secondary utrecht-button">
                {t("circles.members.leaveNo")}
              </Link>
            </Form>
          </div>
        ) : (
          <>
            <p className="utrecht-paragraph">{t("circles.members.leaveIntro")}</p>
            <p>
              <Link to="?leave" className="button button--secondary utrecht-button">
                {t("circles.members.leave")}
              </Link>
            </p>
          </>
        )}
      </section>
    </>
  );
}

function MemberCard({ member: m, me }: { member: Data["members"][number]; me: Data["me"] }) {
  const { t } = useTranslation();
  const isMe = m.userId === me.userId;
  // Only the lead changes or removes a lead; co-leads manage the others.
  const mayManage = me.leads && !isMe && (me.role === "lead" || m.role !== "lead");
  const roles = me.role === "lead" ? circleRoles : circleRoles.filter((r) => r !== "lead");
  return (
    <li className="card stack">
      <p className="utrecht-paragraph">
        <strong>{m.name}</strong> {isMe ? t("circles.members.you") : null}
        <br />
        {t(`circles.roles.${m.role}`)}, {t("circles.members.since", { date: m.since })}
      </p>
      {mayManage || (isMe && me.role === "lead") ? (
        <Form method="post" className="inline-fields">
          <input type="hidden" name="userId" value={m.userId} />
          <div className="field">
            <label htmlFor={`role-${m.userId}`}>{t("circles.members.roleFor", { name: m.name })}</label>
            <select id={`role-${m.userId}`} name="role" defaultValue={m.role} className="utrecht-select utrecht-select--html-select">
              {roles.map((r) => (
                <option key={r} value={r}>
                  {t(`circles.roles.${r}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" name="intent" value="role" className="button button--secondary utrecht-button">
            {t("circles.members.changeRole")}
          </button>
        </Form>
      ) : null}
      {mayManage ? (
        <OneButtonForm
          field={{ name: "userId", value: m.userId }}
          intent="remove"
          label={t("circles.members.remove")}
          ariaLabel={t("circles.members.removeName", { name: m.name })}
        />
      ) : null}
    </li>
  );
}

function LeadTools({ circle, invitations }: { circle: Data["circle"]; invitations: Data["invitations"] }) {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useIntentForm(
    "circle-invite",
    circleInvitationSchema,
    actionData && "result" in actionData ? actionData.result : undefined,
  );
  const roleOptions = invitationRoles.map((r) => ({ value: r, label: t(`circles.roles.${r}`) }));
  return (
    <>
      <h2 className="utrecht-heading-2">{t("circles.members.inviteTitle")}</h2>
      <p className="utrecht-paragraph">{t("circles.members.inviteIntro")}</p>
      <Form method="post" {...getFormProps(form)} className="narrow stack">
        <input type="hidden" name="intent" value="invite" />
        <FormErrors id={form.errorId} errors={form.errors as string[] | undefined} />
        <InputField field={fields.email} type="email" label={t("circles.members.inviteEmail")} autoComplete="email" spellCheck={false} />
        <SelectField field={fields.role} label={t("circles.members.inviteRole")} options={roleOptions} />
        <button type="submit" className="button button--primary utrecht-button">
          {t("circles.members.invite")}
        </button>
      </Form>
      <OpenInvitations
        invitations={invitations}
        texts={{
          title: t("circles.members.invitationsTitle"),
          none: t("circles.members.invitationsNone"),
          details: (i) => `${t(`circles.roles.${i.role}`)}, ${t("circles.members.invitationExpires", { date: i.expires })}`,
          revoke: t("circles.members.revoke"),
          revokeFor: (email) => t("circles.members.revokeFor", { email }),
        }}
      />
      <h2 className="utrecht-heading-2">{t("circles.members.settingsTitle")}</h2>
      <Form method="post" className="stack">
        <div className="field--checkbox">
          <input
            type="checkbox"
            id="members-may-post"
            name="membersMayPost"
            defaultChecked={circle.membersMayPost}
            className="utrecht-checkbox utrecht-checkbox--html-input"
          />
          <label htmlFor="members-may-post">{t("circles.members.membersMayPost")}</label>
        </div>
        <p>
          <button type="submit" name="intent" value="settings" className="button button--secondary utrecht-button">
            {t("circles.members.save")}
          </button>
        </p>
      </Form>
    </>
  );
}

/** A form of one button about one record (remove a member, revoke an invitation). */
function OneButtonForm({
  field,
  intent,
  label,
  ariaLabel,
}: {
  field: { name: string; value: number };
  intent: string;
  label: string;
  ariaLabel: string;
}) {
  return (
    <Form method="post">
      <input type="hidden" name={field.name} value={field.value} />
      <button type="submit" name="intent" value={intent} className="button button--secondary utrecht-button" aria-label={ariaLabel}>
        {label}
      </button>
    </Form>
  );
}
