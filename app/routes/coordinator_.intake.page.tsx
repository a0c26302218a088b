import { getFormProps } from "@conform-to/react";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { FormErrors, InputField, useIntentForm } from "~/components/forms";
import { emptyWindow, HelpRequestFields } from "~/components/help-request-form";
import { intakeSchema } from "~/domain/help/shared";
import type { action, loader } from "./coordinator_.intake";

export default function IntakePage() {
  const { options } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useIntentForm("help-intake", intakeSchema, actionData?.result, {
    schedule: "windows",
    urgency: "normal",
    windows: [emptyWindow],
  });
  return (
    <section className="stack narrow">
      <h1 className="utrecht-heading-1">{t("helpRequest.form.intakeTitle")}</h1>
      <p className="utrecht-paragraph">{t("helpRequest.form.intakeIntro")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <button type="submit" className="visually-hidden" tabIndex={-1} aria-hidden="true">
          {t("helpRequest.form.submitHidden")}
        </button>
        <FormErrors id={form.errorId} errors={form.errors} />
        <fieldset className="utrecht-form-fieldset stack">
          <legend className="utrecht-form-fieldset__legend">{t("helpRequest.form.contact")}</legend>
          <InputField field={fields.contactName} type="text" label={t("helpRequest.form.contactName")} autoComplete="off" />
          <InputField field={fields.contactPhone} type="tel" label={t("helpRequest.form.contactPhone")} autoComplete="off" />
          <InputField field={fields.contactEmail} type="email" label={t("helpRequest.form.contactEmail")} autoComplete="off" />
        </fieldset>
        <HelpRequestFields form={form} fields={fields} options={options} intake />
        <button type="submit" className="button button--primary utrecht-button">
          {t("helpRequest.form.submitIntake")}
        </button>
      </Form>
    </section>
  );
}
