import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { intakeErasureFormSchema } from "~/domain/accounts/shared";
import { eraseIntakeRequester, getIntakeErasure } from "~/domain/help";
import { getT } from "~/locales/i18n";
import { parseForm, runTaggedForm } from "~/web/forms.server";
import { idParam, requireCtx, toResponse } from "~/web/request.server";
import { formPage } from "~/components/forms/form-page";

// /coordinator/requests/:id/erase (issue 14): a coordinator of the request's neighbourhood erases the
// person registered at intake (no account) behind it. Anyone else, a request with an account behind
// it, or one already erased: the same 404 as a missing request. (`$id_`: not nested in the triage
// page, which has no outlet.)

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("accountDeletion.intake.title")} · Noaber` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const view = await getIntakeErasure({ ctx, input: { requestId: idParam(params.id) } }).catch((e) => toResponse(e, request));
  return { locale: ctx.locale, ...view };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const requestId = idParam(params.id);
  const submission = parseForm(await request.formData(), intakeErasureFormSchema);
  // The verb checks the coordinator's right before the confirmation: an empty form tells nothing.
  const confirmed = submission.status === "success" && submission.value.confirm;
  const outcome = await runTaggedForm(request, submission, () => eraseIntakeRequester({ ctx, input: { requestId, confirmed } }));
  if (!outcome.ok) return outcome.response;
  return redirect(`/coordinator/requests/${requestId}`);
}

export default formPage(() => import("./coordinator_.requests.$id_.erase.page"));
