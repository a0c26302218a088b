import { categoryLabelKey } from "~/domain/signals/shared";
import { getFormProps, getSelectProps } from "@conform-to/react";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { FieldErrors, FormErrors, InputField, RadioGroup, SelectField, TextAreaField, useIntentForm } from "~/components/forms";
import { signalKinds } from "~/domain/vocabulary";
import { newSignalSchema, signalCategories } from "~/domain/signals/shared";
import type { action, loader } from "./signals.new";

const groups = ["kind", "facility", "activity"] as const;

export default function NewSignalPage() {
  const { options } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useIntentForm("new-signal", newSignalSchema, actionData?.result);
  const categoryProps = getSelectProps(fields.category, { ariaAttributes: true });
  const categoryErrors = fields.category.errors;
  return (
    <section className="stack narrow">
      <h1 className="utrecht-heading-1">{t("signals.form.title")}</h1>
      <p className="utrecht-paragraph">{t("signals.form.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <RadioGroup
          field={fields.kind}
          legend={t("signals.form.kind")}
          options={signalKinds.map((k) => ({ value: k, label: t(`signals.kinds.${k}`) }))}
        />
        <SelectField
          field={fields.neighbourhoodId}
          label={t("signals.form.neighbourhood")}
          placeholder={t("signals.form.wholeMunicipality")}
          options={options.neighbourhoods.map((n) => ({ value: String(n.id), label: n.name }))}
        />
        <div className={`field utrecht-form-field${categoryErrors?.length ? " utrecht-form-field--invalid" : ""}`}>
          <label htmlFor={fields.category.id} className="utrecht-form-label">
            {t("signals.form.category")}
          </label>
          <select
            {...categoryProps}
            key={categoryProps.key}
            aria-describedby={categoryErrors?.length ? fields.category.errorId : undefined}
            className="utrecht-select utrecht-select--html-select"
          >
            <option value="">{t("signals.form.anyCategory")}</option>
            {groups.map((group) => (
              <optgroup key={group} label={t(`signals.categoryGroup.${group}`)}>
                {signalCategories
                  .filter((c) => c.startsWith(`${group}:`))
                  .map((c) => (
                    <option key={c} value={c}>
                      {t(categoryLabelKey(group, c.slice(group.length + 1)))}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
          <FieldErrors id={fields.category.errorId} errors={categoryErrors} />
        </div>
        <InputField field={fields.title} type="text" label={t("signals.form.titleLabel")} autoComplete="off" maxLength={160} />
        <TextAreaField field={fields.description} label={t("signals.form.description")} hint={t("signals.form.descriptionHint")} rows={6} />
        <SelectField
          field={fields.evidenceIndicator}
          label={t("signals.form.evidence")}
          placeholder={t("signals.form.noEvidence")}
          options={options.indicators.map((key) => ({ value: key, label: t(`signals.indicator.${key}.title`) }))}
        />
        <button type="submit" className="button button--primary utrecht-button">
          {t("signals.form.submit")}
        </button>
      </Form>
    </section>
  );
}
