import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { getT } from "~/locales/i18n";
import { careHeaders, loadConversation, sendMessage } from "~/web/conversation-routes.server";
import { idParam } from "~/web/request.server";
import circlesStyles from "~/styles/circles.css?url";
import { formPage } from "~/components/forms/form-page";

// The circle's conversation: its current members only (everyone else: not found).

export const links: LinksFunction = () => [{ rel: "stylesheet", href: circlesStyles }];
export const headers = careHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = getT(data?.locale ?? "nl");
  return [{ title: `${t("conversations.circle.title")} · ${data?.view.circleName ?? ""} · Noaber` }];
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx, view, search } = await loadConversation(request, context, { kind: "circle", id: idParam(params.id) });
  return { locale: ctx.locale, view, sent: search.has("sent") };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const id = idParam(params.id);
  return sendMessage(request, context, await request.formData(), { kind: "circle", id }, `/circles/${id}/messages`);
}

export default formPage(() => import("./circles.$id.messages.page"));
