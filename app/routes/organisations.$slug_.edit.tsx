import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { organisationSchema } from "~/domain/organisations/shared";
import { getOrganisationForEdit, listNeighbourhoodChoices, updateOrganisation } from "~/domain/organisations";
import { invalid, runForm } from "~/web/forms.server";
import { getT } from "~/locales/i18n";
import { requireCtx, toResponse } from "~/web/request.server";
import { formPage } from "~/components/forms/form-page";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("community.organisations.editTitle", { name: data?.values.name ?? "" })} · Noaber` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const values = await getOrganisationForEdit({ ctx, input: { slug: params.slug ?? "" } }).catch((e) => toResponse(e, request));
  return { locale: ctx.locale, values, neighbourhoods: await listNeighbourhoodChoices({ ctx }) };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const submission = parseWithZod(await request.formData(), { schema: organisationSchema });
  if (submission.status !== "success") return invalid(submission);
  const outcome = await runForm(submission, () =>
    updateOrganisation({ ctx, input: { ...submission.value, slug: params.slug ?? "" } }),
  ).catch((e) => toResponse(e, request));
  if (!outcome.ok) return outcome.response;
  return redirect(`/organisations/${outcome.value.slug}`);
}

export default formPage(() => import("./organisations.$slug_.edit.page"));
