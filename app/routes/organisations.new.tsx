import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { OrganisationForm } from "~/components/organisation-form";
import { organisationSchema } from "~/domain/organisations/shared";
import { listNeighbourhoodChoices, registerOrganisation } from "~/domain/organisations";
import { invalid, runForm } from "~/web/forms.server";
import { getT } from "~/locales/i18n";
import { requireCtx } from "~/web/request.server";

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

export default function NewOrganisationPage() {
  const { neighbourhoods } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <section className="stack narrow">
      <h1 className="utrecht-heading-1">{t("community.organisations.register.title")}</h1>
      <p className="utrecht-paragraph">{t("community.organisations.register.intro")}</p>
      <OrganisationForm
        id="organisation-new"
        lastResult={actionData?.result}
        neighbourhoods={neighbourhoods}
        submitLabel={t("community.organisations.register.submit")}
      />
    </section>
  );
}
