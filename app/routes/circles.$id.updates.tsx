import {
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { circleUpdateSchema, deleteCircleUpdate, listCircleUpdates, postCircleUpdate } from "~/domain/circles";
import { getT } from "~/locales/i18n";
import { parseForm, runTaggedForm } from "~/web/forms.server";
import { idParam, requireCtx, toResponse } from "~/web/request.server";
import circlesStyles from "~/styles/circles.css?url";
import { formPage } from "~/components/forms/form-page";

// The circle's updates board: its current members only (everyone else: not found).

export const links: LinksFunction = () => [{ rel: "stylesheet", href: circlesStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = getT(data?.locale ?? "nl");
  return [{ title: `${t("conversations.updates.title")} · ${data?.board.circle.name ?? ""} · Noaber` }];
};

// Care details: never kept in a shared or back/forward cache.
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

const notices = ["posted", "deleted"] as const;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const search = new URL(request.url).searchParams;
  const board = await listCircleUpdates({
    ctx,
    input: { circleId: idParam(params.id), before: Number(search.get("before")) || null },
  }).catch((e) => toResponse(e, request));
  return { locale: ctx.locale, board, notice: notices.find((n) => search.has(n)) ?? null };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const circleId = idParam(params.id);
  const formData = await request.formData();
  if (formData.get("intent") === "delete") {
    const updateId = Number(formData.get("updateId"));
    await deleteCircleUpdate({ ctx, input: { circleId, updateId } }).catch((e) => toResponse(e, request));
    return redirect(`/circles/${circleId}/updates?deleted`);
  }
  const submission = parseForm(formData, circleUpdateSchema);
  // The verb checks membership before the text, so a stranger gets "not found" whatever they send.
  const outcome = await runTaggedForm(request, submission, () =>
    postCircleUpdate({ ctx, input: { circleId, body: formData.get("body") ?? undefined } }),
  );
  if (!outcome.ok) return outcome.response;
  return redirect(`/circles/${circleId}/updates?posted`);
}

export default formPage(() => import("./circles.$id.updates.page"));
