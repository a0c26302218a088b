import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { organisationSchema } from "~/domain/organisations/shared";
import { listNeighbourhoodChoices, registerOrganisation } from "~/domain/organisations";
import { invalid, runForm } from "~/web/forms.server";
import { getT } from "~/locales/i18n";
import { requireCtx } from "~/web/request.server";
import { formPage } from "~/components/forms/form-page";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("community.organisations.register.title")} · Noaber` },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  return { locale: ctx.locale, neighbourhoods: await listNeighbourhoodChoices({ ctx }) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const submission = parseWithZod(await request.formData(), { schema: organisationSchema });
  if (submission.status !== "success") return invalid(submission);
  const outcome = await runForm(submission, () => registerOrganisation({ ctx, input: submission.value }));
  if (!outcome.ok) return outcome.response;
  return redirect(`/organisations/${outcome.value.slug}`);
}

export default formPage(() => import("./organisations.new.page"));
