import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { FormErrors, InputField, useIntentForm } from "~/components/forms";
import { emptyWindow, HelpRequestFields } from "~/components/help-request-form";
import { intakeSchema } from "~/domain/help/shared";
import { getHelpRequestFormOptions, registerIntakeRequest } from "~/domain/help";
import { Forbidden } from "~/domain/errors";
import { can } from "~/domain/permissions";
import { runForm } from "~/web/forms.server";
import { getT } from "~/locales/i18n";
import { requireCtx, toResponse } from "~/web/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("helpRequest.form.intakeTitle")} · Noaber` },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  // Through toResponse: a coordinator who has not proved the second factor yet goes there first.
  if (!can.coordinateAnywhere(ctx.actor)) toResponse(new Forbidden(), request);
  const options = await getHelpRequestFormOptions({ ctx });
  // Only the neighbourhoods this coordinator may register requests for.
  return {
    locale: ctx.locale,
    options: { ...options, neighbourhoods: options.neighbourhoods.filter((n) => options.coordinated.includes(n.id)) },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  // Through toResponse: a coordinator who has not proved the second factor yet goes there first.
  if (!can.coordinateAnywhere(ctx.actor)) toResponse(new Forbidden(), request);
  const submission = parseWithZod(await request.formData(), { schema: intakeSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: submission.status === "error" ? 400 : 200 });
  const outcome = await runForm(submission, () => registerIntakeRequest({ ctx, input: submission.value }));
  if (!outcome.ok) return outcome.response;
  return redirect(`/requests/${outcome.value.id}?created`);
}

export default function IntakePage() {
  const { options } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useIntentForm("help-intake", intakeSchema, actionData?.result, {
    schedule: "windows",
    urgency: "normal",
    windows: [emptyWindow],
  });
  return (
    <section className="stack narrow">
      <h1 className="utrecht-heading-1">{t("helpRequest.form.intakeTitle")}</h1>
      <p className="utrecht-paragraph">{t("helpRequest.form.intakeIntro")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <button type="submit" className="visually-hidden" tabIndex={-1} aria-hidden="true">
          {t("helpRequest.form.submitHidden")}
        </button>
        <FormErrors id={form.errorId} errors={form.errors} />
        <fieldset className="utrecht-form-fieldset stack">
          <legend className="utrecht-form-fieldset__legend">{t("helpRequest.form.contact")}</legend>
          <InputField field={fields.contactName} type="text" label={t("helpRequest.form.contactName")} autoComplete="off" />
          <InputField field={fields.contactPhone} type="tel" label={t("helpRequest.form.contactPhone")} autoComplete="off" />
          <InputField field={fields.contactEmail} type="email" label={t("helpRequest.form.contactEmail")} autoComplete="off" />
        </fieldset>
        <HelpRequestFields form={form} fields={fields} options={options} intake />
        <button type="submit" className="button button--primary utrecht-button">
          {t("helpRequest.form.submitIntake")}
        </button>
      </Form>
    </section>
  );
}
