import { getFormProps } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { CheckboxField, FormErrors, useIntentForm } from "~/components/forms";
import { SecurityLogTable } from "~/components/security-log";
import { resetSecondFactorSchema } from "~/domain/accounts/shared";
import type { action, Answer, loader } from "./admin_.staff.$id";

export default function StaffSecurityPage() {
  const { name, roles, log, reset } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as Answer | undefined;
  const { t } = useTranslation();
  const [form, fields] = useIntentForm("reset-second-factor", resetSecondFactorSchema, actionData?.result);
  return (
    <section className="stack">
      <p>
        <Link to="/admin#staff-security">{t("securitySettings.staff.back")}</Link>
      </p>
      <h1 className="utrecht-heading-1">{t("securitySettings.staff.pageTitle", { name })}</h1>
      <p className="utrecht-paragraph">{roles.map((r) => t(`roles.${r}`)).join(", ")}</p>
      {reset ? (
        <p role="status" className="alert alert--ok">
          {t("securitySettings.staff.resetDone", { name })}
        </p>
      ) : null}
      <section className="stack" aria-labelledby="staff-log">
        <h2 id="staff-log" className="utrecht-heading-2">
          {t("securitySettings.staff.logTitle", { name })}
        </h2>
        <SecurityLogTable rows={log} />
      </section>
      <section className="stack narrow" aria-labelledby="staff-reset">
        <h2 id="staff-reset" className="utrecht-heading-2">
          {t("securitySettings.staff.resetTitle")}
        </h2>
        <p className="utrecht-paragraph">{t("securitySettings.staff.resetText", { name })}</p>
        <Form method="post" {...getFormProps(form)} className="stack">
          <FormErrors id={form.errorId} errors={form.errors as string[] | undefined} />
          <CheckboxField field={fields.confirm} label={t("securitySettings.staff.confirm", { name })} />
          <p>
            <button type="submit" className="button button--primary utrecht-button">
              {t("securitySettings.staff.reset")}
            </button>
          </p>
          {actionData?.refused ? (
            <p role="alert" className="field__error utrecht-form-field-error-message">
              {t(actionData.refused)}
            </p>
          ) : null}
        </Form>
      </section>
    </section>
  );
}
