import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { initiativeSchema } from "~/domain/organisations/shared";
import { getInitiativeForEdit, updateInitiative } from "~/domain/organisations";
import { invalid, runForm } from "~/web/forms.server";
import { getT } from "~/locales/i18n";
import { idParam, requireCtx, toResponse } from "~/web/request.server";
import { formPage } from "~/components/forms/form-page";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("community.initiatives.form.editTitle")} · Noaber` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const form = await getInitiativeForEdit({ ctx, input: { id: idParam(params.id) } }).catch((e) => toResponse(e, request));
  return { locale: ctx.locale, ...form };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const submission = parseWithZod(await request.formData(), { schema: initiativeSchema });
  if (submission.status !== "success") return invalid(submission);
  const outcome = await runForm(submission, () => updateInitiative({ ctx, input: { ...submission.value, id: idParam(params.id) } })).catch(
    (e) => toResponse(e, request),
  );
  if (!outcome.ok) return outcome.response;
  return redirect(`/initiatives/${outcome.value.id}`);
}

export default formPage(() => import("./initiatives.$id_.edit.page"));
