import { getFormProps } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { CheckboxField, FormErrors, InputField, useIntentForm } from "~/components/forms";
import { profileSchema } from "~/domain/accounts/shared";
import type { action, loader } from "./login.welcome";

export default function WelcomePage() {
  const { email } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useIntentForm("welcome", profileSchema, actionData && "result" in actionData ? actionData.result : undefined);
  if (email === null || (actionData && "gone" in actionData)) {
    return (
      <section className="stack narrow">
        <h1 className="utrecht-heading-1">{t("welcome.goneTitle")}</h1>
        <p className="utrecht-paragraph" role="alert">
          {t("welcome.gone")}
        </p>
        <p>
          <Link to="/login" className="utrecht-link">
            {t("welcome.signInAgain")}
          </Link>
        </p>
      </section>
    );
  }
  return (
    <section className="stack narrow">
      <h1 className="utrecht-heading-1">{t("welcome.title")}</h1>
      <p className="utrecht-paragraph">{t("welcome.intro", { email })}</p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors as string[] | undefined} />
        <InputField field={fields.name} label={t("welcome.nameLabel")} autoComplete="name" />
        <InputField
          field={fields.postcode}
          label={t("welcome.postcodeLabel")}
          hint={t("welcome.postcodeHint")}
          autoComplete="postal-code"
          autoCapitalize="characters"
        />
        <CheckboxField field={fields.consent} label={t("welcome.consentLabel")} />
        <p className="utrecht-paragraph">
          <Link to="/privacy" target="_blank" className="utrecht-link">
            {t("welcome.consentLink")}
          </Link>
        </p>
        <button type="submit" className="button button--primary utrecht-button">
          {t("welcome.submit")}
        </button>
      </Form>
    </section>
  );
}
