import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { withdrawCareConsentSchema } from "~/domain/help/shared";
import { CheckboxField, FormErrors, useIntentForm } from "./forms";

/** What the request pages know about a request's care-details consent (`getCareConsent`). */
export interface CareConsentInfo {
  onBehalf: boolean;
  consent: { version: string; givenAt: string; withdrawnAt: string | null } | null;
  canWithdraw: boolean;
}

/**
 * "Consent for care details" on the requester's request page, and on the coordinator's page for
 * a person registered at intake: when consent was given (and its wording version), and withdrawing
 * it after ticking "I understand …". Works without JavaScript: a plain POST with intent
 * `withdrawConsent`; a missing tick comes back as a message next to the box.
 */
export function CareConsentSection({
  info,
  lastResult,
  done,
}: {
  info: CareConsentInfo;
  lastResult: SubmissionResult<unknown> | null | undefined;
  done: boolean;
}) {
  const { t } = useTranslation();
  const [form, fields] = useIntentForm("care-consent", withdrawCareConsentSchema, lastResult);
  // Read here so this component re-renders when a submit finds the box unticked: with a checkbox as
  // the form's only field, the field's own subscription did not pick up the submit's errors.
  void form.allErrors;
  const { consent, onBehalf } = info;
  // No consent was ever given: no care details were stored under one, so there is nothing to show or withdraw.
  if (!consent) return null;
  return (
    <section className="stack card" aria-labelledby="care-consent-title">
      <h2 id="care-consent-title" className="utrecht-heading-2">
        {t("careConsent.title")}
      </h2>
      {done ? (
        <p role="status" className="alert alert--ok">
          {t("careConsent.done")}
        </p>
      ) : null}
      <p className="utrecht-paragraph">
        {t(onBehalf ? "careConsent.givenOnBehalf" : "careConsent.given", { when: consent.givenAt, version: consent.version })}
      </p>
      {consent.withdrawnAt ? <p className="utrecht-paragraph">{t("careConsent.withdrawn", { when: consent.withdrawnAt })}</p> : null}
      {info.canWithdraw ? (
        <Form method="post" className="stack" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors as string[] | undefined} />
          <p className="utrecht-paragraph">{t(onBehalf ? "careConsent.explainOnBehalf" : "careConsent.explain")}</p>
          <CheckboxField field={fields.confirm} label={t(onBehalf ? "careConsent.confirmLabelOnBehalf" : "careConsent.confirmLabel")} />
          <div>
            <button type="submit" name="intent" value="withdrawConsent" className="button button--secondary utrecht-button">
              {t("careConsent.submit")}
            </button>
          </div>
        </Form>
      ) : null}
    </section>
  );
}
