import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { OrganisationForm } from "~/components/organisation-form";
import type { action, loader } from "./organisations.new";

export default function NewOrganisationPage() {
  const { neighbourhoods } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <section className="stack narrow">
      <h1 className="utrecht-heading-1">{t("community.organisations.register.title")}</h1>
      <p className="utrecht-paragraph">{t("community.organisations.register.intro")}</p>
      <OrganisationForm
        id="organisation-new"
        lastResult={actionData?.result}
        neighbourhoods={neighbourhoods}
        submitLabel={t("community.organisations.register.submit")}
      />
    </section>
  );
}
