import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { CheckboxField, FormErrors, InputField, useIntentForm } from "~/components/forms";
import { profileSchema } from "~/domain/accounts/shared";
import { completeFirstSignIn, readPendingSignup } from "~/domain/accounts";
import { clearPendingSignupCookie, readPendingSignupId } from "~/web/auth.server";
import { invalid, runForm } from "~/web/forms.server";
import { getT, type Locale } from "~/locales/i18n";
import { getCtx, safeRedirect } from "~/web/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${getT(data?.locale ?? "nl")("welcome.title")} · Noaber` }];

/**
 * This page only ever creates a new account. The cookie holds the id of a pending first sign-in
 * on the server; a used, expired or unknown one, or an address that has an account by now, gets
 * a message and no session.
 */
async function gone(context: AppLoadContext, locale: Locale) {
  return data(
    { locale, gone: true as const, email: null },
    { status: 410, headers: { "Set-Cookie": await clearPendingSignupCookie(context) } },
  );
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await getCtx(request, context);
  const pendingId = await readPendingSignupId(request, context);
  if (!pendingId) throw redirect("/login");
  const pending = await readPendingSignup({ ctx, input: { pendingId } });
  if (pending.status === "gone") return gone(context, ctx.locale);
  return { locale: ctx.locale, gone: false as const, email: pending.email };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await getCtx(request, context);
  const pendingId = await readPendingSignupId(request, context);
  if (!pendingId) throw redirect("/login");
  // Checked before the form, so a sign-in that no longer works is not met with field errors first.
  if ((await readPendingSignup({ ctx, input: { pendingId } })).status === "gone") return gone(context, ctx.locale);
  const submission = parseWithZod(await request.formData(), { schema: profileSchema });
  if (submission.status !== "success") return invalid(submission);
  const outcome = await runForm(submission, () => completeFirstSignIn({ ctx, input: { pendingId, ...submission.value } }));
  if (!outcome.ok) return outcome.response;
  if (outcome.value.kind === "gone") return gone(context, ctx.locale);
  const { cookies } = context.services;
  const headers = new Headers();
  headers.append("Set-Cookie", await cookies.session.serialize(outcome.value.sessionId));
  headers.append("Set-Cookie", await clearPendingSignupCookie(context));
  return redirect(safeRedirect(outcome.value.redirectTo), { headers });
}

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
