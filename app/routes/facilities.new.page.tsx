import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { FacilityForm } from "~/components/facility-form";
import type { action, loader } from "./facilities.new";

export default function NewFacilityPage() {
  const { organisationChoices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <section className="stack narrow">
      <h1 className="utrecht-heading-1">{t("socialMap.form.newTitle")}</h1>
      <FacilityForm
        id="facility-new"
        lastResult={actionData?.result}
        organisationChoices={organisationChoices}
        defaultValue={{ service: { access: "walk-in", capacityStatus: "open", languages: ["nl"] }, location: { city: "" } }}
        submitLabel={t("socialMap.form.submitNew")}
      />
    </section>
  );
}
