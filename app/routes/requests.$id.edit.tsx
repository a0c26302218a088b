import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { FormErrors, useIntentForm } from "~/components/forms";
import { emptyWindow, HelpRequestFields } from "~/components/help-request-form";
import { helpRequestEditSchema } from "~/domain/help/shared";
import { getHelpRequestForEdit, updateHelpRequest } from "~/domain/help";
import { runForm } from "~/web/forms.server";
import { getT } from "~/locales/i18n";
import { idParam, requireCtx, toResponse } from "~/web/request.server";

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

export default function EditHelpRequestPage() {
  const { id, values, options } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useIntentForm("help-request-edit", helpRequestEditSchema, actionData?.result, {
    ...values,
    neighbourhoodId: String(values.neighbourhoodId),
    requiredSkillId: values.requiredSkillId ? String(values.requiredSkillId) : undefined,
    recurCount: values.recurCount,
    requiresVog: values.requiresVog ? "on" : undefined,
    careConsent: values.careConsent ? "on" : undefined,
    windows: values.windows.length ? values.windows : [emptyWindow],
  });
  return (
    <section className="stack narrow">
      <h1 className="utrecht-heading-1">{t("helpRequest.form.editTitle")}</h1>
      <Form method="post" {...getFormProps(form)} className="stack">
        <button type="submit" className="visually-hidden" tabIndex={-1} aria-hidden="true">
          {t("helpRequest.form.submitHidden")}
        </button>
        <FormErrors id={form.errorId} errors={form.errors} />
        <HelpRequestFields form={form} fields={fields} options={options} />
        <button type="submit" className="button button--primary utrecht-button">
          {t("helpRequest.form.save")}
        </button>
      </Form>
      <p>
        <Link to={`/requests/${id}`}>{t("helpRequest.page.back")}</Link>
      </p>
    </section>
  );
}
