import { useForm, type DefaultValue, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { z, ZodTypeAny } from "zod";

/**
 * A Conform form checked in the browser with the same schema the server uses: first on blur, then
 * as the person types. Once a field shows an error it is updated while typing: clearing it on blur
 * would move what is below between mouse-down and mouse-up, and the click on it (submit, checkbox)
 * is lost. `lastResult` is the server's answer for this form (a page with several forms passes only
 * the answer tagged with this form's intent).
 */
export function useIntentForm<S extends ZodTypeAny>(
  id: string,
  schema: S,
  lastResult: SubmissionResult<unknown> | null | undefined,
  defaultValue?: DefaultValue<z.input<S>>,
) {
  return useForm<z.input<S>, z.output<S>>({
    id,
    lastResult: lastResult as SubmissionResult<string[]> | null | undefined,
    defaultValue,
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
}
