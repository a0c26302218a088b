import type { FieldMetadata } from "@conform-to/react";
import { useTranslation } from "~/locales/i18n-react";
import { splitMessage } from "~/domain/message-keys";

// Conform types field errors from the form's schema; ours are always translation keys, which may
// carry values ("organiser.errors.tooLong?max=120", see `withValues`).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Field = FieldMetadata<any, any, unknown>;

export const errorsOf = (field: Field) => field.errors as string[] | undefined;

/** Turns an error message (a translation key, perhaps with values) into text. */
export function useErrorText() {
  const { t } = useTranslation();
  return (message: string) => {
    const { key, values } = splitMessage(message);
    return t(key, values);
  };
}

/** A field's errors, shown next to it. */
export function FieldErrors({ id, errors }: { id: string; errors: string[] | undefined }) {
  const text = useErrorText();
  if (!errors?.length) return null;
  return (
    <p id={id} className="field__error utrecht-form-field-error-message">
      {errors.map(text).join(" ")}
    </p>
  );
}

/** The errors of the form as a whole, at its top. */
export function FormErrors({ id, errors }: { id: string; errors: string[] | undefined }) {
  const text = useErrorText();
  if (!errors?.length) return null;
  return (
    <div id={id} role="alert" className="alert alert--error">
      {errors.map((key) => (
        <p key={key}>{text(key)}</p>
      ))}
    </div>
  );
}
