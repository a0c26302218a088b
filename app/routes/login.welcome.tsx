import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { CheckboxField, FormErrors, TextField } from "~/components/form";
import { profileSchema } from "~/domain/account-schemas";
import { completeFirstSignIn } from "~/domain/sign-in.server";
import { readPendingSignup } from "~/utils/auth.server";
import { invalid, runForm } from "~/utils/forms.server";
import { getT } from "~/utils/i18n";
import { getCtx } from "~/utils/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${getT(data?.locale ?? "nl")("welcome.title")} · Noaber` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await getCtx(request, context);
  const pending = await readPendingSignup(request, context);
  if (!pending) throw redirect("/login");
  return { locale: ctx.locale, email: pending.email };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await getCtx(request, context);
  const pending = await readPendingSignup(request, context);
  if (!pending) throw redirect("/login");
  const submission = parseWithZod(await request.formData(), { schema: profileSchema });
  if (submission.status !== "success") return invalid(submission);
  const outcome = await runForm(submission, () =>
    completeFirstSignIn({ ctx, input: { verifiedEmail: pending.email, ...submission.value } }),
  );
  if (!outcome.ok) return outcome.response;
  const { cookies } = context.services;
  const headers = new Headers();
  headers.append("Set-Cookie", await cookies.session.serialize(outcome.value.sessionId));
  headers.append("Set-Cookie", await cookies.pendingSignup.serialize("", { maxAge: 0 }));
  return redirect(pending.redirectTo, { headers });
}

export default function WelcomePage() {
  const { email } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "welcome",
    lastResult: actionData?.result,
    constraint: getZodConstraint(profileSchema),
    shouldValidate: "onBlur",
    // Once a field shows an error, update it while typing: clearing it on blur would move what
    // is below between mouse-down and mouse-up, and the click on it (submit, checkbox) is lost.
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: profileSchema }),
  });
  return (
    <section className="stack narrow">
      <h1 className="utrecht-heading-1">{t("welcome.title")}</h1>
      <p className="utrecht-paragraph">
        <Trans i18nKey="welcome.intro" values={{ email }} />
      </p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors as string[] | undefined} />
        <TextField field={fields.name} label={t("welcome.nameLabel")} autoComplete="name" />
        <TextField
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
