import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { organisationKinds } from "~/domain/vocabulary";
import { organisationSchema } from "~/domain/organisations/shared";
import { CheckboxGroup, FormErrors, InputField, SelectField, TextAreaField, useIntentForm } from "./forms";

type LastResult = SubmissionResult<string[]> | null | undefined;

/** The organisation's details, used to register one and to edit it. */
export function OrganisationForm({
  id,
  lastResult,
  defaultValue,
  neighbourhoods,
  submitLabel,
}: {
  id: string;
  lastResult: LastResult;
  defaultValue?: {
    name?: string;
    kind?: string;
    description?: string;
    contactEmail?: string;
    contactPhone?: string;
    website?: string;
    neighbourhoodIds?: string[];
  };
  neighbourhoods: { id: number; name: string }[];
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const [form, fields] = useIntentForm(id, organisationSchema, lastResult, defaultValue);
  const optional = ` ${t("community.optional")}`;
  return (
    <Form method="post" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors as string[] | undefined} />
      <InputField field={fields.name} label={t("community.organisations.form.name")} autoComplete="organization" />
      <SelectField
        field={fields.kind}
        label={t("community.organisations.form.kind")}
        placeholder={t("community.organisations.form.chooseKind")}
        options={organisationKinds.map((k) => ({ value: k, label: t(`community.kinds.${k}`) }))}
      />
      <TextAreaField
        field={fields.description}
        label={`${t("community.organisations.form.description")}${optional}`}
        hint={t("community.organisations.form.descriptionHint")}
      />
      <InputField
        field={fields.contactEmail}
        type="email"
        label={`${t("community.organisations.form.contactEmail")}${optional}`}
        autoComplete="email"
        spellCheck={false}
      />
      <InputField
        field={fields.contactPhone}
        type="tel"
        label={`${t("community.organisations.form.contactPhone")}${optional}`}
        autoComplete="tel"
      />
      <InputField
        field={fields.website}
        type="text"
        label={`${t("community.organisations.form.website")}${optional}`}
        autoComplete="url"
        inputMode="url"
        spellCheck={false}
      />
      <CheckboxGroup
        field={fields.neighbourhoodIds}
        legend={t("community.organisations.form.neighbourhoods")}
        options={neighbourhoods.map((n) => ({ value: String(n.id), label: n.name }))}
      />
      <button type="submit" className="button button--primary utrecht-button">
        {submitLabel}
      </button>
    </Form>
  );
}
