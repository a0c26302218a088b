import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { setConversationClosed } from "~/domain/conversations";
import { getT } from "~/locales/i18n";
import { careHeaders, loadConversation, sendMessage } from "~/web/conversation-routes.server";
import { idParam, requireCtx, toResponse } from "~/web/request.server";
import circlesStyles from "~/styles/circles.css?url";
import { formPage } from "~/components/forms/form-page";

// The conversation about a help request: the requester (the carer), the matched helper (read-only
// once the match ended) and the coordinators of its neighbourhood. Everyone else: not found.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: circlesStyles }];
export const headers = careHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("conversations.request.title")} · Noaber` },
];

const notices = ["sent", "closed", "reopened"] as const;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx, view, search } = await loadConversation(request, context, { kind: "request", id: idParam(params.id) });
  return { locale: ctx.locale, view, notice: notices.find((n) => search.has(n)) ?? null };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const id = idParam(params.id);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  if (intent === "close" || intent === "reopen") {
    // Only coordinators of the request: anyone else gets "not found".
    const ctx = await requireCtx(request, context);
    const done = await setConversationClosed({ ctx, input: { helpRequestId: id, close: intent } }).catch((e) => toResponse(e, request));
    return redirect(`/requests/${id}/messages?${done.closed ? "closed" : "reopened"}`);
  }
  return sendMessage(request, context, formData, { kind: "request", id }, `/requests/${id}/messages`);
}

export default formPage(() => import("./requests.$id.messages.page"));
