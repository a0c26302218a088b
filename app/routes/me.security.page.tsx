import { getFormProps, getInputProps } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { InputField, useIntentForm } from "~/components/forms";
import { PasskeyEnrolButton } from "~/components/passkeys";
import { RecoveryCodes } from "~/components/recovery-codes";
import { SecurityLogTable, SignInsTable } from "~/components/security-log";
import { renamePasskeySchema, totpCodeSchema } from "~/domain/accounts/shared";
import type { action, Answer, loader } from "./me.security";

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

function useAnswer(form: string): Answer | undefined {
  const actionData = useActionData<typeof action>() as Answer | undefined;
  return actionData?.form === form ? actionData : undefined;
}

/** A refusal next to the form it answers ("this is your last way to confirm"). */
function Refused({ form }: { form: string }) {
  const { t } = useTranslation();
  const refused = useAnswer(form)?.refused;
  return refused ? (
    <p role="alert" className="field__error utrecht-form-field-error-message">
      {t(refused)}
    </p>
  ) : null;
}

function RenamePasskey({ passkey }: { passkey: Loaded["passkeys"][number] }) {
  const { t } = useTranslation();
  const formId = `rename-${passkey.id}`;
  const [form, fields] = useIntentForm(formId, renamePasskeySchema, useAnswer(formId)?.result, {
    id: String(passkey.id),
    name: passkey.name,
  });
  return (
    <Form method="post" {...getFormProps(form)} className="security-row-form">
      <input type="hidden" name="intent" value="passkey-rename" />
      <input {...getInputProps(fields.id, { type: "hidden" })} key={fields.id.key} />
      <InputField
        field={fields.name}
        label={t("securitySettings.passkeys.newName", { name: passkey.name })}
        maxLength={60}
        autoComplete="off"
      />
      <button type="submit" className="button button--secondary utrecht-button">
        {t("securitySettings.passkeys.rename")}
      </button>
      <Refused form={formId} />
    </Form>
  );
}

function PasskeysSection() {
  const { passkeys } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="stack" aria-labelledby="passkeys">
      <h2 id="passkeys" className="utrecht-heading-2">
        {t("securitySettings.passkeys.title")}
      </h2>
      <p className="utrecht-paragraph">{t("securitySettings.passkeys.intro")}</p>
      {passkeys.length === 0 ? (
        <p className="utrecht-paragraph">{t("securitySettings.passkeys.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("securitySettings.passkeys.name")}</th>
                <th scope="col">{t("securitySettings.passkeys.added")}</th>
                <th scope="col">{t("securitySettings.passkeys.lastUsed")}</th>
                <th scope="col">{t("securitySettings.passkeys.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {passkeys.map((p) => (
                <tr key={p.id}>
                  <th scope="row">{p.name}</th>
                  <td>{p.added}</td>
                  <td>{p.lastUsed ?? t("securitySettings.passkeys.never")}</td>
                  <td className="stack">
                    <RenamePasskey passkey={p} />
                    <Form method="post">
                      <input type="hidden" name="id" value={p.id} />
                      <button type="submit" name="intent" value="passkey-remove" className="button button--secondary utrecht-button">
                        {t("securitySettings.passkeys.remove")}
                        <span className="visually-hidden"> {p.name}</span>
                      </button>
                      <Refused form={`remove-${p.id}`} />
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3 className="utrecht-heading-3">{t("securitySettings.passkeys.add")}</h3>
      <PasskeyEnrolButton />
      <noscript>
        <p className="utrecht-paragraph">{t("securitySettings.passkeys.noscript")}</p>
      </noscript>
    </section>
  );
}

function TotpSetupForm({ setup }: { setup: NonNullable<Loaded["setup"]> }) {
  const { t } = useTranslation();
  const [form, fields] = useIntentForm("totp", totpCodeSchema, useAnswer("totp")?.result);
  return (
    <div className="stack">
      <p className="utrecht-paragraph">{t("securitySettings.totp.stepScan")}</p>
      <div
        className="qr-code"
        role="img"
        aria-label={t("securitySettings.totp.qrLabel")}
        dangerouslySetInnerHTML={{ __html: setup.qrSvg }}
      />
      <dl className="details">
        <dt>{t("securitySettings.totp.secret")}</dt>
        <dd>
          <code className="totp-secret" translate="no">
            {setup.secret}
          </code>
        </dd>
      </dl>
      <Form method="post" {...getFormProps(form)} className="stack">
        <input type="hidden" name="intent" value="totp-confirm" />
        <InputField
          field={fields.code}
          label={t("securitySettings.totp.code")}
          hint={t("securitySettings.totp.codeHint")}
          autoComplete="one-time-code"
          inputMode="numeric"
          spellCheck={false}
        />
        <p>
          <button type="submit" className="button button--primary utrecht-button">
            {t("securitySettings.totp.confirm")}
          </button>
        </p>
      </Form>
      <Form method="post">
        <button type="submit" name="intent" value="totp-cancel" className="link-button">
          {t("securitySettings.totp.cancel")}
        </button>
      </Form>
    </div>
  );
}

function TotpSection() {
  const { totp, setup } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="stack" aria-labelledby="app">
      <h2 id="app" className="utrecht-heading-2">
        {t("securitySettings.totp.title")}
      </h2>
      <p className="utrecht-paragraph">{t("securitySettings.totp.intro")}</p>
      {totp === "on" ? (
        <>
          <p className="utrecht-paragraph">{t("securitySettings.totp.on")}</p>
          <Form method="post">
            <button type="submit" name="intent" value="totp-disable" className="button button--secondary utrecht-button">
              {t("securitySettings.totp.disable")}
            </button>
            <Refused form="totp-disable" />
          </Form>
        </>
      ) : setup ? (
        <TotpSetupForm setup={setup} />
      ) : (
        <>
          <p className="utrecht-paragraph">{t("securitySettings.totp.off")}</p>
          <Form method="post">
            <button type="submit" name="intent" value="totp-start" className="button button--primary utrecht-button">
              {t("securitySettings.totp.setUp")}
            </button>
            <Refused form="totp" />
          </Form>
        </>
      )}
    </section>
  );
}

function RecoveryCodesSection() {
  const { recoveryCodesLeft, passkeys, totp } = useLoaderData<typeof loader>();
  const fresh = useAnswer("codes");
  const { t } = useTranslation();
  const hasFactor = passkeys.length > 0 || totp === "on";
  return (
    <section className="stack" aria-labelledby="codes">
      <h2 id="codes" className="utrecht-heading-2">
        {t("securitySettings.codes.title")}
      </h2>
      <p className="utrecht-paragraph">{t("securitySettings.codes.intro")}</p>
      {fresh?.codes ? (
        <div className="alert alert--ok stack" role="status">
          <h3 className="utrecht-heading-3">{t("securitySettings.codes.newTitle")}</h3>
          {fresh.replaced ? <p>{t("securitySettings.codes.replaced")}</p> : null}
          <RecoveryCodes codes={fresh.codes} />
        </div>
      ) : (
        <p className="utrecht-paragraph">{t("securitySettings.codes.left", { count: recoveryCodesLeft })}</p>
      )}
      {hasFactor ? (
        <Form method="post" className="stack">
          <p className="utrecht-paragraph">{t("securitySettings.codes.warning")}</p>
          <p>
            <button type="submit" name="intent" value="codes-new" className="button button--secondary utrecht-button">
              {t("securitySettings.codes.make")}
            </button>
          </p>
          <Refused form="codes" />
        </Form>
      ) : (
        <p className="utrecht-paragraph">{t("securitySettings.codes.needFactor")}</p>
      )}
    </section>
  );
}

export default function MySecurityPage() {
  const { status, saved, signIns, log } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="stack security-settings">
      <h1 className="utrecht-heading-1">{t("securitySettings.title")}</h1>
      <p className="utrecht-paragraph">{t("securitySettings.intro")}</p>
      <p className="utrecht-paragraph">
        {status.staff
          ? t("securitySettings.status.staff")
          : status.status === "verified"
            ? t("securitySettings.status.verified")
            : t("securitySettings.status.off")}
      </p>
      {saved ? (
        <p role="status" className="alert alert--ok">
          {t(`securitySettings.saved.${saved}`)}
        </p>
      ) : null}
      <PasskeysSection />
      <TotpSection />
      <RecoveryCodesSection />
      <section className="stack" aria-labelledby="sign-ins">
        <h2 id="sign-ins" className="utrecht-heading-2">
          {t("securitySettings.signIns.title")}
        </h2>
        <SignInsTable rows={signIns} />
      </section>
      <section className="stack" aria-labelledby="security-log">
        <h2 id="security-log" className="utrecht-heading-2">
          {t("securitySettings.log.title")}
        </h2>
        <SecurityLogTable rows={log} />
      </section>
      <section className="stack" aria-labelledby="everywhere">
        <h2 id="everywhere" className="utrecht-heading-2">
          {t("securitySettings.everywhere.title")}
        </h2>
        <p className="utrecht-paragraph">{t("securitySettings.everywhere.text")}</p>
        <p>
          <Link to="/me#sessions">{t("securitySettings.everywhere.link")}</Link>
        </p>
      </section>
    </section>
  );
}
