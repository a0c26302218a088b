import { getFormProps } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { FormErrors, InputField, RadioGroup, useIntentForm } from "~/components/forms";
import { startCircleSchema } from "~/domain/circles/shared";
import type { action, loader } from "./circles.new";

export default function StartCirclePage() {
  const { careRecipients, ownFirstName } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useIntentForm("circle-start", startCircleSchema, actionData?.result);
  const options = [
    ...careRecipients.map((r) => ({
      value: String(r.id),
      label: r.hasCircle ? t("circles.start.hasCircle", { name: r.firstName }) : r.firstName,
    })),
    { value: "new", label: t("circles.start.newPerson") },
    { value: "self", label: t("circles.start.self", { name: ownFirstName }) },
  ];
  return (
    <section className="stack narrow">
      <h1 className="utrecht-heading-1">{t("circles.start.title")}</h1>
      <p className="utrecht-paragraph">{t("circles.start.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors as string[] | undefined} />
        <RadioGroup field={fields.careRecipient} legend={t("circles.start.forWhom")} options={options} />
        <InputField
          field={fields.firstName}
          label={t("circles.start.firstName")}
          hint={t("circles.start.firstNameHint")}
          autoComplete="off"
        />
        <InputField
          field={fields.name}
          label={t("circles.start.name")}
          hint={t("circles.start.nameHint")}
          autoComplete="off"
          maxLength={80}
        />
        <button type="submit" className="button button--primary utrecht-button">
          {t("circles.start.submit")}
        </button>
      </Form>
      <p className="utrecht-paragraph">
        <Link to="/circles" className="utrecht-link">
          {t("circles.title")}
        </Link>
      </p>
    </section>
  );
}
