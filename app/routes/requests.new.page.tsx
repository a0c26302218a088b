import { getFormProps } from "@conform-to/react";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { FormErrors, InputField, RadioGroup, SelectField, TextAreaField, useIntentForm } from "~/components/forms";
import { emptyWindow, HelpRequestFields } from "~/components/help-request-form";
import { helpRequestSchema } from "~/domain/help/shared";
import type { action, loader } from "./requests.new";

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
        {/* Started from a facility page: the referral is counted (the server keeps only an existing facility). */}
        {handOff ? <input type="hidden" name={fields.facilityId.name} value={handOff.facilityId} /> : null}
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
