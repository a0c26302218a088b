import type { Submission } from "@conform-to/react";
import { data } from "@remix-run/node";
import { Validation } from "~/domain/errors";

/**
 * Runs a domain verb for a form and turns its Validation error into form errors next to the
 * fields (status 400, what the user typed kept). Other errors go up to the error boundary.
 */
export async function runForm<T, S>(submission: Submission<S>, verb: () => Promise<T>) {
  try {
    return { ok: true as const, value: await verb() };
  } catch (error) {
    if (error instanceof Validation) {
      const { form, ...fields } = error.fieldErrors;
      return {
        ok: false as const,
        response: data({ result: submission.reply({ fieldErrors: fields, formErrors: form ?? [] }) }, { status: 400 }),
      };
    }
    throw error;
  }
}

export function invalid<S>(submission: Submission<S>) {
  return data({ result: submission.reply() }, { status: 400 });
}
