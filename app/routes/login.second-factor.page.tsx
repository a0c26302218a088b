import { getFormProps, type useForm } from "@conform-to/react";
import { Form, useActionData, useLoaderData, useNavigate } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "~/locales/i18n-react";
import { PasskeyEnrolButton, PasskeySignInButton } from "~/components/passkeys";
import { RecoveryCodes } from "~/components/recovery-codes";
import { InputField, useErrorText, useIntentForm } from "~/components/forms";
import { secondFactorForms, type SecondFactorIntent as Intent } from "~/domain/accounts/shared";
import type { action, loader } from "./login.second-factor";

// /login/second-factor: a session that signed in by email proves its second factor here (a passkey,
// a code from the authenticator app, or a recovery code), or a staff member without one adds one
// first. The app and recovery codes work without JavaScript; passkeys need it.

type LastResult = Parameters<typeof useForm>[0]["lastResult"];

export default function SecondFactorPage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [passkeyCodes, setPasskeyCodes] = useState<string[] | null>(null);
  const { state, redirectTo } = loaderData;
  const resultOf = (form: Intent): LastResult => (actionData?.form === form ? actionData.result : undefined);
  const codes = passkeyCodes ?? actionData?.recoveryCodes ?? null;

  if (codes) {
    return (
      <section className="stack narrow">
        <h1 className="utrecht-heading-1">{t("security.login.codes.title")}</h1>
        <p className="utrecht-paragraph" role="status">
          {t("security.login.codes.done")}
        </p>
        <RecoveryCodes codes={codes} continueTo={redirectTo} />
      </section>
    );
  }

  if (state === "enrol") {
    return (
      <section className="stack narrow">
        <h1 className="utrecht-heading-1">{t("security.login.enrolTitle")}</h1>
        <p className="utrecht-paragraph">{t("security.login.enrolWhy")}</p>
        <Locked message={loaderData.locked} />
        <section className="stack second-factor__part" aria-labelledby="passkey-heading">
          <h2 id="passkey-heading" className="utrecht-heading-2">
            {t("security.login.passkey.heading")}
          </h2>
          <p className="utrecht-paragraph">{t("security.login.passkey.addIntro")}</p>
          <noscript>
            <p className="utrecht-paragraph">{t("security.login.passkey.noscript")}</p>
          </noscript>
          <PasskeyEnrolButton
            redirectTo={redirectTo}
            onDone={({ recoveryCodes }) => (recoveryCodes ? setPasskeyCodes(recoveryCodes) : navigate(redirectTo))}
          />
        </section>
        <section className="stack second-factor__part" aria-labelledby="totp-heading">
          <h2 id="totp-heading" className="utrecht-heading-2">
            {t("security.login.totp.heading")}
          </h2>
          <p className="utrecht-paragraph">{t("security.login.totp.intro")}</p>
          <div
            className="second-factor__qr"
            role="img"
            aria-label={t("security.login.totp.qrLabel")}
            dangerouslySetInnerHTML={{ __html: loaderData.qrSvg ?? "" }}
          />
          <p className="utrecht-paragraph">
            {t("security.login.totp.secretIntro")}{" "}
            <code className="second-factor__secret" translate="no" data-secret>
              {(loaderData.secret ?? "").match(/.{1,4}/g)?.join(" ")}
            </code>
          </p>
          <CodeForm
            intent="enrol-totp"
            redirectTo={redirectTo}
            lastResult={resultOf("enrol-totp")}
            submit={t("security.login.totp.enrolSubmit")}
          />
        </section>
      </section>
    );
  }

  return (
    <section className="stack narrow">
      <h1 className="utrecht-heading-1">{t("security.login.title")}</h1>
      <p className="utrecht-paragraph">{t("security.login.neededIntro")}</p>
      <Locked message={loaderData.locked} />
      {loaderData.hasPasskey ? (
        <section className="stack second-factor__part" aria-labelledby="passkey-heading">
          <h2 id="passkey-heading" className="utrecht-heading-2">
            {t("security.login.passkey.heading")}
          </h2>
          <noscript>
            <p className="utrecht-paragraph">{t("security.login.passkey.noscript")}</p>
          </noscript>
          <PasskeySignInButton redirectTo={redirectTo} />
        </section>
      ) : null}
      <section className="stack second-factor__part" aria-labelledby="totp-heading">
        <h2 id="totp-heading" className="utrecht-heading-2">
          {t("security.login.totp.heading")}
        </h2>
        <CodeForm intent="totp" redirectTo={redirectTo} lastResult={resultOf("totp")} submit={t("security.login.totp.submit")} />
      </section>
      <details className="second-factor__lost second-factor__part" open={actionData?.form === "recovery" ? true : undefined}>
        <summary>{t("security.login.recovery.lost")}</summary>
        <div className="stack">
          <p className="utrecht-paragraph">{t("security.login.recovery.intro")}</p>
          <CodeForm
            intent="recovery"
            redirectTo={redirectTo}
            lastResult={resultOf("recovery")}
            submit={t("security.login.recovery.submit")}
          />
        </div>
      </details>
    </section>
  );
}

/** The account waits after too many wrong codes: how long, in minutes. */
function Locked({ message }: { message: string | null }) {
  const text = useErrorText();
  if (!message) return null;
  return (
    <div className="alert alert--error" role="alert">
      <p>{text(message)}</p>
    </div>
  );
}

/** One code field and its button: the app's 6 digits (enrol or prove) or a recovery code. */
function CodeForm({
  intent,
  redirectTo,
  lastResult,
  submit,
}: {
  intent: Intent;
  redirectTo: string;
  lastResult: LastResult;
  submit: string;
}) {
  const { t } = useTranslation();
  const [form, fields] = useIntentForm(`second-factor-${intent}`, secondFactorForms[intent], lastResult);
  const recovery = intent === "recovery";
  return (
    <Form method="post" action={`/login/second-factor?${new URLSearchParams({ redirectTo })}`} {...getFormProps(form)}>
      <input type="hidden" name="intent" value={intent} />
      {recovery ? (
        <InputField
          field={fields.code}
          label={t("security.login.recovery.label")}
          hint={t("security.login.recovery.hint")}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
        />
      ) : (
        <InputField
          field={fields.code}
          label={t("security.login.totp.codeLabel")}
          hint={t("security.login.totp.codeHint")}
          autoComplete="one-time-code"
          inputMode="numeric"
          spellCheck={false}
        />
      )}
      <button type="submit" className="button button--primary utrecht-button">
        {submit}
      </button>
    </Form>
  );
}
