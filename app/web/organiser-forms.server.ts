import type { Submission } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data } from "@remix-run/node";
import type { ZodTypeAny, output } from "zod";
import { Validation } from "~/domain/errors";
import { toResponse } from "./request.server";

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

/**
 * The answer to a submission that did not pass: 400 with the errors and what was typed, or 200 for
 * a list change without JavaScript ("add a shift"), which is not an error.
 */
export function replyUnfinished<S, F extends string = never>(submission: Submission<S>, form?: F) {
  return data({ result: submission.reply(), form }, { status: submission.status === "error" ? 400 : 200 });
}

/** A positive whole-number route parameter; anything else is a 404. */
export function idParam(value: string | undefined): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0 || String(id) !== value) throw new Response("errors.notFound", { status: 404 });
  return id;
}

/**
 * Runs a domain verb for a form: a Validation error becomes errors next to the fields (status
 * 400, what was typed kept, tagged with the form it belongs to when a page has several); other
 * domain errors become their HTTP response (403, 404, …).
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
    if (error instanceof Validation) {
      const { form: formErrors, ...fieldErrors } = error.fieldErrors;
      return { ok: false as const, response: data({ result: submission.reply({ fieldErrors, formErrors: formErrors ?? [] }), form }, { status: 400 }) };
    }
    return toResponse(error, request);
  }
}
