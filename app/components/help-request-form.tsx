import type { FieldMetadata, FormMetadata } from "@conform-to/react";
import { useTranslation } from "~/locales/i18n-react";
import { helpRequestKinds, helpRequestUrgencies } from "~/domain/vocabulary";
import { commonLanguages } from "~/domain/organisations/shared";
import { CheckboxField, CheckboxGroup, FormErrors, InputField, RadioGroup, SelectField, TextAreaField } from "./forms";

// The fields a help request shares between asking, intake and changing it. Works without
// JavaScript: "add a time" and "remove" are submit buttons that come back with one more or less row.

// The three forms (ask, intake, change) have different schemas with these fields in common, and
// Conform's field types carry their whole schema; the fields are typed loosely here for that reason.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Fields = Record<string, any>;
type AnyForm = FormMetadata<any, any>;
type WindowRow = FieldMetadata<{ date: string; startTime: string; endTime: string }, any, string[]>;
/* eslint-enable @typescript-eslint/no-explicit-any */

export const emptyWindow = { date: "", startTime: "", endTime: "" };

export interface HelpRequestFormOptions {
  timeZone: string;
  today: string;
  neighbourhoods: { id: number; name: string }[];
  skills: { id: number; name: string }[];
}

export function HelpRequestFields({
  form,
  fields,
  options,
  intake = false,
}: {
  form: AnyForm;
  fields: Fields;
  options: HelpRequestFormOptions;
  intake?: boolean;
}) {
  const { t } = useTranslation();
  const optional = ` ${t("helpRequest.optional")}`;
  const windows = fields.windows!;
  return (
    <>
      <SelectField
        field={fields.kind!}
        label={t("helpRequest.form.kind")}
        placeholder={t("helpRequest.form.chooseKind")}
        options={helpRequestKinds.map((k) => ({ value: k, label: t(`helpRequests.kinds.${k}`) }))}
      />

      <fieldset className="utrecht-form-fieldset stack">
        <legend className="utrecht-form-fieldset__legend">{t("helpRequest.form.when")}</legend>
        <p className="field__hint">{t("helpRequest.form.zoneHint", { zone: options.timeZone })}</p>
        <RadioGroup
          field={fields.schedule!}
          legend={t("helpRequest.form.schedule")}
          options={[
            { value: "windows", label: t("helpRequest.form.scheduleWindows") },
            { value: "weekly", label: t("helpRequest.form.scheduleWeekly") },
          ]}
        />
        <fieldset className="utrecht-form-fieldset row-group">
          <legend className="utrecht-form-fieldset__legend">{t("helpRequest.form.scheduleWindows")}</legend>
          <FormErrors id={windows.errorId} errors={windows.errors} />
          {(windows.getFieldList() as WindowRow[]).map((row, index) => {
            const w = row.getFieldset();
            return (
              <fieldset key={row.key ?? row.id} className="utrecht-form-fieldset row-group__row">
                <legend className="utrecht-form-fieldset__legend">{t("helpRequest.form.window", { number: index + 1 })}</legend>
                <InputField field={w.date} type="date" label={t("helpRequest.form.date")} min={options.today} />
                <InputField field={w.startTime} type="time" label={t("helpRequest.form.startTime")} />
                <InputField field={w.endTime} type="time" label={t("helpRequest.form.endTime")} />
                <button {...form.remove.getButtonProps({ name: windows.name, index })} className="button button--secondary utrecht-button">
                  {t("helpRequest.form.removeWindow", { number: index + 1 })}
                </button>
              </fieldset>
            );
          })}
          <button
            {...form.insert.getButtonProps({ name: windows.name as string, defaultValue: emptyWindow as never })}
            className="button button--secondary utrecht-button"
          >
            {t("helpRequest.form.addWindow")}
          </button>
        </fieldset>
        <fieldset className="utrecht-form-fieldset row-group">
          <legend className="utrecht-form-fieldset__legend">{t("helpRequest.form.scheduleWeekly")}</legend>
          <CheckboxGroup
            field={fields.weekdays!}
            legend={t("helpRequest.form.weekdays")}
            options={["1", "2", "3", "4", "5", "6", "7"].map((d) => ({ value: d, label: t(`community.weekdays.${d}`) }))}
          />
          <InputField field={fields.recurStartDate!} type="date" label={t("helpRequest.form.firstDate")} min={options.today} />
          <InputField field={fields.recurStartTime!} type="time" label={t("helpRequest.form.startTime")} />
          <InputField field={fields.recurEndTime!} type="time" label={t("helpRequest.form.endTime")} />
          <InputField
            field={fields.recurUntil!}
            type="date"
            label={t("helpRequest.form.until")}
            hint={t("helpRequest.form.recurEndHint")}
            min={options.today}
          />
          <InputField field={fields.recurCount!} type="number" label={t("helpRequest.form.count")} inputMode="numeric" min={1} max={52} />
        </fieldset>
      </fieldset>

      <fieldset className="utrecht-form-fieldset stack">
        <legend className="utrecht-form-fieldset__legend">{t("helpRequest.form.where")}</legend>
        <SelectField
          field={fields.neighbourhoodId!}
          label={t("helpRequest.form.neighbourhood")}
          placeholder={t("helpRequest.form.chooseNeighbourhood")}
          options={options.neighbourhoods.map((n) => ({ value: String(n.id), label: n.name }))}
        />
        <InputField
          field={fields.address!}
          type="text"
          label={t("helpRequest.form.address")}
          hint={t("helpRequest.form.addressHint")}
          autoComplete={intake ? "off" : "street-address"}
        />
      </fieldset>

      <fieldset className="utrecht-form-fieldset stack">
        <legend className="utrecht-form-fieldset__legend">{t("helpRequest.form.requirements")}</legend>
        <CheckboxField field={fields.requiresVog!} label={t("helpRequest.form.requiresVog")} />
        <SelectField
          field={fields.language!}
          label={t("helpRequest.form.language")}
          placeholder={t("helpRequest.form.anyLanguage")}
          options={commonLanguages.map((l) => ({ value: l, label: t(`community.languages.${l}`) }))}
        />
        {options.skills.length ? (
          <SelectField
            field={fields.requiredSkillId!}
            label={t("helpRequest.form.skill")}
            placeholder={t("helpRequest.form.anySkill")}
            options={options.skills.map((s) => ({ value: String(s.id), label: s.name }))}
          />
        ) : null}
      </fieldset>

      <RadioGroup
        field={fields.urgency!}
        legend={t("helpRequest.form.urgency")}
        options={helpRequestUrgencies.map((u) => ({ value: u, label: t(`helpRequests.urgency.${u}`) }))}
      />
      <TextAreaField field={fields.publicText!} label={t("helpRequest.form.publicText")} hint={t("helpRequest.form.publicTextHint")} />
      <TextAreaField
        field={fields.privateText!}
        label={`${t("helpRequest.form.privateText")}${optional}`}
        hint={t("helpRequest.form.privateTextHint")}
      />
      <CheckboxField field={fields.careConsent!} label={t(intake ? "helpRequest.form.consentIntake" : "helpRequest.form.consent")} />
    </>
  );
}
