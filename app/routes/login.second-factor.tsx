import { getFormProps, type useForm } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigate, type ShouldRevalidateFunction } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "~/locales/i18n-react";
import { z } from "zod";
import { PasskeyEnrolButton, PasskeySignInButton } from "~/components/passkeys";
import { RecoveryCodes } from "~/components/recovery-codes";
import { InputField, useErrorText, useIntentForm } from "~/components/forms";
import {
  confirmTotpSetup,
  DEFAULT_STEP_UP_MAX_AGE,
  listPasskeys,
  lockedUntil,
  startTotpSetup,
  verifyRecoveryCode,
  verifyTotp,
  type VerifyOutcome,
} from "~/domain/accounts";
import { withValues } from "~/domain/message-keys";
import type { Ctx } from "~/domain/context.server";
import { Conflict } from "~/domain/errors";
import type { Actor } from "~/domain/permissions";
import { getT } from "~/locales/i18n";
import { parseForm } from "~/web/forms.server";
import { requireSessionCtx, safeRedirect, toResponse } from "~/web/request.server";
import styles from "~/styles/second-factor.css?url";

// /login/second-factor: a session that signed in by email proves its second factor here (a passkey,
// a code from the authenticator app, or a recovery code), or a staff member without one adds one
// first. The app and recovery codes work without JavaScript; passkeys need it.

const totpCode = z
  .string({ required_error: "security.login.errors.codeRequired" })
  .transform((c) => c.replace(/[\s-]/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, "security.login.errors.codeFormat"));
const recoveryCode = z
  .string({ required_error: "security.login.errors.recoveryRequired" })
  .trim()
  .min(1, "security.login.errors.recoveryRequired")
  .max(40, "security.login.errors.recoveryInvalid");

const enrolForm = z.object({ code: totpCode });
const totpForm = z.object({ code: totpCode });
const recoveryForm = z.object({ code: recoveryCode });
const intents = { "enrol-totp": enrolForm, totp: totpForm, recovery: recoveryForm } as const;
type Intent = keyof typeof intents;

/** The recovery codes are shown once, from the action's answer: reloading would leave the page. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  actionResult && typeof actionResult === "object" && "recoveryCodes" in actionResult && actionResult.recoveryCodes
    ? false
    : defaultShouldRevalidate;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")(data?.state === "enrol" ? "security.login.enrolTitle" : "security.login.title")} · Noaber` },
];

/** What this session still has to do: prove a factor, add one, or nothing (a recent proof, or none asked). */
function stateOf(ctx: Ctx, actor: Actor): "needed" | "enrol" | "done" {
  const factor = actor.secondFactor;
  if (!factor || factor.status === "off") return "done";
  if (factor.status === "verified") {
    // A staff member's proof counts for a while; an older one is asked again (step-up).
    const maxAge = ctx.stepUpMaxAge ?? DEFAULT_STEP_UP_MAX_AGE;
    return !factor.staff || (factor.at !== null && ctx.now() - factor.at <= maxAge) ? "done" : "needed";
  }
  return factor.status;
}

const minutesUntil = (ctx: Ctx, until: number) => Math.max(1, Math.ceil((until - ctx.now()) / 60_000));
function lockedMessage(ctx: Ctx, until: number) {
  const minutes = minutesUntil(ctx, until);
  return minutes === 1 ? "security.login.errors.lockedMinute" : withValues("security.login.errors.locked", { minutes });
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requireSessionCtx(request, context);
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  const state = stateOf(ctx, ctx.actor);
  if (state === "done") throw redirect(redirectTo);
  const until = await lockedUntil(ctx, ctx.actor.userId);
  const locked = until === null ? null : lockedMessage(ctx, until);
  if (state === "enrol") {
    // Right after the app was confirmed in this same request (no JavaScript: the action's page with
    // the recovery codes), the session state read before the action still says "enrol".
    const setup = await startTotpSetup({ ctx }).catch((e) => (e instanceof Conflict ? null : toResponse(e, request)));
    return { state, locale: ctx.locale, redirectTo, locked, secret: setup?.secret ?? null, qrSvg: setup?.qrSvg ?? null, hasPasskey: false };
  }
  const hasPasskey = (await listPasskeys(ctx, ctx.actor.userId)).length > 0;
  return { state, locale: ctx.locale, redirectTo, locked, secret: null, qrSvg: null, hasPasskey };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx, sessionId } = await requireSessionCtx(request, context);
  const formData = await request.formData();
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  const state = stateOf(ctx, ctx.actor);
  if (state === "done") throw redirect(redirectTo);
  const intent = formData.get("intent");
  if (typeof intent !== "string" || !(intent in intents)) throw new Response("Bad Request", { status: 400 });
  const form = intent as Intent;
  // Enrolling is for a session without a factor; proving is for one with a factor.
  if ((form === "enrol-totp") !== (state === "enrol")) throw redirect(`/login/second-factor?${new URLSearchParams({ redirectTo })}`);
  const submission = parseForm(formData, intents[form]);
  if (submission.status !== "success") return data({ form, result: submission.reply(), recoveryCodes: null }, { status: 400 });
  const input = { sessionId, code: submission.value.code };
  const refused = (outcome: Exclude<VerifyOutcome, { ok: true }>) => {
    const message =
      outcome.reason === "locked"
        ? lockedMessage(ctx, outcome.until)
        : form === "recovery"
          ? "security.login.errors.recoveryInvalid"
          : "security.login.errors.invalid";
    return data({ form, result: submission.reply({ fieldErrors: { code: [message] } }), recoveryCodes: null }, { status: 400 });
  };
  try {
    if (form === "enrol-totp") {
      const outcome = await confirmTotpSetup({ ctx, input });
      if (!outcome.ok) return refused(outcome);
      if (!outcome.enrolled.recoveryCodes) throw redirect(redirectTo);
      return { form, result: undefined, recoveryCodes: outcome.enrolled.recoveryCodes };
    }
    const outcome = form === "totp" ? await verifyTotp({ ctx, input }) : await verifyRecoveryCode({ ctx, input });
    if (!outcome.ok) return refused(outcome);
  } catch (error) {
    if (error instanceof Response) throw error;
    return toResponse(error, request);
  }
  throw redirect(redirectTo);
}

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
  const [form, fields] = useIntentForm(`second-factor-${intent}`, intents[intent], lastResult);
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
