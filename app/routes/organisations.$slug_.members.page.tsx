import { getFormProps } from "@conform-to/react";
import { OpenInvitations } from "~/components/open-invitations";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { FormErrors, InputField, SelectField, useIntentForm } from "~/components/forms";
import { invitationSchema } from "~/domain/organisations/shared";
import type { action, loader } from "./organisations.$slug_.members";

export default function MembersPage() {
  const { organisation, members, invitations, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useIntentForm(
    "member-invite",
    invitationSchema,
    actionData && "result" in actionData ? actionData.result : undefined,
  );
  const roleOptions = (["member", "admin"] as const).map((r) => ({ value: r, label: t(`community.memberRoles.${r}`) }));
  return (
    <section className="stack">
      <h1 className="utrecht-heading-1">{t("community.organisations.membersPage.title", { name: organisation.name })}</h1>
      <p className="utrecht-paragraph">{t("community.organisations.membersPage.intro")}</p>
      {notice ? (
        <p role="status" className="alert alert--ok">
          {t(`community.organisations.membersPage.${notice}`)}
        </p>
      ) : null}
      <FormErrors id="member-errors" errors={actionData && "errors" in actionData ? actionData.errors : undefined} />
      <ul className="cards">
        {members.map((m) => (
          <li key={m.userId} className="card stack">
            <p className="utrecht-paragraph">
              <strong>{m.name}</strong>
              <br />
              {m.email}
            </p>
            <Form method="post" className="inline-fields">
              <input type="hidden" name="userId" value={m.userId} />
              <div className="field">
                <label htmlFor={`role-${m.userId}`}>{t("community.organisations.membersPage.roleFor", { name: m.name })}</label>
                <select id={`role-${m.userId}`} name="role" defaultValue={m.role} className="utrecht-select utrecht-select--html-select">
                  {roleOptions.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" name="intent" value="role" className="button button--secondary utrecht-button">
                {t("community.organisations.membersPage.changeRole")}
              </button>
            </Form>
            <Form method="post">
              <input type="hidden" name="userId" value={m.userId} />
              <button
                type="submit"
                name="intent"
                value="remove"
                className="button button--secondary utrecht-button"
                aria-label={t("community.organisations.membersPage.removeName", { name: m.name })}
              >
                {t("community.organisations.membersPage.remove")}
              </button>
            </Form>
          </li>
        ))}
      </ul>
      <OpenInvitations
        invitations={invitations}
        texts={{
          title: t("community.organisations.membersPage.invitationsTitle"),
          none: t("community.organisations.membersPage.invitationsNone"),
          details: (i) =>
            `${t(`community.memberRoles.${i.role}`)}, ${t("community.organisations.membersPage.invitationExpires", { date: i.expires })}`,
          revoke: t("community.organisations.membersPage.revoke"),
          revokeFor: (email) => t("community.organisations.membersPage.revokeFor", { email }),
        }}
      />
      <h2 className="utrecht-heading-2">{t("community.organisations.membersPage.inviteTitle")}</h2>
      {organisation.status === "approved" ? (
        <>
          <p className="utrecht-paragraph">{t("community.organisations.membersPage.inviteIntro")}</p>
          <Form method="post" {...getFormProps(form)} className="narrow">
            <input type="hidden" name="intent" value="invite" />
            <FormErrors id={form.errorId} errors={form.errors as string[] | undefined} />
            <InputField
              field={fields.email}
              type="email"
              label={t("community.organisations.membersPage.inviteEmail")}
              autoComplete="email"
              spellCheck={false}
            />
            <SelectField field={fields.role} label={t("community.organisations.membersPage.inviteRole")} options={roleOptions} />
            <button type="submit" className="button button--primary utrecht-button">
              {t("community.organisations.membersPage.invite")}
            </button>
          </Form>
        </>
      ) : (
        <p className="alert">{t("community.organisations.membersPage.invitePending")}</p>
      )}
      <p className="utrecht-paragraph">
        <Link to={`/organisations/${organisation.slug}`}>{t("community.organisations.membersPage.back", { name: organisation.name })}</Link>
      </p>
    </section>
  );
}
