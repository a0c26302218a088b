import { getFormProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import type { z } from "zod";
import {
  accessibilityFeatures,
  capacityStatuses,
  facilityAccessKinds,
  facilityCategories,
  facilityFormLanguages,
  targetGroups,
} from "~/domain/vocabulary";
import { facilityInput, facilityStatusInput, MAX_OPENING_ROWS } from "~/domain/social-map/shared";
import { CheckboxGroup, FieldErrors, FormErrors, InputField, RadioGroup, SelectField, TextAreaField } from "./forms";

// The facility forms: everything (coordinators, admins) or the status only (the facility's own
// people). Field names are Conform's nested names (`service.name`, `hours[0].opensAt`), so errors
// from the server land next to the right field and what was typed is kept.

type HoursRow = { weekday?: string; opensAt?: string; closesAt?: string };
type Text = string | undefined;
/** What the form posts (strings and string lists), for Conform's field typing. */
type FacilityFormShape = {
  organization: { name: Text; description: Text; email: Text; website: Text; phone: Text };
  location: {
    name: Text;
    address: Text;
    postcode: Text;
    city: Text;
    latitude: Text;
    longitude: Text;
    accessibility: string[];
    accessibilityNote: Text;
  };
  service: {
    name: Text;
    category: Text;
    description: Text;
    targetGroups: string[];
    eligibility: Text;
    access: Text;
    cost: Text;
    free: Text;
    languages: string[];
    email: Text;
    phone: Text;
    url: Text;
    waitingWeeks: Text;
    capacityStatus: Text;
  };
  hours: HoursRow[];
  organisationId: Text;
};
type StatusFormShape = { waitingWeeks: Text; capacityStatus: Text; hours: HoursRow[] };
type DeepPartial<T> = { [K in keyof T]?: T[K] extends (infer U)[] ? DeepPartial<U>[] : T[K] extends object ? DeepPartial<T[K]> : T[K] };
/** Spare empty rows for opening hours: without JavaScript a form cannot add rows. */
const SPARE_ROWS = 3;

function withSpareRows(rows: HoursRow[] | undefined): HoursRow[] {
  const filled = rows ?? [];
  return [...filled, ...Array.from({ length: Math.max(0, Math.min(SPARE_ROWS, MAX_OPENING_ROWS - filled.length)) }, () => ({}))];
}

export function FacilityForm({
  id,
  lastResult,
  defaultValue,
  organisationChoices,
  submitLabel,
}: {
  id: string;
  lastResult: SubmissionResult<string[]> | null | undefined;
  defaultValue?: DeepPartial<FacilityFormShape>;
  organisationChoices: { id: number; name: string }[];
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm<FacilityFormShape, z.output<typeof facilityInput>>({
    id,
    lastResult,
    defaultValue: { ...defaultValue, hours: withSpareRows(defaultValue?.hours) },
    constraint: getZodConstraint(facilityInput),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: facilityInput }),
  });
  const org = fields.organization.getFieldset();
  const loc = fields.location.getFieldset();
  const svc = fields.service.getFieldset();
  const optional = ` ${t("socialMap.form.optional")}`;
  const chosenLanguages = asList(svc.languages.initialValue);
  const otherLanguages = chosenLanguages.filter((c) => !(facilityFormLanguages as readonly string[]).includes(c));
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <FormErrors id={form.errorId} errors={form.errors} />
      <fieldset className="utrecht-form-fieldset stack form-section">
        <legend className="utrecht-form-fieldset__legend">{t("socialMap.form.service")}</legend>
        <InputField field={svc.name} type="text" label={t("socialMap.form.serviceName")} />
        <SelectField
          field={svc.category}
          label={t("socialMap.form.category")}
          placeholder={t("socialMap.form.chooseCategory")}
          options={facilityCategories.map((c) => ({ value: c, label: t(`socialMap.categories.${c}`) }))}
        />
        <TextAreaField field={svc.description} label={`${t("socialMap.form.description")}${optional}`} rows={4} />
        <CheckboxGroup
          field={svc.targetGroups}
          legend={t("socialMap.form.targetGroups")}
          options={targetGroups.map((g) => ({ value: g, label: t(`community.targetGroups.${g}`) }))}
        />
        <TextAreaField field={svc.eligibility} label={`${t("socialMap.form.eligibility")}${optional}`} rows={2} />
        <RadioGroup
          field={svc.access}
          legend={t("socialMap.form.access")}
          options={facilityAccessKinds.map((a) => ({ value: a, label: t(`socialMap.access.${a}`) }))}
        />
        <InputField field={svc.cost} type="text" label={`${t("socialMap.form.cost")}${optional}`} hint={t("socialMap.form.costHint")} />
        <div className="field field--checkbox">
          <input
            type="checkbox"
            id={svc.free.id}
            name={svc.free.name}
            value="on"
            defaultChecked={svc.free.initialValue === "on" || svc.free.initialValue === "true"}
            className="utrecht-checkbox utrecht-checkbox--html-input"
          />
          <label htmlFor={svc.free.id}>{t("socialMap.form.free")}</label>
        </div>
        <CheckboxGroup
          field={svc.languages}
          legend={t("socialMap.form.languages")}
          options={facilityFormLanguages.map((code) => ({ value: code, label: t(`community.languages.${code}`, { defaultValue: code }) }))}
        />
        <div className="field utrecht-form-field">
          <label htmlFor={`${svc.languages.id}-other`} className="utrecht-form-label">
            {`${t("socialMap.form.otherLanguages")}${optional}`}
          </label>
          <p id={`${svc.languages.id}-other-hint`} className="field__hint utrecht-form-field-description">
            {t("socialMap.form.otherLanguagesHint")}
          </p>
          <input
            type="text"
            id={`${svc.languages.id}-other`}
            name={svc.languages.name}
            defaultValue={otherLanguages.join(", ")}
            aria-describedby={`${svc.languages.id}-other-hint`}
            className="utrecht-textbox utrecht-textbox--html-input"
          />
        </div>
        <InputField field={svc.email} type="email" label={`${t("socialMap.form.email")}${optional}`} autoComplete="off" />
        <InputField field={svc.phone} type="tel" label={`${t("socialMap.form.phone")}${optional}`} autoComplete="off" />
        <InputField field={svc.url} type="text" label={`${t("socialMap.form.url")}${optional}`} inputMode="url" autoComplete="off" />
        <StatusFields waitingWeeks={svc.waitingWeeks} capacityStatus={svc.capacityStatus} />
      </fieldset>

      <HoursFields field={fields.hours} />

      <fieldset className="utrecht-form-fieldset stack form-section">
        <legend className="utrecht-form-fieldset__legend">{t("socialMap.form.location")}</legend>
        <InputField field={loc.name} type="text" label={t("socialMap.form.locationName")} />
        <InputField field={loc.address} type="text" label={t("socialMap.form.address")} autoComplete="off" />
        <InputField
          field={loc.postcode}
          type="text"
          label={t("socialMap.form.postcode")}
          hint={t("socialMap.form.postcodeHint")}
          autoComplete="off"
        />
        <InputField field={loc.city} type="text" label={t("socialMap.form.city")} autoComplete="off" />
        <InputField
          field={loc.latitude}
          type="text"
          inputMode="decimal"
          label={`${t("socialMap.form.latitude")}${optional}`}
          hint={t("socialMap.form.coordinatesHint")}
        />
        <InputField field={loc.longitude} type="text" inputMode="decimal" label={`${t("socialMap.form.longitude")}${optional}`} />
        <CheckboxGroup
          field={loc.accessibility}
          legend={`${t("socialMap.form.accessibility")}${optional}`}
          options={accessibilityFeatures.map((a) => ({ value: a, label: t(`socialMap.accessibility.${a}`) }))}
        />
        <TextAreaField field={loc.accessibilityNote} label={`${t("socialMap.form.accessibilityNote")}${optional}`} rows={2} />
      </fieldset>

      <fieldset className="utrecht-form-fieldset stack form-section">
        <legend className="utrecht-form-fieldset__legend">{t("socialMap.form.organization")}</legend>
        <InputField field={org.name} type="text" label={t("socialMap.form.organizationName")} autoComplete="off" />
        <TextAreaField field={org.description} label={`${t("socialMap.form.organizationDescription")}${optional}`} rows={3} />
        <InputField field={org.email} type="email" label={`${t("socialMap.form.organizationEmail")}${optional}`} autoComplete="off" />
        <InputField
          field={org.website}
          type="text"
          inputMode="url"
          label={`${t("socialMap.form.organizationWebsite")}${optional}`}
          autoComplete="off"
        />
        <InputField field={org.phone} type="tel" label={`${t("socialMap.form.organizationPhone")}${optional}`} autoComplete="off" />
        <SelectField
          field={fields.organisationId}
          label={`${t("socialMap.form.linkedOrganisation")}${optional}`}
          hint={t("socialMap.form.linkedOrganisationHint")}
          placeholder={t("socialMap.form.noLinkedOrganisation")}
          options={organisationChoices.map((o) => ({ value: String(o.id), label: o.name }))}
        />
      </fieldset>

      <button type="submit" className="button button--primary utrecht-button">
        {submitLabel}
      </button>
    </Form>
  );
}

/** The smaller form for the facility's own people: waiting time, places and opening hours. */
export function FacilityStatusForm({
  id,
  lastResult,
  defaultValue,
}: {
  id: string;
  lastResult: SubmissionResult<string[]> | null | undefined;
  defaultValue: { waitingWeeks: string; capacityStatus: string; hours: HoursRow[] };
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm<StatusFormShape, z.output<typeof facilityStatusInput>>({
    id,
    lastResult,
    defaultValue: { ...defaultValue, hours: withSpareRows(defaultValue.hours) },
    constraint: getZodConstraint(facilityStatusInput),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: facilityStatusInput }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="mode" value="status" />
      <StatusFields waitingWeeks={fields.waitingWeeks} capacityStatus={fields.capacityStatus} />
      <HoursFields field={fields.hours} />
      <button type="submit" className="button button--primary utrecht-button">
        {t("socialMap.form.submitStatus")}
      </button>
    </Form>
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyField = FieldMetadata<any, any, string[]>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type HoursField = FieldMetadata<HoursRow[] | undefined, any, string[]>;

function StatusFields({ waitingWeeks, capacityStatus }: { waitingWeeks: AnyField; capacityStatus: AnyField }) {
  const { t } = useTranslation();
  return (
    <>
      <InputField
        field={waitingWeeks}
        type="number"
        min={0}
        max={520}
        step={1}
        inputMode="numeric"
        label={`${t("socialMap.form.waitingWeeks")} ${t("socialMap.form.optional")}`}
        hint={t("socialMap.form.waitingWeeksHint")}
      />
      <RadioGroup
        field={capacityStatus}
        legend={t("socialMap.form.capacityStatus")}
        options={capacityStatuses.map((c) => ({ value: c, label: t(`socialMap.capacity.${c}`) }))}
      />
    </>
  );
}

function HoursFields({ field }: { field: HoursField }) {
  const { t } = useTranslation();
  const rows = field.getFieldList();
  return (
    <fieldset className="utrecht-form-fieldset stack form-section" aria-describedby={`${field.id}-hint`}>
      <legend className="utrecht-form-fieldset__legend">{t("socialMap.form.hours")}</legend>
      <p id={`${field.id}-hint`} className="field__hint utrecht-form-field-description">
        {t("socialMap.form.hoursHint")}
      </p>
      <FieldErrors id={field.errorId} errors={field.errors} />
      {rows.map((row, index) => {
        const r = row.getFieldset();
        return (
          <fieldset key={row.key} className="utrecht-form-fieldset inline-fields facility-hours-row">
            <legend className="visually-hidden">{t("socialMap.form.hoursRow", { n: index + 1 })}</legend>
            <SelectField
              field={r.weekday}
              label={t("socialMap.form.weekday")}
              placeholder={t("socialMap.form.chooseWeekday")}
              options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: String(d), label: t(`socialMap.weekdays.${d}`) }))}
            />
            <InputField field={r.opensAt} type="time" label={t("socialMap.form.opensAt")} />
            <InputField field={r.closesAt} type="time" label={t("socialMap.form.closesAt")} />
          </fieldset>
        );
      })}
    </fieldset>
  );
}

function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return typeof value === "string" && value ? [value] : [];
}
