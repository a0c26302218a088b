import { getFormProps, getInputProps, type useForm } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { InputField, useIntentForm } from "~/components/forms";
import { signInCodeSchema, signInRequestSchema } from "~/domain/accounts/shared";
import { useTranslation } from "~/locales/i18n-react";
import type { action, loader } from "./login._index";

export default function LoginPage() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const sent = !!actionData && "sent" in actionData && actionData.sent;
  const sentTo = actionData && "email" in actionData ? actionData.email : undefined;
  return (
    <section className="stack narrow">
      <h1 className="utrecht-heading-1">{sent ? t("login.sentTitle") : t("login.title")}</h1>
      {sent ? (
        <CodeForm email={sentTo} redirectTo={redirectTo} lastResult={actionData.result} />
      ) : (
        <RequestForm redirectTo={redirectTo} lastResult={actionData?.result} />
      )}
    </section>
  );
}

type LastResult = Parameters<typeof useForm>[0]["lastResult"];

function RequestForm({ redirectTo, lastResult }: { redirectTo: string; lastResult: LastResult }) {
  const { t } = useTranslation();
  const [form, fields] = useIntentForm("login-request", signInRequestSchema, lastResult);
  return (
    <>
      <p className="utrecht-paragraph">{t("login.intro")}</p>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="request" />
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <InputField
          field={fields.email}
          type="email"
          label={t("login.emailLabel")}
          autoComplete="email"
          inputMode="email"
          spellCheck={false}
        />
        <button type="submit" className="button button--primary utrecht-button">
          {t("login.submit")}
        </button>
      </Form>
    </>
  );
}

function CodeForm({ email, redirectTo, lastResult }: { email: string | undefined; redirectTo: string; lastResult: LastResult }) {
  const { t } = useTranslation();
  const [form, fields] = useIntentForm("login-code", signInCodeSchema, lastResult, { email });
  return (
    <>
      <p className="utrecht-paragraph" role="status">
        {t("login.sentText")}
      </p>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="code" />
        <input {...getInputProps(fields.email, { type: "hidden" })} key={fields.email.key} />
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <InputField
          field={fields.code}
          label={t("login.codeLabel")}
          hint={t("login.codeHint")}
          autoComplete="one-time-code"
          autoCapitalize="characters"
          spellCheck={false}
        />
        <button type="submit" className="button button--primary utrecht-button">
          {t("login.codeSubmit")}
        </button>
      </Form>
      <p className="utrecht-paragraph">
        <Link to={redirectTo ? `/login?redirectTo=${encodeURIComponent(redirectTo)}` : "/login"} reloadDocument>
          {t("login.tryAgain")}
        </Link>
      </p>
    </>
  );
}
