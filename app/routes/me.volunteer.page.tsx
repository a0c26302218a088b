import { getFormProps } from "@conform-to/react";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { travelRanges } from "~/domain/vocabulary";
import { CheckboxGroup, FormErrors, InputField, RadioGroup, SelectField, useIntentForm } from "~/components/forms";
import { commonLanguages, volunteerProfileSchema } from "~/domain/organisations/shared";
import type { action, loader } from "./me.volunteer";

const emptySlot = { weekday: "", startTime: "", endTime: "" };
const emptyPeriod = { from: "", to: "" };

export default function VolunteerProfilePage() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const { values } = loaded;
  const [form, fields] = useIntentForm("volunteer-profile", volunteerProfileSchema, actionData?.result, {
    ...values,
    maxHoursPerMonth: values.maxHoursPerMonth,
    availability: values.availability.length ? values.availability : [emptySlot],
    unavailable: values.unavailable.length ? values.unavailable : [emptyPeriod],
  });
  const skillsOf = (kind: "skill" | "interest") =>
    loaded.skills.filter((s) => s.kind === kind).map((s) => ({ value: String(s.id), label: s.name }));
  const weekdays = ["1", "2", "3", "4", "5", "6", "7"].map((d) => ({ value: d, label: t(`community.weekdays.${d}`) }));
  const optional = ` ${t("community.optional")}`;
  const skillOptions = skillsOf("skill");
  const interestOptions = skillsOf("interest");
  return (
    <section className="stack narrow">
      <h1 className="utrecht-heading-1">{t("community.volunteer.title")}</h1>
      {loaded.saved ? (
        <p role="status" className="alert alert--ok">
          {t("community.volunteer.saved")}
        </p>
      ) : null}
      <p className="utrecht-paragraph">{t("community.volunteer.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        {/* Enter in a text field presses the first submit button: that must be "save", not "remove row". */}
        <button type="submit" className="visually-hidden" tabIndex={-1} aria-hidden="true">
          {t("community.volunteer.submitHidden")}
        </button>
        <FormErrors id={form.errorId} errors={form.errors as string[] | undefined} />

        {skillOptions.length ? (
          <CheckboxGroup field={fields.skillIds} legend={t("community.volunteer.skills")} options={skillOptions} />
        ) : null}
        {interestOptions.length ? (
          // Skills and interests share one list field; the second group posts under the same name.
          <CheckboxGroup
            field={fields.skillIds}
            idSuffix="interests"
            hideErrors
            legend={t("community.volunteer.interests")}
            options={interestOptions}
          />
        ) : null}
        <InputField field={fields.tags} label={`${t("community.volunteer.tags")}${optional}`} hint={t("community.volunteer.tagsHint")} />
        <CheckboxGroup
          field={fields.languages}
          legend={t("community.volunteer.languages")}
          options={commonLanguages.map((l) => ({ value: l, label: t(`community.languages.${l}`) }))}
        />
        <InputField
          field={fields.otherLanguages}
          label={`${t("community.volunteer.otherLanguages")}${optional}`}
          hint={t("community.volunteer.otherLanguagesHint")}
        />

        <fieldset className="utrecht-form-fieldset row-group">
          <legend className="utrecht-form-fieldset__legend">{t("community.volunteer.availability")}</legend>
          <p className="field__hint">{t("community.volunteer.availabilityHint", { zone: loaded.timeZone })}</p>
          <FormErrors id={fields.availability.errorId} errors={fields.availability.errors as string[] | undefined} />
          {fields.availability.getFieldList().map((row, index) => {
            const slot = row.getFieldset();
            return (
              <fieldset key={row.key ?? row.id} className="utrecht-form-fieldset row-group__row">
                <legend className="utrecht-form-fieldset__legend">{t("community.volunteer.slot", { number: index + 1 })}</legend>
                <SelectField
                  field={slot.weekday}
                  label={t("community.volunteer.weekday")}
                  placeholder={t("community.volunteer.chooseWeekday")}
                  options={weekdays}
                />
                <InputField field={slot.startTime} type="time" label={t("community.volunteer.startTime")} />
                <InputField field={slot.endTime} type="time" label={t("community.volunteer.endTime")} />
                <button
                  {...form.remove.getButtonProps({ name: fields.availability.name, index })}
                  className="button button--secondary utrecht-button"
                >
                  {t("community.volunteer.removeSlot", { number: index + 1 })}
                </button>
              </fieldset>
            );
          })}
          <button
            {...form.insert.getButtonProps({ name: fields.availability.name, defaultValue: emptySlot })}
            className="button button--secondary utrecht-button"
          >
            {t("community.volunteer.addSlot")}
          </button>
        </fieldset>

        <fieldset className="utrecht-form-fieldset row-group">
          <legend className="utrecht-form-fieldset__legend">{t("community.volunteer.unavailable")}</legend>
          <p className="field__hint">{t("community.volunteer.unavailableHint")}</p>
          <FormErrors id={fields.unavailable.errorId} errors={fields.unavailable.errors as string[] | undefined} />
          {fields.unavailable.getFieldList().map((row, index) => {
            const period = row.getFieldset();
            return (
              <fieldset key={row.key ?? row.id} className="utrecht-form-fieldset row-group__row">
                <legend className="utrecht-form-fieldset__legend">{t("community.volunteer.period", { number: index + 1 })}</legend>
                <InputField field={period.from} type="date" label={t("community.volunteer.from")} min={loaded.today} />
                <InputField field={period.to} type="date" label={`${t("community.volunteer.to")}${optional}`} min={loaded.today} />
                <button
                  {...form.remove.getButtonProps({ name: fields.unavailable.name, index })}
                  className="button button--secondary utrecht-button"
                >
                  {t("community.volunteer.removePeriod", { number: index + 1 })}
                </button>
              </fieldset>
            );
          })}
          <button
            {...form.insert.getButtonProps({ name: fields.unavailable.name, defaultValue: emptyPeriod })}
            className="button button--secondary utrecht-button"
          >
            {t("community.volunteer.addPeriod")}
          </button>
        </fieldset>

        <RadioGroup
          field={fields.travelRange}
          legend={t("community.volunteer.travelRange")}
          options={travelRanges.map((r) => ({ value: r, label: t(`community.travelRanges.${r}`) }))}
        />
        <InputField
          field={fields.pausedUntil}
          type="date"
          label={`${t("community.volunteer.pausedUntil")}${optional}`}
          hint={t("community.volunteer.pausedUntilHint")}
          min={loaded.today}
        />
        <InputField
          field={fields.maxHoursPerMonth}
          type="number"
          label={`${t("community.volunteer.maxHours")}${optional}`}
          inputMode="numeric"
        />

        <section className="stack" aria-labelledby="vog-title">
          <h2 id="vog-title" className="utrecht-heading-2">
            {t("community.volunteer.vogTitle")}
          </h2>
          <p className="utrecht-paragraph">
            <strong>{t(`community.vog.${loaded.vog.status}`)}</strong>
            {loaded.vogValidUntil && loaded.vog.status !== "requested"
              ? ` (${t("community.vog.validUntil", { date: loaded.vogValidUntil })})`
              : null}
          </p>
          <p className="utrecht-paragraph">{t("community.volunteer.vogText")}</p>
        </section>

        <button type="submit" className="button button--primary utrecht-button">
          {t("community.save")}
        </button>
      </Form>
    </section>
  );
}
