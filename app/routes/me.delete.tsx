import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { closeMyAccount, getAccountDeletion } from "~/domain/accounts";
import { closeAccountFormSchema, handoverFormSchema } from "~/domain/accounts/shared";
import { changeMemberRole } from "~/domain/organisations";
import { rolesOf } from "~/domain/permissions";
import { getT } from "~/locales/i18n";
import { parseForm, runTaggedForm } from "~/web/forms.server";
import { requireCtx, toResponse } from "~/web/request.server";
import { formPage } from "~/components/forms/form-page";

// /me/delete (issue 14): what deleting one's account means, organisations to hand over, and the
// confirmation (typing one's email address). Afterwards the session cookie is cleared and the
// person lands on /account-deleted. Works without JavaScript.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("accountDeletion.title")} · Noaber` },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const view = await getAccountDeletion({ ctx }).catch((e) => toResponse(e, request));
  const roles = rolesOf(ctx.actor);
  return { locale: ctx.locale, ...view, staff: roles.includes("coordinator") || roles.includes("admin") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const form = await request.formData();
  if (form.get("intent") === "handover") {
    const submission = parseForm(form, handoverFormSchema);
    const tag = `handover-${String(form.get("organisation") ?? "")}`;
    if (submission.status !== "success") return data({ result: submission.reply(), form: tag }, { status: 400 });
    const { organisation, member } = submission.value;
    const outcome = await runTaggedForm(
      request,
      submission,
      () => changeMemberRole({ ctx, input: { slug: organisation, userId: member, role: "admin" } }),
      tag,
    );
    if (!outcome.ok) return outcome.response;
    return redirect("/me/delete?handedOver=1#organisations");
  }
  // The verb compares the address (and asks staff for a recent second step first).
  const submission = parseForm(form, closeAccountFormSchema);
  if (submission.status !== "success") return data({ result: submission.reply(), form: "delete" }, { status: 400 });
  const outcome = await runTaggedForm(request, submission, () => closeMyAccount({ ctx, input: submission.value }), "delete");
  if (!outcome.ok) return outcome.response;
  return redirect("/account-deleted", {
    headers: { "Set-Cookie": await context.services.cookies.session.serialize("", { maxAge: 0 }) },
  });
}

export default formPage(() => import("./me.delete.page"));
