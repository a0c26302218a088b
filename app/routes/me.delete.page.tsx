import { getFormProps, getInputProps } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { FormErrors, InputField, SelectField, useIntentForm } from "~/components/forms";
import { closeAccountFormSchema, handoverFormSchema } from "~/domain/accounts/shared";
import type { action, loader } from "./me.delete";

type ActionData = ReturnType<typeof useActionData<typeof action>>;

function resultFor(actionData: ActionData, form: string) {
  if (!actionData || !("form" in actionData) || actionData.form !== form) return undefined;
  return actionData.result;
}

export default function DeleteAccountPage() {
  const { pending, organisations } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const a = "accountDeletion";
  return (
    <section className="stack" aria-labelledby="delete-title">
      <h1 id="delete-title" className="utrecht-heading-1">
        {t(`${a}.title`)}
      </h1>
      <p className="utrecht-paragraph">{t(`${a}.intro`)}</p>

      <h2 className="utrecht-heading-2">{t(`${a}.deleted.title`)}</h2>
      <ul>
        {(["account", "profile", "signups", "requests", "mail", "security", "memberships"] as const).map((k) => (
          <li key={k}>{t(`${a}.deleted.${k}`)}</li>
        ))}
      </ul>

      <h2 className="utrecht-heading-2">{t(`${a}.kept.title`)}</h2>
      <p className="utrecht-paragraph">{t(`${a}.kept.intro`)}</p>
      <ul>
        <li>{t(`${a}.kept.hours`)}</li>
        <li>{t(`${a}.kept.requests`)}</li>
      </ul>

      <h2 className="utrecht-heading-2">{t(`${a}.legal.title`)}</h2>
      <p className="utrecht-paragraph">{t(`${a}.legal.intro`)}</p>
      <ul>
        <li>{t(`${a}.legal.consent`)}</li>
        <li>{t(`${a}.legal.securityLog`)}</li>
        <li>{t(`${a}.legal.accessLog`)}</li>
      </ul>
      <p className="utrecht-paragraph">
        {t(`${a}.legal.period`)} <Link to="/privacy">{t(`${a}.legal.privacyLink`)}</Link>
      </p>

      <h2 className="utrecht-heading-2">{t(`${a}.pending.title`)}</h2>
      <p className="utrecht-paragraph">{t(`${a}.pending.intro`)}</p>
      <ul>
        {(["signups", "requests", "matches", "reminders", "calendar", "sessions"] as const).map((k) => (
          <li key={k}>{t(`${a}.pending.${k}`)}</li>
        ))}
      </ul>
      <p className="utrecht-paragraph">
        {t(`${a}.pending.counts`, { signups: pending.signups, requests: pending.openRequests, matches: pending.matches })}
      </p>

      {organisations.length > 0 ? <OrganisationsSection /> : null}
      <ConfirmSection />
    </section>
  );
}

function OrganisationsSection() {
  const { organisations } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  return (
    <section className="stack" aria-labelledby="organisations">
      <h2 id="organisations" className="utrecht-heading-2">
        {t("accountDeletion.organisations.title")}
      </h2>
      {params.get("handedOver") ? (
        <p role="status" className="alert alert--ok">
          {t("accountDeletion.organisations.handedOver")}
        </p>
      ) : null}
      <p className="utrecht-paragraph">{t("accountDeletion.organisations.intro")}</p>
      {organisations.map((o) =>
        o.members.length ? (
          <HandoverForm key={o.slug} organisation={o} />
        ) : (
          <p key={o.slug} className="utrecht-paragraph">
            {t("accountDeletion.organisations.noMembers", { name: o.name })}
          </p>
        ),
      )}
    </section>
  );
}

function HandoverForm({ organisation }: { organisation: { slug: string; name: string; members: { id: number; name: string }[] } }) {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const tag = `handover-${organisation.slug}`;
  const [form, fields] = useIntentForm(tag, handoverFormSchema, resultFor(actionData, tag), { organisation: organisation.slug });
  return (
    <Form method="post" className="stack" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors as string[] | undefined} />
      <input {...getInputProps(fields.organisation, { type: "hidden" })} key={fields.organisation.key} />
      <SelectField
        field={fields.member}
        label={t("accountDeletion.organisations.member", { name: organisation.name })}
        placeholder=""
        options={organisation.members.map((m) => ({ value: String(m.id), label: m.name }))}
      />
      <div>
        <button type="submit" name="intent" value="handover" className="button button--secondary utrecht-button">
          {t("accountDeletion.organisations.handOver")}
        </button>
      </div>
    </Form>
  );
}

function ConfirmSection() {
  const { email, staff } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useIntentForm("delete-account", closeAccountFormSchema, resultFor(actionData, "delete"));
  return (
    <section className="stack" aria-labelledby="confirm-title">
      <h2 id="confirm-title" className="utrecht-heading-2">
        {t("accountDeletion.form.title")}
      </h2>
      {staff ? <p className="utrecht-paragraph">{t("accountDeletion.form.staffNote")}</p> : null}
      <Form method="post" className="stack" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors as string[] | undefined} />
        <InputField
          field={fields.confirmEmail}
          type="email"
          label={t("accountDeletion.form.confirmLabel")}
          hint={t("accountDeletion.form.confirmHint", { email })}
          autoComplete="off"
          spellCheck={false}
        />
        <div>
          <button type="submit" name="intent" value="delete" className="button button--primary utrecht-button">
            {t("accountDeletion.form.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}
