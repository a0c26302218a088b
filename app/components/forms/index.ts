// The one form system: the field shell and inputs, checkbox and radio groups, the error summary
// and the form hook. Errors are translation keys (see app/domain/forms.ts). Only page modules
// (`<route>.page.tsx`) and the components they render import it; a route module imports
// `formPage` from ./form-page alone, so Conform and zod stay out of the first load (decision 047).
export { CheckboxField, CheckboxGroup, ChoiceGroup, RadioGroup } from "./choices";
export { FieldErrors, FormErrors, useErrorText } from "./errors";
export { InputField, SelectField, TextAreaField } from "./fields";
export { useIntentForm } from "./use-intent-form";
