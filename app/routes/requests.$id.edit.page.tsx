import { getFormProps } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { FormErrors, useIntentForm } from "~/components/forms";
import { emptyWindow, HelpRequestFields } from "~/components/help-request-form";
import { helpRequestEditSchema } from "~/domain/help/shared";
import type { action, loader } from "./requests.$id.edit";

export default function EditHelpRequestPage() {
  const { id, values, options } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useIntentForm("help-request-edit", helpRequestEditSchema, actionData?.result, {
    ...values,
    neighbourhoodId: String(values.neighbourhoodId),
    requiredSkillId: values.requiredSkillId ? String(values.requiredSkillId) : undefined,
    recurCount: values.recurCount,
    requiresVog: values.requiresVog ? "on" : undefined,
    careConsent: values.careConsent ? "on" : undefined,
    windows: values.windows.length ? values.windows : [emptyWindow],
  });
  return (
    <section className="stack narrow">
      <h1 className="utrecht-heading-1">{t("helpRequest.form.editTitle")}</h1>
      <Form method="post" {...getFormProps(form)} className="stack">
        <button type="submit" className="visually-hidden" tabIndex={-1} aria-hidden="true">
          {t("helpRequest.form.submitHidden")}
        </button>
        <FormErrors id={form.errorId} errors={form.errors} />
        <HelpRequestFields form={form} fields={fields} options={options} />
        <button type="submit" className="button button--primary utrecht-button">
          {t("helpRequest.form.save")}
        </button>
      </Form>
      <p>
        <Link to={`/requests/${id}`}>{t("helpRequest.page.back")}</Link>
      </p>
    </section>
  );
}
