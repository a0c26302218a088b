import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { FacilityForm, FacilityStatusForm } from "~/components/facility-form";
import { getFacilityForEdit, updateFacility, updateFacilityStatus } from "~/domain/social-map";
import { facilityInput, facilityStatusInput } from "~/domain/social-map/shared";
import { invalid, runForm } from "~/web/forms.server";
import { getT } from "~/locales/i18n";
import { idParam, requireCtx, toResponse } from "~/web/request.server";
import socialMapStyles from "~/styles/social-map.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: socialMapStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("socialMap.form.editTitle")} · Noaber` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const form = await getFacilityForEdit({ ctx, input: { id: idParam(params.id) } }).catch((e) => toResponse(e, request));
  return { locale: ctx.locale, ...form };
}

/** The form posted says which verb: `mode=status` for the facility's own people, the full form otherwise. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const id = idParam(params.id);
  const formData = await request.formData();
  if (formData.get("mode") === "status") {
    const submission = parseWithZod(formData, { schema: facilityStatusInput });
    if (submission.status !== "success") return invalid(submission);
    const outcome = await runForm(submission, () => updateFacilityStatus({ ctx, input: { ...submission.value, id } })).catch((e) =>
      toResponse(e, request),
    );
    return outcome.ok ? redirect(`/facilities/${id}`) : outcome.response;
  }
  const submission = parseWithZod(formData, { schema: facilityInput });
  if (submission.status !== "success") return invalid(submission);
  const outcome = await runForm(submission, () => updateFacility({ ctx, input: { ...submission.value, id } })).catch((e) =>
    toResponse(e, request),
  );
  return outcome.ok ? redirect(`/facilities/${id}`) : outcome.response;
}

export default function EditFacilityPage() {
  const { name, mode, values, organisationChoices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <section className="stack narrow">
      <h1 className="utrecht-heading-1">{mode === "full" ? t("socialMap.form.editTitle") : t("socialMap.form.statusTitle")}</h1>
      <p className="utrecht-paragraph">
        <strong>{name}</strong>
      </p>
      {mode === "full" ? (
        <FacilityForm
          id="facility-edit"
          lastResult={actionData?.result}
          organisationChoices={organisationChoices}
          defaultValue={values}
          submitLabel={t("socialMap.form.submitEdit")}
        />
      ) : (
        <>
          <p className="utrecht-paragraph">{t("socialMap.form.statusIntro")}</p>
          <FacilityStatusForm id="facility-status" lastResult={actionData?.result} defaultValue={values} />
        </>
      )}
    </section>
  );
}
