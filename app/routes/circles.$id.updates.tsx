import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { circleUpdateSchema, deleteCircleUpdate, listCircleUpdates, postCircleUpdate } from "~/domain/circles";
import { getT } from "~/locales/i18n";
import { beforeParam, careHeaders, postText } from "~/web/conversation-routes.server";
import { idParam, requireCtx, toResponse } from "~/web/request.server";
import circlesStyles from "~/styles/circles.css?url";
import { formPage } from "~/components/forms/form-page";

// The circle's updates board: its current members only (everyone else: not found).

export const links: LinksFunction = () => [{ rel: "stylesheet", href: circlesStyles }];
export const headers = careHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = getT(data?.locale ?? "nl");
  return [{ title: `${t("conversations.updates.title")} · ${data?.board.circle.name ?? ""} · Noaber` }];
};

const notices = ["posted", "deleted"] as const;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const input = { circleId: idParam(params.id), before: beforeParam(request) };
  const board = await listCircleUpdates({ ctx, input }).catch((e) => toResponse(e, request));
  const search = new URL(request.url).searchParams;
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
  const post = (body: unknown) => postCircleUpdate({ ctx, input: { circleId, body } });
  return postText(request, formData, circleUpdateSchema, post, `/circles/${circleId}/updates?posted`);
}

export default formPage(() => import("./circles.$id.updates.page"));
