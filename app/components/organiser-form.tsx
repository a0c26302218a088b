import { getCollectionProps, getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { splitMessage } from "~/domain/activities/shared";

// Form fields for the organiser's forms: like app/components/form.tsx, and their messages may
// carry values ("at most {{max}} characters"), see `withValues` in organiser-schemas.ts.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Field = FieldMetadata<any, any, unknown>;
const errorsOf = (field: Field) => field.errors as string[] | undefined;

export function useErrorText() {
  const { t } = useTranslation();
  return (message: string) => {
    const { key, values } = splitMessage(message);
    return t(key, values);
  };
}

export function ErrorText({ id, errors }: { id: string; errors: string[] | undefined }) {
  const text = useErrorText();
  if (!errors?.length) return null;
  return (
    <p id={id} className="field__error utrecht-form-field-error-message">
      {errors.map(text).join(" ")}
    </p>
  );
}

export function FormAlert({ id, errors }: { id: string; errors: string[] | undefined }) {
  const text = useErrorText();
  if (!errors?.length) return null;
  return (
    <div id={id} role="alert" className="alert alert--error">
      {errors.map((e) => (
        <p key={e}>{text(e)}</p>
      ))}
    </div>
  );
}

function describedBy(field: Field, hint: ReactNode) {
  return [hint ? `${field.id}-hint` : null, errorsOf(field)?.length ? field.errorId : null].filter(Boolean).join(" ") || undefined;
}

function Shell({ field, label, hint, children }: { field: Field; label: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <div className={`field utrecht-form-field${errorsOf(field)?.length ? " utrecht-form-field--invalid" : ""}`}>
      <label htmlFor={field.id} className="utrecht-form-label">
        {label}
      </label>
      {hint ? (
        <p id={`${field.id}-hint`} className="field__hint utrecht-form-field-description">
          {hint}
        </p>
      ) : null}
      {children}
      <ErrorText id={field.errorId} errors={errorsOf(field)} />
    </div>
  );
}

export function InputField({
  field,
  label,
  hint,
  type = "text",
  autoComplete,
  inputMode,
}: {
  field: Field;
  label: string;
  hint?: ReactNode;
  type?: "text" | "date" | "time" | "number";
  autoComplete?: string;
  inputMode?: "numeric" | "text";
}) {
  const props = getInputProps(field, { type, ariaAttributes: true });
  return (
    <Shell field={field} label={label} hint={hint}>
      <input
        {...props}
        key={props.key}
        autoComplete={autoComplete}
        inputMode={inputMode}
        aria-describedby={describedBy(field, hint)}
        className="utrecht-textbox utrecht-textbox--html-input"
      />
    </Shell>
  );
}

export function TextAreaField({ field, label, hint, rows = 5 }: { field: Field; label: string; hint?: ReactNode; rows?: number }) {
  const props = getTextareaProps(field, { ariaAttributes: true });
  return (
    <Shell field={field} label={label} hint={hint}>
      <textarea {...props} key={props.key} rows={rows} aria-describedby={describedBy(field, hint)} className="utrecht-textarea" />
    </Shell>
  );
}

export function SelectField({
  field,
  label,
  hint,
  options,
  emptyLabel,
}: {
  field: Field;
  label: string;
  hint?: ReactNode;
  options: { value: string; label: string }[];
  emptyLabel?: string;
}) {
  const props = getSelectProps(field, { ariaAttributes: true });
  return (
    <Shell field={field} label={label} hint={hint}>
      <select {...props} key={props.key} aria-describedby={describedBy(field, hint)} className="utrecht-select utrecht-select--html-select">
        {emptyLabel !== undefined ? <option value="">{emptyLabel}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Shell>
  );
}

/** Checkboxes (several may be chosen) or radio buttons (one), grouped by a fieldset. */
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
    <fieldset className={`field choice-group${errorsOf(field)?.length ? " utrecht-form-field--invalid" : ""}`}>
      <legend className="utrecht-form-label">{legend}</legend>
      {hint ? (
        <p id={`${field.id}-hint`} className="field__hint utrecht-form-field-description">
          {hint}
        </p>
      ) : null}
      <div className="choice-group__options">
        {inputs.map((props, i) => (
          <div className="field--checkbox" key={props.key ?? props.value}>
            <input {...props} key={props.key} aria-describedby={describedBy(field, hint)} className={type === "checkbox" ? "utrecht-checkbox utrecht-checkbox--html-input" : "utrecht-radio-button"} />
            <label htmlFor={props.id}>{options[i]!.label}</label>
          </div>
        ))}
      </div>
      <ErrorText id={field.errorId} errors={errorsOf(field)} />
    </fieldset>
  );
}

export function Checkbox({ field, label }: { field: Field; label: ReactNode }) {
  const props = getInputProps(field, { type: "checkbox", ariaAttributes: true });
  return (
    <div className="field field--checkbox">
      <input {...props} key={props.key} className="utrecht-checkbox utrecht-checkbox--html-input" />
      <label htmlFor={field.id}>{label}</label>
      <ErrorText id={field.errorId} errors={errorsOf(field)} />
    </div>
  );
}
