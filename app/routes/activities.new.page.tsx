import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { CheckboxField, ChoiceGroup, FormErrors, InputField, SelectField, TextAreaField } from "~/components/forms";
import { createActivitySchema, LIMITS, targetGroupValues } from "~/domain/activities/shared";
import { activityCategories } from "~/domain/vocabulary";
import type { action, loader } from "./activities.new";

const weekdays = [1, 2, 3, 4, 5, 6, 7];

export default function NewActivityPage() {
  const { options, locale, preselected } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "new-activity",
    lastResult: actionData?.result,
    constraint: getZodConstraint(createActivitySchema),
    defaultValue: {
      repeat: "once",
      interval: "1",
      cancelCutoffHours: "0",
      timeZone: options.defaultTimeZone,
      organisationId: preselected === null ? undefined : String(preselected),
    },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: createActivitySchema }),
  });
  if (options.organisations.length === 0) {
    return (
      <section className="stack narrow">
        <h1 className="utrecht-heading-1">{t("organiser.create.title")}</h1>
        <p className="utrecht-paragraph">{t("organiser.create.noOrganisation")}</p>
      </section>
    );
  }
  const orgName = new Map(options.organisations.map((o) => [o.id, o.name]));
  const shifts = fields.shifts.getFieldList();
  const weekdayOptions = weekdays.map((d) => ({ value: String(d), label: t(`organiser.weekdays.${d}`) }));
  return (
    <section className="stack organiser-form">
      <p>
        <Link to="/activities/manage" className="utrecht-link">
          {t("organiser.list.back")}
        </Link>
      </p>
      <h1 className="utrecht-heading-1">{t("organiser.create.title")}</h1>
      <p className="utrecht-paragraph">{t("organiser.create.intro")}</p>
      <Form method="post" {...getFormProps(form)}>
        {/* Enter in a field submits the form, not "add a task" (the first submit button is the default). */}
        <button type="submit" hidden tabIndex={-1} />
        <FormErrors id={form.errorId} errors={form.errors as string[] | undefined} />
        {form.status === "error" ? (
          <div role="alert" className="alert alert--error">
            <p>{t("errors.validation")}</p>
          </div>
        ) : null}
        <fieldset className="form-section">
          <legend>{t("organiser.create.about")}</legend>
          <InputField
            field={fields.title}
            label={t("organiser.create.titleLabel")}
            hint={t("organiser.create.maxChars", { max: LIMITS.title })}
          />
          <TextAreaField field={fields.description} label={t("organiser.create.description")} />
          <SelectField
            field={fields.category}
            label={t("organiser.create.category")}
            placeholder={t("organiser.create.choose")}
            options={activityCategories.map((c) => ({ value: c, label: t(`organiser.categories.${c}`) }))}
          />
          <SelectField
            field={fields.organisationId}
            label={t("organiser.create.organisation")}
            placeholder={options.organisations.length > 1 ? t("organiser.create.choose") : undefined}
            options={options.organisations.map((o) => ({ value: String(o.id), label: o.name }))}
          />
          <SelectField
            field={fields.initiativeId}
            label={t("organiser.create.initiative")}
            hint={t("organiser.create.optional")}
            placeholder={t("organiser.create.noInitiative")}
            options={options.initiatives.map((i) => ({
              value: String(i.id),
              label: `${i.title} (${orgName.get(i.organisationId) ?? ""})`,
            }))}
          />
          <ChoiceGroup
            field={fields.targetGroups}
            legend={t("organiser.create.targetGroups")}
            type="checkbox"
            options={targetGroupValues.map((g) => ({ value: g, label: t(`organiser.targetGroups.${g}`) }))}
          />
        </fieldset>

        <fieldset className="form-section">
          <legend>{t("organiser.create.where")}</legend>
          <InputField field={fields.address} label={t("organiser.create.address")} autoComplete="street-address" />
          <SelectField
            field={fields.neighbourhoodId}
            label={t("organiser.create.neighbourhood")}
            placeholder={t("organiser.create.choose")}
            options={options.neighbourhoods.map((n) => ({ value: String(n.id), label: n.name }))}
          />
          <TextAreaField
            field={fields.accessibility}
            label={t("organiser.create.accessibility")}
            hint={t("organiser.create.accessibilityHint")}
            rows={3}
          />
        </fieldset>

        <fieldset className="form-section">
          <legend>{t("organiser.create.when")}</legend>
          <InputField field={fields.startDate} type="date" label={t("organiser.create.startDate")} hint={t("organiser.create.dateHint")} />
          <div className="field-row">
            <InputField
              field={fields.startTime}
              type="time"
              label={t("organiser.create.startTime")}
              hint={t("organiser.create.timeHint")}
            />
            <InputField field={fields.endTime} type="time" label={t("organiser.create.endTime")} hint={t("organiser.create.timeHint")} />
          </div>
          <ChoiceGroup
            field={fields.repeat}
            legend={t("organiser.create.repeat")}
            type="radio"
            options={(["once", "weekly", "monthly"] as const).map((r) => ({ value: r, label: t(`organiser.create.repeatOptions.${r}`) }))}
          />
          <fieldset className="form-subsection">
            <legend>{t("organiser.create.weeklyLegend")}</legend>
            <InputField
              field={fields.interval}
              type="number"
              inputMode="numeric"
              label={t("organiser.create.interval")}
              hint={t("organiser.create.intervalHint")}
            />
            <ChoiceGroup field={fields.weekdays} legend={t("organiser.create.weekdays")} type="checkbox" options={weekdayOptions} />
          </fieldset>
          <fieldset className="form-subsection">
            <legend>{t("organiser.create.monthlyLegend")}</legend>
            <div className="field-row">
              <SelectField
                field={fields.monthlyNth}
                label={t("organiser.create.nth")}
                placeholder={t("organiser.create.choose")}
                options={["1", "2", "3", "4", "-1"].map((n) => ({ value: n, label: t(`organiser.nth.${n === "-1" ? "last" : n}`) }))}
              />
              <SelectField
                field={fields.monthlyWeekday}
                label={t("organiser.create.weekday")}
                placeholder={t("organiser.create.choose")}
                options={weekdayOptions}
              />
            </div>
          </fieldset>
          <fieldset className="form-subsection">
            <legend>{t("organiser.create.endLegend")}</legend>
            <ChoiceGroup
              field={fields.endKind}
              legend={t("organiser.create.endKind")}
              type="radio"
              options={(["until", "count"] as const).map((k) => ({ value: k, label: t(`organiser.create.endOptions.${k}`) }))}
            />
            <div className="field-row">
              <InputField field={fields.until} type="date" label={t("organiser.create.until")} />
              <InputField field={fields.count} type="number" inputMode="numeric" label={t("organiser.create.count")} />
            </div>
          </fieldset>
        </fieldset>

        <fieldset className="form-section">
          <legend>{t("organiser.create.participants")}</legend>
          <InputField
            field={fields.capacity}
            type="number"
            inputMode="numeric"
            label={t("organiser.create.capacity")}
            hint={t("organiser.create.capacityHint")}
          />
          <InputField
            field={fields.cancelCutoffHours}
            type="number"
            inputMode="numeric"
            label={t("organiser.create.cutoff")}
            hint={t("organiser.create.cutoffHint")}
          />
        </fieldset>

        <fieldset className="form-section">
          <legend>{t("organiser.create.shifts")}</legend>
          <p className="field__hint">{t("organiser.create.shiftsHint")}</p>
          {shifts.map((item, index) => {
            const s = item.getFieldset();
            return (
              <fieldset key={item.key ?? index} className="form-subsection">
                <legend>{t("organiser.create.shiftN", { n: index + 1 })}</legend>
                <InputField field={s.role} label={t("organiser.create.role")} hint={t("organiser.create.roleHint")} />
                <InputField field={s.needed} type="number" inputMode="numeric" label={t("organiser.create.needed")} />
                <div className="field-row">
                  <InputField field={s.startTime} type="time" label={t("organiser.create.shiftStart")} />
                  <InputField field={s.endTime} type="time" label={t("organiser.create.shiftEnd")} />
                </div>
                <CheckboxField field={s.requiresVog} label={t("organiser.create.requiresVog")} />
                <SelectField
                  field={s.requiredSkillId}
                  label={t("organiser.create.skill")}
                  placeholder={t("organiser.create.noSkill")}
                  options={options.skills.map((k) => ({ value: String(k.id), label: locale === "en" ? k.nameEn : k.nameNl }))}
                />
                <button
                  {...form.remove.getButtonProps({ name: fields.shifts.name, index })}
                  className="button button--secondary utrecht-button"
                >
                  {t("organiser.create.removeShift", { n: index + 1 })}
                </button>
              </fieldset>
            );
          })}
          {shifts.length < LIMITS.shifts ? (
            <button
              {...form.insert.getButtonProps({ name: fields.shifts.name, defaultValue: { needed: 1 } })}
              className="button button--secondary utrecht-button"
            >
              {t("organiser.create.addShift")}
            </button>
          ) : null}
        </fieldset>

        <details className="form-section">
          <summary>{t("organiser.create.more")}</summary>
          <InputField field={fields.timeZone} label={t("organiser.create.timeZone")} hint={t("organiser.create.timeZoneHint")} />
        </details>

        <button type="submit" className="button button--primary utrecht-button">
          {t("organiser.create.submit")}
        </button>
      </Form>
    </section>
  );
}
