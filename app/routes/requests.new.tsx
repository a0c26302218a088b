import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { FormErrors, InputField, RadioGroup, SelectField, TextAreaField, useIntentForm } from "~/components/forms";
import { emptyWindow, HelpRequestFields } from "~/components/help-request-form";
import { helpRequestSchema } from "~/domain/help/shared";
import { createHelpRequest, getHelpRequestFormOptions } from "~/domain/help";
import { getFacilityHandOff } from "~/domain/social-map";
import { runForm } from "~/web/forms.server";
import { getT } from "~/locales/i18n";
import { requireCtx } from "~/web/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("helpRequest.form.newTitle")} · Noaber` },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  // "Ask for help with this" on a facility page (/requests/new?facility=<id>) pre-fills kind and text.
  const facilityId = Number(new URL(request.url).searchParams.get("facility"));
  const handOff =
    Number.isSafeInteger(facilityId) && facilityId > 0
      ? await getFacilityHandOff({ ctx, input: { id: facilityId } }).catch(() => null)
      : null;
  return { locale: ctx.locale, options: await getHelpRequestFormOptions({ ctx }), handOff };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const submission = parseWithZod(await request.formData(), { schema: helpRequestSchema });
  // "Add a time" and "remove" come back here without JavaScript; they are not errors.
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: submission.status === "error" ? 400 : 200 });
  const outcome = await runForm(submission, () => createHelpRequest({ ctx, input: submission.value }));
  if (!outcome.ok) return outcome.response;
  return redirect(`/requests/${outcome.value.id}?created`);
}

export default function NewHelpRequestPage() {
  const { options, handOff } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useIntentForm("help-request", helpRequestSchema, actionData?.result, {
    forWhom: "self",
    schedule: "windows",
    urgency: "normal",
    neighbourhoodId: String(options.homeNeighbourhoodId),
    windows: [emptyWindow],
    ...(handOff ? { kind: handOff.kind ?? undefined, publicText: handOff.publicTextStart } : {}),
  });
  const neighbourhoods = options.neighbourhoods.map((n) => ({ value: String(n.id), label: n.name }));
  const optional = ` ${t("helpRequest.optional")}`;
  return (
    <section className="stack narrow">
      <h1 className="utrecht-heading-1">{t("helpRequest.form.newTitle")}</h1>
      <p className="utrecht-paragraph">{t("helpRequest.form.newIntro")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        {/* Enter in a text field presses the first submit button: that must be "send", not "remove". */}
        <button type="submit" className="visually-hidden" tabIndex={-1} aria-hidden="true">
          {t("helpRequest.form.submitHidden")}
        </button>
        <FormErrors id={form.errorId} errors={form.errors} />
        <RadioGroup
          field={fields.forWhom}
          legend={t("helpRequest.form.forWhom")}
          options={[
            { value: "self", label: t("helpRequest.form.forSelf") },
            ...(options.recipients.length ? [{ value: "existing", label: t("helpRequest.form.forExisting") }] : []),
            { value: "new", label: t("helpRequest.form.forNew") },
          ]}
        />
        {options.recipients.length ? (
          <SelectField
            field={fields.careRecipientId}
            label={t("helpRequest.form.recipient")}
            placeholder={t("helpRequest.form.chooseRecipient")}
            options={options.recipients.map((r) => ({
              value: String(r.id),
              label: r.birthYear ? `${r.firstName} (${r.birthYear})` : r.firstName,
            }))}
          />
        ) : null}
        <fieldset className="utrecht-form-fieldset stack">
          <legend className="utrecht-form-fieldset__legend">{t("helpRequest.form.newRecipient")}</legend>
          <InputField field={fields.recipientFirstName} type="text" label={t("helpRequest.form.firstName")} autoComplete="off" />
          <InputField
            field={fields.recipientBirthYear}
            type="number"
            label={`${t("helpRequest.form.birthYear")}${optional}`}
            inputMode="numeric"
            autoComplete="off"
          />
          <SelectField
            field={fields.recipientNeighbourhoodId}
            label={t("helpRequest.form.recipientNeighbourhood")}
            placeholder={t("helpRequest.form.chooseNeighbourhood")}
            options={neighbourhoods}
          />
          <TextAreaField
            field={fields.recipientNotes}
            label={`${t("helpRequest.form.recipientNotes")}${optional}`}
            hint={t("helpRequest.form.recipientNotesHint")}
            rows={3}
          />
        </fieldset>
        <HelpRequestFields form={form} fields={fields} options={options} />
        <button type="submit" className="button button--primary utrecht-button">
          {t("helpRequest.form.submit")}
        </button>
      </Form>
    </section>
  );
}
