import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { OrganisationForm } from "~/components/organisation-form";
import type { action, loader } from "./organisations.$slug_.edit";

export default function EditOrganisationPage() {
  const { values, neighbourhoods } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <section className="stack narrow">
      <h1 className="utrecht-heading-1">{t("community.organisations.editTitle", { name: values.name })}</h1>
      <OrganisationForm
        id="organisation-edit"
        lastResult={actionData?.result}
        defaultValue={{ ...values, neighbourhoodIds: values.neighbourhoodIds.map(String) }}
        neighbourhoods={neighbourhoods}
        submitLabel={t("community.save")}
      />
    </section>
  );
}
