import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { endSession } from "~/domain/accounts";
import { getRequestState } from "~/web/request.server";

// Signing out changes state, so only a POST does it; a GET (a link, a prefetch) goes home.
export const loader = () => redirect("/");

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx, sessionId } = await getRequestState(request, context);
  if (sessionId) await endSession(ctx, sessionId);
  return redirect("/", {
    headers: { "Set-Cookie": await context.services.cookies.session.serialize("", { maxAge: 0 }) },
  });
}
