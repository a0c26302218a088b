import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { Validation } from "~/domain/errors";
import { cancelOwnSignup } from "~/domain/activities";
import { backTo, withNotice } from "~/web/activity-notices";
import { getCtx, idParam, toResponse } from "~/web/request.server";

// Cancelling one's own sign-up: a POST from the activity page (or any list of one's sign-ups),
// answered with a redirect back there and a status message.

export async function loader() {
  throw new Response("errors.notFound", { status: 404 });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await getCtx(request, context);
  const form = await request.formData();
  const back = backTo(form.get("returnTo"), "/", "/activities");
  if (!ctx.actor) throw redirect(`/login?${new URLSearchParams({ redirectTo: back })}`);
  const signupId = idParam(params.id);
  if (form.get("intent") !== "cancel") throw new Response("errors.validation", { status: 400 });
  try {
    const result = await cancelOwnSignup({ ctx, input: { signupId } });
    return redirect(withNotice(back, result.cancelled ? "cancelled" : "notCancelled"));
  } catch (error) {
    if (error instanceof Validation) return redirect(withNotice(back, "cutoffPassed"));
    return toResponse(error, request);
  }
}
