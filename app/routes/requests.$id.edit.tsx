import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { helpRequestEditSchema } from "~/domain/help/shared";
import { getHelpRequestForEdit, updateHelpRequest } from "~/domain/help";
import { runForm } from "~/web/forms.server";
import { getT } from "~/locales/i18n";
import { idParam, requireCtx, toResponse } from "~/web/request.server";
import { formPage } from "~/components/forms/form-page";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("helpRequest.form.editTitle")} · Noaber` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const loaded = await getHelpRequestForEdit({ ctx, input: { id: idParam(params.id) } }).catch((e) => toResponse(e, request));
  return { locale: ctx.locale, ...loaded };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const submission = parseWithZod(await request.formData(), { schema: helpRequestEditSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: submission.status === "error" ? 400 : 200 });
  const id = idParam(params.id);
  // Field errors come back next to the fields; "not yours" and "can no longer change" map to 404/409.
  const outcome = await runForm(submission, () => updateHelpRequest({ ctx, input: { ...submission.value, id } })).catch((e) =>
    toResponse(e, request),
  );
  if (!outcome.ok) return outcome.response;
  return redirect(`/requests/${id}?saved`);
}

export default formPage(() => import("./requests.$id.edit.page"));
