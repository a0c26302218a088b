import type { FieldMetadata } from "@conform-to/react";
import { getInputProps, getSelectProps, getTextareaProps } from "@conform-to/react";
import { Link } from "@remix-run/react";
import type { InputHTMLAttributes, ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { FieldErrors } from "./form";

// Form fields beyond form.tsx (select, textarea, date/time/number, checkbox and radio groups),
// with the same pattern: label, optional hint, errors next to the field, aria wiring.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Field = FieldMetadata<any, any, unknown>;
const errorsOf = (field: Field) => field.errors as string[] | undefined;
const invalidClass = (field: Field) => (errorsOf(field)?.length ? " utrecht-form-field--invalid" : "");

function describedBy(field: Field, hint: ReactNode) {
  return [hint ? `${field.id}-hint` : null, errorsOf(field)?.length ? field.errorId : null].filter(Boolean).join(" ") || undefined;
}

function Hint({ field, hint }: { field: Field; hint: ReactNode }) {
  return hint ? (
    <p id={`${field.id}-hint`} className="field__hint utrecht-form-field-description">
      {hint}
    </p>
  ) : null;
}

export function InputField({
  field,
  label,
  hint,
  type,
  ...attributes
}: {
  field: Field;
  label: string;
  hint?: ReactNode;
  type: "date" | "time" | "number" | "url" | "text" | "email" | "tel";
} & Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "name" | "id" | "defaultValue" | "form">) {
  const props = getInputProps(field, { type, ariaAttributes: true });
  return (
    <div className={`field utrecht-form-field${invalidClass(field)}`}>
      <label htmlFor={field.id} className="utrecht-form-label">
        {label}
      </label>
      <Hint field={field} hint={hint} />
      <input {...props} {...attributes} key={props.key} aria-describedby={describedBy(field, hint)} className="utrecht-textbox utrecht-textbox--html-input" />
      <FieldErrors id={field.errorId} errors={errorsOf(field)} />
    </div>
  );
}

export function TextAreaField({ field, label, hint, rows = 5 }: { field: Field; label: string; hint?: ReactNode; rows?: number }) {
  const props = getTextareaProps(field, { ariaAttributes: true });
  return (
    <div className={`field utrecht-form-field${invalidClass(field)}`}>
      <label htmlFor={field.id} className="utrecht-form-label">
        {label}
      </label>
      <Hint field={field} hint={hint} />
      <textarea {...props} key={props.key} rows={rows} aria-describedby={describedBy(field, hint)} className="utrecht-textarea utrecht-textarea--html-textarea" />
      <FieldErrors id={field.errorId} errors={errorsOf(field)} />
    </div>
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
  placeholder?: string;
  options: readonly { value: string; label: string }[];
}) {
  const props = getSelectProps(field, { ariaAttributes: true });
  return (
    <div className={`field utrecht-form-field${invalidClass(field)}`}>
      <label htmlFor={field.id} className="utrecht-form-label">
        {label}
      </label>
      <Hint field={field} hint={hint} />
      <select {...props} key={props.key} aria-describedby={describedBy(field, hint)} className="utrecht-select utrecht-select--html-select">
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldErrors id={field.errorId} errors={errorsOf(field)} />
    </div>
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

export function RadioGroup({ field, legend, options }: { field: Field; legend: string; options: readonly { value: string; label: string }[] }) {
  const chosen = initialValues(field)[0];
  return (
    <fieldset className={`field choice-group utrecht-form-fieldset${invalidClass(field)}`} aria-describedby={describedBy(field, null)} key={field.key}>
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

/** Previous / next links for a paginated list; `href` builds the link for a page number. */
export function Pagination({ page, pages, href }: { page: number; pages: number; href: (page: number) => string }) {
  const { t } = useTranslation();
  if (pages <= 1) return null;
  return (
    <nav aria-label={t("community.pagination.label")} className="pagination">
      {page > 1 ? (
        <Link to={href(page - 1)} className="utrecht-link" rel="prev">
          {t("community.pagination.previous")}
        </Link>
      ) : null}
      <span>{t("community.pagination.page", { page, pages })}</span>
      {page < pages ? (
        <Link to={href(page + 1)} className="utrecht-link" rel="next">
          {t("community.pagination.next")}
        </Link>
      ) : null}
    </nav>
  );
}
