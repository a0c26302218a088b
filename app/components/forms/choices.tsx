import { getCollectionProps, getInputProps } from "@conform-to/react";
import type { ReactNode } from "react";
import { errorsOf, FieldErrors, type Field } from "./errors";
import { describedBy, Hint, invalidClass } from "./fields";

// Checkboxes and radio buttons: one checkbox, and groups of them in a fieldset with a legend.

export function CheckboxField({ field, label }: { field: Field; label: ReactNode }) {
  const props = getInputProps(field, { type: "checkbox", ariaAttributes: true });
  return (
    <div className="field field--checkbox">
      <input {...props} key={props.key} className="utrecht-checkbox utrecht-checkbox--html-input" />
      <label htmlFor={field.id}>{label}</label>
      <FieldErrors id={field.errorId} errors={errorsOf(field)} />
    </div>
  );
}

/** Checkboxes (several may be chosen) or radio buttons (one) for a field Conform keeps as a collection. */
export function ChoiceGroup({
  field,
  legend,
  hint,
  type,
  options,
}: {
  field: Field;
  legend: string;
  hint?: ReactNode;
  type: "checkbox" | "radio";
  options: { value: string; label: string }[];
}) {
  const inputs = getCollectionProps(field, { type, options: options.map((o) => o.value), ariaAttributes: true });
  return (
    <fieldset className={`field choice-group${invalidClass(field)}`}>
      <legend className="utrecht-form-label">{legend}</legend>
      <Hint field={field} hint={hint} />
      <div className="choice-group__options">
        {inputs.map((props, i) => (
          <div className="field--checkbox" key={props.key ?? props.value}>
            <input
              {...props}
              key={props.key}
              aria-describedby={describedBy(field, hint)}
              className={type === "checkbox" ? "utrecht-checkbox utrecht-checkbox--html-input" : "utrecht-radio-button"}
            />
            <label htmlFor={props.id}>{options[i]!.label}</label>
          </div>
        ))}
      </div>
      <FieldErrors id={field.errorId} errors={errorsOf(field)} />
    </fieldset>
  );
}

function initialValues(field: Field): string[] {
  const value: unknown = field.initialValue;
  if (Array.isArray(value)) return value.map(String);
  return typeof value === "string" ? [value] : [];
}

/**
 * Several checkboxes for one list field, in a fieldset with a legend. One field may be split over
 * two groups (`idSuffix` keeps ids unique; `hideErrors` shows its errors only once). The schema
 * side must use `checkboxList` from app/domain/organisations/schemas.ts.
 */
export function CheckboxGroup({
  field,
  legend,
  hint,
  options,
  idSuffix = "",
  hideErrors = false,
}: {
  field: Field;
  legend: string;
  hint?: ReactNode;
  options: readonly { value: string; label: string }[];
  idSuffix?: string;
  hideErrors?: boolean;
}) {
  const chosen = initialValues(field);
  const id = idSuffix ? `${field.id}-${idSuffix}` : field.id;
  return (
    <fieldset
      className={`field choice-group utrecht-form-fieldset${hideErrors ? "" : invalidClass(field)}`}
      aria-describedby={hideErrors ? undefined : describedBy(field, hint)}
      key={field.key}
    >
      <legend className="utrecht-form-fieldset__legend">{legend}</legend>
      <Hint field={field} hint={hint} />
      {/* Keeps the field in the form data when nothing is ticked (see checkboxList). */}
      {idSuffix ? null : <input type="hidden" name={field.name} value="" />}
      {options.map((o, i) => (
        <div className="field--checkbox choice-group__item" key={o.value}>
          <input
            type="checkbox"
            id={`${id}-${i}`}
            name={field.name}
            value={o.value}
            defaultChecked={chosen.includes(o.value)}
            className="utrecht-checkbox utrecht-checkbox--html-input"
          />
          <label htmlFor={`${id}-${i}`}>{o.label}</label>
        </div>
      ))}
      {hideErrors ? null : <FieldErrors id={field.errorId} errors={errorsOf(field)} />}
    </fieldset>
  );
}

/** Radio buttons for one field, in a fieldset with a legend (uncontrolled: the checked one follows the field's value). */
export function RadioGroup({
  field,
  legend,
  options,
}: {
  field: Field;
  legend: string;
  options: readonly { value: string; label: string }[];
}) {
  const chosen = initialValues(field)[0];
  return (
    <fieldset
      className={`field choice-group utrecht-form-fieldset${invalidClass(field)}`}
      aria-describedby={describedBy(field, null)}
      key={field.key}
    >
      <legend className="utrecht-form-fieldset__legend">{legend}</legend>
      {options.map((o, i) => (
        <div className="field--checkbox choice-group__item" key={o.value}>
          <input
            type="radio"
            id={`${field.id}-${i}`}
            name={field.name}
            value={o.value}
            defaultChecked={chosen === o.value}
            className="utrecht-radio-button utrecht-radio-button--html-input"
          />
          <label htmlFor={`${field.id}-${i}`}>{o.label}</label>
        </div>
      ))}
      <FieldErrors id={field.errorId} errors={errorsOf(field)} />
    </fieldset>
  );
}
