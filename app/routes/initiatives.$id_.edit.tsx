import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { InitiativeForm } from "~/components/initiative-form";
import { initiativeSchema } from "~/domain/organisations/shared";
import { getInitiativeForEdit, updateInitiative } from "~/domain/organisations";
import { invalid, runForm } from "~/web/forms.server";
import { getT } from "~/locales/i18n";
import { idParam, requireCtx, toResponse } from "~/web/request.server";

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

export default function EditInitiativePage() {
  const { values, partnerChoices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <section className="stack narrow">
      <h1 className="utrecht-heading-1">{t("community.initiatives.form.editTitle")}</h1>
      <InitiativeForm
        id="initiative-edit"
        lastResult={actionData?.result}
        defaultValue={{ ...values, partnerIds: values.partnerIds.map(String) }}
        partnerChoices={partnerChoices}
      />
    </section>
  );
}
