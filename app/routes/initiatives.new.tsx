import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { InitiativeForm } from "~/components/initiative-form";
import { initiativeSchema } from "~/domain/organisations/shared";
import { createInitiative, getNewInitiativeForm } from "~/domain/organisations";
import { invalid, runForm } from "~/web/forms.server";
import { getT } from "~/locales/i18n";
import { requireCtx, toResponse } from "~/web/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("community.initiatives.form.newTitle", { name: data?.organisation.name ?? "" })} · Noaber` },
];

const organisationSlug = (request: Request) => new URL(request.url).searchParams.get("organisation") ?? "";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const form = await getNewInitiativeForm({ ctx, input: { organisationSlug: organisationSlug(request) } }).catch((e) =>
    toResponse(e, request),
  );
  return { locale: ctx.locale, ...form };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const submission = parseWithZod(await request.formData(), { schema: initiativeSchema });
  if (submission.status !== "success") return invalid(submission);
  const outcome = await runForm(submission, () =>
    createInitiative({ ctx, input: { ...submission.value, organisationSlug: organisationSlug(request) } }),
  ).catch((e) => toResponse(e, request));
  if (!outcome.ok) return outcome.response;
  return redirect(`/initiatives/${outcome.value.id}`);
}

export default function NewInitiativePage() {
  const { organisation, partnerChoices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <section className="stack narrow">
      <h1 className="utrecht-heading-1">{t("community.initiatives.form.newTitle", { name: organisation.name })}</h1>
      <InitiativeForm id="initiative-new" lastResult={actionData?.result} partnerChoices={partnerChoices} />
    </section>
  );
}
