import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { targetGroups } from "~/domain/vocabulary";
import { initiativeSchema } from "~/domain/organisations/shared";
import { CheckboxGroup, FormErrors, InputField, TextAreaField, useIntentForm } from "./forms";

/** An initiative's goal, audience, period and partners, used to create and to edit one. */
export function InitiativeForm({
  id,
  lastResult,
  defaultValue,
  partnerChoices,
}: {
  id: string;
  lastResult: SubmissionResult<string[]> | null | undefined;
  defaultValue?: {
    title: string;
    goal: string;
    description: string;
    targetGroups: string[];
    startsOn: string;
    endsOn?: string | undefined;
    partnerIds: string[];
  };
  partnerChoices: { id: number; name: string }[];
}) {
  const { t } = useTranslation();
  const [form, fields] = useIntentForm(id, initiativeSchema, lastResult, defaultValue);
  const optional = ` ${t("community.optional")}`;
  return (
    <Form method="post" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors as string[] | undefined} />
      <InputField field={fields.title} label={t("community.initiatives.form.title")} />
      <TextAreaField
        field={fields.goal}
        label={t("community.initiatives.form.goal")}
        hint={t("community.initiatives.form.goalHint")}
        rows={3}
      />
      <TextAreaField field={fields.description} label={`${t("community.initiatives.form.description")}${optional}`} rows={6} />
      <CheckboxGroup
        field={fields.targetGroups}
        legend={t("community.initiatives.form.targetGroups")}
        options={targetGroups.map((g) => ({ value: g, label: t(`community.targetGroups.${g}`) }))}
      />
      <InputField
        field={fields.startsOn}
        type="date"
        label={t("community.initiatives.form.startsOn")}
        hint={t("community.initiatives.form.dateHint")}
      />
      <InputField
        field={fields.endsOn}
        type="date"
        label={`${t("community.initiatives.form.endsOn")}${optional}`}
        hint={t("community.initiatives.form.dateHint")}
      />
      {partnerChoices.length ? (
        <CheckboxGroup
          field={fields.partnerIds}
          legend={`${t("community.initiatives.form.partners")}${optional}`}
          options={partnerChoices.map((p) => ({ value: String(p.id), label: p.name }))}
        />
      ) : (
        <p className="utrecht-paragraph">{t("community.initiatives.form.noPartners")}</p>
      )}
      <button type="submit" className="button button--primary utrecht-button">
        {t("community.initiatives.form.submit")}
      </button>
    </Form>
  );
}
