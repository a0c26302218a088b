import type { Submission } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data } from "@remix-run/node";
import type { ZodTypeAny, output } from "zod";
import { StepUpRequired, Validation } from "~/domain/errors";
import { keepFormForStepUp, toResponse } from "./request.server";

// The one server-side form helper: parse a form with Conform, answer a submission that did not
// pass, and run a domain verb whose Validation error becomes errors next to the fields.

/**
 * Parses a form with Conform. A tampered list intent (`__intent__` that is not JSON) is answered
 * 400 instead of a 500.
 */
export function parseForm<S extends ZodTypeAny>(formData: FormData, schema: S): Submission<output<S>> {
  try {
    return parseWithZod(formData, { schema });
  } catch {
    throw new Response("Bad Request", { status: 400 });
  }
}

/** The answer to a submission that did not pass: 400 with the errors and what was typed. */
export function invalid<S>(submission: Submission<S>) {
  return data({ result: submission.reply() }, { status: 400 });
}

/**
 * The answer to a submission that did not pass: 400 with the errors and what was typed, or 200 for
 * a list change without JavaScript ("add a shift"), which is not an error.
 */
export function replyUnfinished<S, F extends string = never>(submission: Submission<S>, form?: F) {
  return data({ result: submission.reply(), form }, { status: submission.status === "error" ? 400 : 200 });
}

function replyValidation<S>(submission: Submission<S>, error: Validation) {
  const { form, ...fieldErrors } = error.fieldErrors;
  return submission.reply({ fieldErrors, formErrors: form ?? [] });
}

/**
 * Runs a domain verb for a form and turns its Validation error into form errors next to the
 * fields (status 400, what the user typed kept). With the request, a verb that needs a fresher
 * second-factor proof keeps what was typed and sends the person to confirm (see
 * `keepFormForStepUp`). Other errors go up to the error boundary.
 */
export async function runForm<T, S>(submission: Submission<S>, verb: () => Promise<T>, request?: Request) {
  try {
    return { ok: true as const, value: await verb() };
  } catch (error) {
    if (error instanceof Validation)
      return { ok: false as const, response: data({ result: replyValidation(submission, error) }, { status: 400 }) };
    if (error instanceof StepUpRequired && request) throw await keepFormForStepUp(request, submission.payload);
    throw error;
  }
}

/**
 * Like `runForm`, for pages with several forms: the errors are tagged with the form they belong
 * to, and other domain errors become their HTTP response (403, 404, …).
 */
export async function runTaggedForm<T, S, F extends string | undefined = undefined>(
  request: Request,
  submission: Submission<S>,
  verb: () => Promise<T>,
  form?: F,
) {
  try {
    return { ok: true as const, value: await verb() };
  } catch (error) {
    if (error instanceof Validation)
      return { ok: false as const, response: data({ result: replyValidation(submission, error), form }, { status: 400 }) };
    if (error instanceof StepUpRequired) throw await keepFormForStepUp(request, submission.payload);
    return toResponse(error, request);
  }
}
