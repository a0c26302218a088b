import type { FieldMetadata } from "@conform-to/react";
import { getInputProps } from "@conform-to/react";
import type { InputHTMLAttributes, ReactNode } from "react";
import { useTranslation } from "react-i18next";

// Conform types field errors from the form's schema; ours are always translation keys.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Field = FieldMetadata<string, any, unknown>;
const errorsOf = (field: Field) => field.errors as string[] | undefined;

/** Errors are translation keys (see app/domain/accounts/schemas.ts); shown next to the field. */
export function FieldErrors({ id, errors }: { id: string; errors: string[] | undefined }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <p id={id} className="field__error utrecht-form-field-error-message">
      {errors.map((key) => t(key)).join(" ")}
    </p>
  );
}

export function TextField({
  field,
  label,
  hint,
  type = "text",
  ...attributes
}: {
  field: Field;
  label: string;
  hint?: ReactNode;
  type?: "text" | "email" | "tel";
} & Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "name" | "id" | "defaultValue" | "form">) {
  const hintId = `${field.id}-hint`;
  const props = getInputProps(field, { type, ariaAttributes: true });
  const describedBy = [hint ? hintId : null, errorsOf(field)?.length ? field.errorId : null].filter(Boolean).join(" ");
  return (
    <div className={`field utrecht-form-field${errorsOf(field)?.length ? " utrecht-form-field--invalid" : ""}`}>
      <label htmlFor={field.id} className="utrecht-form-label">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="field__hint utrecht-form-field-description">
          {hint}
        </p>
      ) : null}
      <input {...props} {...attributes} key={props.key} aria-describedby={describedBy || undefined} className="utrecht-textbox utrecht-textbox--html-input" />
      <FieldErrors id={field.errorId} errors={errorsOf(field)} />
    </div>
  );
}

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

export function FormErrors({ id, errors }: { id: string; errors: string[] | undefined }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <div id={id} role="alert" className="alert alert--error">
      {errors.map((key) => (
        <p key={key}>{t(key)}</p>
      ))}
    </div>
  );
}
