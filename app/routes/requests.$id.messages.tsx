import {
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { messageSchema, postMessage, setConversationClosed, viewConversation } from "~/domain/conversations";
import { getT } from "~/locales/i18n";
import { parseForm, runTaggedForm } from "~/web/forms.server";
import { idParam, requireCtx, toResponse } from "~/web/request.server";
import circlesStyles from "~/styles/circles.css?url";
import { formPage } from "~/components/forms/form-page";

// The conversation about a help request: the requester (the carer), the matched helper (read-only
// once the match ended) and the coordinators of its neighbourhood. Everyone else: not found.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: circlesStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("conversations.request.title")} · Noaber` },
];

// Care details: never kept in a shared or back/forward cache.
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

const notices = ["sent", "closed", "reopened"] as const;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const search = new URL(request.url).searchParams;
  const subject = { kind: "request" as const, id: idParam(params.id) };
  const view = await viewConversation({ ctx, input: { subject, before: Number(search.get("before")) || null } }).catch((e) =>
    toResponse(e, request),
  );
  return { locale: ctx.locale, view, notice: notices.find((n) => search.has(n)) ?? null };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const id = idParam(params.id);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  if (intent === "close" || intent === "reopen") {
    // Only coordinators of the request: anyone else gets "not found".
    const done = await setConversationClosed({ ctx, input: { helpRequestId: id, close: intent } }).catch((e) => toResponse(e, request));
    return redirect(`/requests/${id}/messages?${done.closed ? "closed" : "reopened"}`);
  }
  const submission = parseForm(formData, messageSchema);
  // The verb checks who takes part before the text, so a stranger gets "not found" whatever they send.
  const outcome = await runTaggedForm(request, submission, () =>
    postMessage({ ctx, input: { subject: { kind: "request", id }, body: formData.get("body") ?? undefined } }),
  );
  if (!outcome.ok) return outcome.response;
  return redirect(`/requests/${id}/messages?sent#post-form-heading`);
}

export default formPage(() => import("./requests.$id.messages.page"));
