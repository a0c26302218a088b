import {
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { messageSchema, postMessage, viewConversation } from "~/domain/conversations";
import { getT } from "~/locales/i18n";
import { parseForm, runTaggedForm } from "~/web/forms.server";
import { idParam, requireCtx, toResponse } from "~/web/request.server";
import circlesStyles from "~/styles/circles.css?url";
import { formPage } from "~/components/forms/form-page";

// The circle's conversation: its current members only (everyone else: not found).

export const links: LinksFunction = () => [{ rel: "stylesheet", href: circlesStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = getT(data?.locale ?? "nl");
  return [{ title: `${t("conversations.circle.title")} · ${data?.view.circleName ?? ""} · Noaber` }];
};

// Care details: never kept in a shared or back/forward cache.
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const search = new URL(request.url).searchParams;
  const subject = { kind: "circle" as const, id: idParam(params.id) };
  const view = await viewConversation({ ctx, input: { subject, before: Number(search.get("before")) || null } }).catch((e) =>
    toResponse(e, request),
  );
  return { locale: ctx.locale, view, sent: search.has("sent") };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const id = idParam(params.id);
  const formData = await request.formData();
  const submission = parseForm(formData, messageSchema);
  // The verb checks membership before the text, so a stranger gets "not found" whatever they send.
  const outcome = await runTaggedForm(request, submission, () =>
    postMessage({ ctx, input: { subject: { kind: "circle", id }, body: formData.get("body") ?? undefined } }),
  );
  if (!outcome.ok) return outcome.response;
  return redirect(`/circles/${id}/messages?sent#post-form-heading`);
}

export default formPage(() => import("./circles.$id.messages.page"));
