import { getFormProps } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ComponentProps } from "react";
import { useTranslation } from "~/locales/i18n-react";
import { CheckboxField, FormErrors, useIntentForm } from "~/components/forms";
import { intakeErasureFormSchema } from "~/domain/accounts/shared";
import { eraseIntakeRequester, getIntakeErasure } from "~/domain/help";
import { getT } from "~/locales/i18n";
import { parseForm, runTaggedForm } from "~/web/forms.server";
import { idParam, requireCtx, toResponse } from "~/web/request.server";

// /coordinator/requests/:id/erase (issue 14): a coordinator of the request's neighbourhood erases the
// person registered at intake (no account) behind it. Anyone else, a request with an account behind
// it, or one already erased: the same 404 as a missing request. (`$id_`: not nested in the triage
// page, which has no outlet.)

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("accountDeletion.intake.title")} · Noaber` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const view = await getIntakeErasure({ ctx, input: { requestId: idParam(params.id) } }).catch((e) => toResponse(e, request));
  return { locale: ctx.locale, ...view };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const requestId = idParam(params.id);
  const submission = parseForm(await request.formData(), intakeErasureFormSchema);
  // The verb checks the coordinator's right before the confirmation: an empty form tells nothing.
  const confirmed = submission.status === "success" && submission.value.confirm;
  const outcome = await runTaggedForm(request, submission, () => eraseIntakeRequester({ ctx, input: { requestId, confirmed } }));
  if (!outcome.ok) return outcome.response;
  return redirect(`/coordinator/requests/${requestId}`);
}

/** The schema's checkbox is a boolean (Conform sends "on"); the shared field component is typed for strings. */
const checkbox = (field: unknown) => field as ComponentProps<typeof CheckboxField>["field"];

export default function EraseIntakePersonPage() {
  const { requestId, contactName, count } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useIntentForm("erase-intake", intakeErasureFormSchema, actionData?.result);
  return (
    <section className="stack narrow" aria-labelledby="erase-title">
      <h1 id="erase-title" className="utrecht-heading-1">
        {t("accountDeletion.intake.title")}
      </h1>
      <p className="utrecht-paragraph">
        <strong>{contactName}</strong>
      </p>
      <p className="utrecht-paragraph">{t("accountDeletion.intake.intro")}</p>
      <p className="utrecht-paragraph">{t("accountDeletion.intake.requests", { count })}</p>
      <p className="utrecht-paragraph">{t("accountDeletion.intake.what")}</p>
      <p className="utrecht-paragraph">{t("accountDeletion.intake.pending")}</p>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors as string[] | undefined} />
        <CheckboxField field={checkbox(fields.confirm)} label={t("accountDeletion.intake.confirm")} />
        <div>
          <button type="submit" className="button button--primary utrecht-button">
            {t("accountDeletion.intake.submit")}
          </button>
        </div>
      </Form>
      <p>
        <Link to={`/coordinator/requests/${requestId}`}>{t("accountDeletion.intake.back")}</Link>
      </p>
    </section>
  );
}
