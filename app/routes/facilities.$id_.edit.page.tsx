import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { FacilityForm, FacilityStatusForm } from "~/components/facility-form";
import type { action, loader } from "./facilities.$id_.edit";

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
