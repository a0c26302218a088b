import { getFormProps, getInputProps, type useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { z } from "zod";
import { InputField, useIntentForm } from "~/components/forms";
import { codeSchema, emailSchema } from "~/domain/accounts/shared";
import { requestSignIn, signInWithCode } from "~/domain/accounts";
import { redirectAfterSignIn } from "~/web/auth.server";
import { invalid, runForm } from "~/web/forms.server";
import { getT } from "~/locales/i18n";
import { getCtx, safeRedirect } from "~/web/request.server";

const requestForm = z.object({ email: emailSchema, redirectTo: z.string().optional() });
const codeForm = z.object({ email: emailSchema, code: codeSchema, redirectTo: z.string().optional() });

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${getT(data?.locale ?? "nl")("login.title")} · Noaber` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await getCtx(request, context);
  const redirectTo = new URL(request.url).searchParams.get("redirectTo");
  if (ctx.actor) throw redirect(safeRedirect(redirectTo));
  return { locale: ctx.locale, redirectTo: redirectTo ? safeRedirect(redirectTo) : "" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await getCtx(request, context);
  const formData = await request.formData();
  if (formData.get("intent") === "code") {
    const submission = parseWithZod(formData, { schema: codeForm });
    if (submission.status !== "success") return data({ result: submission.reply(), sent: true }, { status: 400 });
    const redirectTo = safeRedirect(submission.value.redirectTo ?? null);
    const outcome = await runForm(submission, () =>
      signInWithCode({ ctx, input: { email: submission.value.email, code: submission.value.code, redirectTo } }),
    );
    if (!outcome.ok) return data({ ...outcome.response.data, sent: true }, { status: 400 });
    return redirectAfterSignIn(ctx, context, outcome.value, redirectTo);
  }
  const submission = parseWithZod(formData, { schema: requestForm });
  if (submission.status !== "success") return invalid(submission);
  // The same answer whether or not the address has an account, and whether or not a limit applied.
  await requestSignIn({ ctx, input: { email: submission.value.email, requester: context.clientIp } });
  return { result: submission.reply(), sent: true, email: submission.value.email };
}

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
  const [form, fields] = useIntentForm("login-request", requestForm, lastResult);
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
  const [form, fields] = useIntentForm("login-code", codeForm, lastResult, { email });
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
