import { getInputProps, getSelectProps, getTextareaProps } from "@conform-to/react";
import type { InputHTMLAttributes, ReactNode } from "react";
import { errorsOf, FieldErrors, type Field } from "./errors";

// The field shell (label, optional hint, errors next to the field, aria wiring) and the inputs in it.

/** The ids that describe a field: its hint and, when it has errors, its error message. */
export function describedBy(field: Field, hint: ReactNode) {
  return [hint ? `${field.id}-hint` : null, errorsOf(field)?.length ? field.errorId : null].filter(Boolean).join(" ") || undefined;
}

export const invalidClass = (field: Field) => (errorsOf(field)?.length ? " utrecht-form-field--invalid" : "");

export function Hint({ field, hint }: { field: Field; hint: ReactNode }) {
  return hint ? (
    <p id={`${field.id}-hint`} className="field__hint utrecht-form-field-description">
      {hint}
    </p>
  ) : null;
}

function FieldShell({ field, label, hint, children }: { field: Field; label: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <div className={`field utrecht-form-field${invalidClass(field)}`}>
      <label htmlFor={field.id} className="utrecht-form-label">
        {label}
      </label>
      <Hint field={field} hint={hint} />
      {children}
      <FieldErrors id={field.errorId} errors={errorsOf(field)} />
    </div>
  );
}

export function InputField({
  field,
  label,
  hint,
  type = "text",
  ...attributes
}: {
  field: Field;
  label: string;
  hint?: ReactNode;
  type?: "text" | "email" | "tel" | "url" | "date" | "time" | "number";
} & Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "name" | "id" | "defaultValue" | "form">) {
  const props = getInputProps(field, { type, ariaAttributes: true });
  return (
    <FieldShell field={field} label={label} hint={hint}>
      <input
        {...props}
        {...attributes}
        key={props.key}
        aria-describedby={describedBy(field, hint)}
        className="utrecht-textbox utrecht-textbox--html-input"
      />
    </FieldShell>
  );
}

export function TextAreaField({ field, label, hint, rows = 5 }: { field: Field; label: string; hint?: ReactNode; rows?: number }) {
  const props = getTextareaProps(field, { ariaAttributes: true });
  return (
    <FieldShell field={field} label={label} hint={hint}>
      <textarea
        {...props}
        key={props.key}
        rows={rows}
        aria-describedby={describedBy(field, hint)}
        className="utrecht-textarea utrecht-textarea--html-textarea"
      />
    </FieldShell>
  );
}

export function SelectField({
  field,
  label,
  hint,
  placeholder,
  options,
}: {
  field: Field;
  label: string;
  hint?: ReactNode;
  /** The first, empty choice ("Choose…"), when the field may be left empty. */
  placeholder?: string;
  options: readonly { value: string; label: string }[];
}) {
  const props = getSelectProps(field, { ariaAttributes: true });
  return (
    <FieldShell field={field} label={label} hint={hint}>
      <select {...props} key={props.key} aria-describedby={describedBy(field, hint)} className="utrecht-select utrecht-select--html-select">
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}
