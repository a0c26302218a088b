import { getFormProps } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ComponentProps } from "react";
import { useTranslation } from "~/locales/i18n-react";
import { CheckboxField, FormErrors, useIntentForm } from "~/components/forms";
import { intakeErasureFormSchema } from "~/domain/accounts/shared";
import type { action, loader } from "./coordinator_.requests.$id_.erase";

/** The schema's checkbox is a boolean (Conform sends "on"); the shared field component is typed for strings. */
const checkbox = (field: unknown) => field as ComponentProps<typeof CheckboxField>["field"];

export default function EraseIntakePersonPage() {
  const { requestId, contactName, count } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useIntentForm("erase-intake", intakeErasureFormSchema, actionData?.result);
  return (
    <section className="stack narrow" aria-labelledby="erase-title">
      <h1 id="erase-title" className="utrecht-heading-1">
        {t("accountDeletion.intake.title")}
      </h1>
      <p className="utrecht-paragraph">
        <strong>{contactName}</strong>
      </p>
      <p className="utrecht-paragraph">{t("accountDeletion.intake.intro")}</p>
      <p className="utrecht-paragraph">{t("accountDeletion.intake.requests", { count })}</p>
      <p className="utrecht-paragraph">{t("accountDeletion.intake.what")}</p>
      <p className="utrecht-paragraph">{t("accountDeletion.intake.pending")}</p>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors as string[] | undefined} />
        <CheckboxField field={checkbox(fields.confirm)} label={t("accountDeletion.intake.confirm")} />
        <div>
          <button type="submit" className="button button--primary utrecht-button">
            {t("accountDeletion.intake.submit")}
          </button>
        </div>
      </Form>
      <p>
        <Link to={`/coordinator/requests/${requestId}`}>{t("accountDeletion.intake.back")}</Link>
      </p>
    </section>
  );
}
