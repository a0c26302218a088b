import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { CheckboxField, FormErrors, useIntentForm } from "~/components/forms";
import { SecurityLogTable } from "~/components/security-log";
import { resetSecondFactorSchema } from "~/domain/accounts/shared";
import { getStaffSecurityLog, resetSecondFactor } from "~/domain/accounts";
import { Conflict, StepUpRequired } from "~/domain/errors";
import { formatDateTime } from "~/domain/time";
import { getT } from "~/locales/i18n";
import securityStyles from "~/styles/security.css?url";
import { parseForm } from "~/web/forms.server";
import { idParam, keepFormForStepUp, requireCtx, toResponse } from "~/web/request.server";

// /admin/staff/:id — one staff member's security log, and the admin's "reset second factor" (a lost
// phone). Anyone but an admin gets the same 404 as for a missing person.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: securityStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("securitySettings.staff.pageTitle", { name: data?.name ?? "" })} · Noaber` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const userId = idParam(params.id);
  const { person, log } = await getStaffSecurityLog({ ctx, input: { userId } }).catch((e) => toResponse(e, request));
  return {
    locale: ctx.locale,
    name: person.name,
    roles: person.roles,
    log: log.map((e) => ({ ...e, when: formatDateTime(e.at, ctx.actor.timeZone, ctx.locale) })),
    reset: new URL(request.url).searchParams.has("reset"),
  };
}

interface Answer {
  result?: SubmissionResult<string[]>;
  refused?: string;
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const userId = idParam(params.id);
  const submission = parseForm(await request.formData(), resetSecondFactorSchema);
  if (submission.status !== "success") {
    // Someone who may not see this person gets the 404, not the form's errors.
    await getStaffSecurityLog({ ctx, input: { userId } }).catch((e) => toResponse(e, request));
    return data<Answer>({ result: submission.reply() }, { status: 400 });
  }
  try {
    await resetSecondFactor({ ctx, input: { userId } });
  } catch (error) {
    if (error instanceof Conflict) return data<Answer>({ refused: error.message }, { status: 409 });
    if (error instanceof StepUpRequired) throw await keepFormForStepUp(request, submission.payload);
    return toResponse(error, request);
  }
  return redirect(`/admin/staff/${userId}?reset`);
}

export default function StaffSecurityPage() {
  const { name, roles, log, reset } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as Answer | undefined;
  const { t } = useTranslation();
  const [form, fields] = useIntentForm("reset-second-factor", resetSecondFactorSchema, actionData?.result);
  return (
    <section className="stack">
      <p>
        <Link to="/admin#staff-security">{t("securitySettings.staff.back")}</Link>
      </p>
      <h1 className="utrecht-heading-1">{t("securitySettings.staff.pageTitle", { name })}</h1>
      <p className="utrecht-paragraph">{roles.map((r) => t(`roles.${r}`)).join(", ")}</p>
      {reset ? (
        <p role="status" className="alert alert--ok">
          {t("securitySettings.staff.resetDone", { name })}
        </p>
      ) : null}
      <section className="stack" aria-labelledby="staff-log">
        <h2 id="staff-log" className="utrecht-heading-2">
          {t("securitySettings.staff.logTitle", { name })}
        </h2>
        <SecurityLogTable rows={log} />
      </section>
      <section className="stack narrow" aria-labelledby="staff-reset">
        <h2 id="staff-reset" className="utrecht-heading-2">
          {t("securitySettings.staff.resetTitle")}
        </h2>
        <p className="utrecht-paragraph">{t("securitySettings.staff.resetText", { name })}</p>
        <Form method="post" {...getFormProps(form)} className="stack">
          <FormErrors id={form.errorId} errors={form.errors as string[] | undefined} />
          <CheckboxField field={fields.confirm} label={t("securitySettings.staff.confirm", { name })} />
          <p>
            <button type="submit" className="button button--primary utrecht-button">
              {t("securitySettings.staff.reset")}
            </button>
          </p>
          {actionData?.refused ? (
            <p role="alert" className="field__error utrecht-form-field-error-message">
              {t(actionData.refused)}
            </p>
          ) : null}
        </Form>
      </section>
    </section>
  );
}
