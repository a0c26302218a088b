import { redirect, type AppLoadContext, type HeadersFunction } from "@remix-run/node";
import type { ZodTypeAny } from "zod";
import { postMessage, viewConversation, type ConversationSubject } from "~/domain/conversations";
import { messageSchema } from "~/domain/conversations/shared";
import { parseForm, runTaggedForm } from "./forms.server";
import { requireCtx, toResponse } from "./request.server";

// What the conversation pages and the circle's updates board share: no caching
// (care details), the `?before=` paging and the post that answers a bad text next to the field.

/** Care details: never kept in a shared or back/forward cache. */
export const careHeaders: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

/** The `?before=<id>` of a paged list (older posts), or null for the newest. */
export function beforeParam(request: Request): number | null {
  return Number(new URL(request.url).searchParams.get("before")) || null;
}

/**
 * Posts the form's text with `verb`, which checks the rights on the record before the text (so a
 * stranger gets "not found" whatever they send); a bad text comes back next to the field (400,
 * kept), success goes to `done`.
 */
export async function postText(
  request: Request,
  formData: FormData,
  schema: ZodTypeAny,
  verb: (body: FormDataEntryValue | undefined) => Promise<unknown>,
  done: string,
) {
  const submission = parseForm(formData, schema);
  const outcome = await runTaggedForm(request, submission, () => verb(formData.get("body") ?? undefined));
  return outcome.ok ? redirect(done) : outcome.response;
}

/** The loader of a conversation page. */
export async function loadConversation(request: Request, context: AppLoadContext, subject: ConversationSubject) {
  const ctx = await requireCtx(request, context);
  const view = await viewConversation({ ctx, input: { subject, before: beforeParam(request) } }).catch((e) => toResponse(e, request));
  return { ctx, view, search: new URL(request.url).searchParams };
}

/** Sends a message from a conversation page's form. */
export async function sendMessage(
  request: Request,
  context: AppLoadContext,
  formData: FormData,
  subject: ConversationSubject,
  path: string,
) {
  const ctx = await requireCtx(request, context);
  return postText(
    request,
    formData,
    messageSchema,
    (body) => postMessage({ ctx, input: { subject, body } }),
    `${path}?sent#post-form-heading`,
  );
}
