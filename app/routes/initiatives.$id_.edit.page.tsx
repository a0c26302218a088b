import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { InitiativeForm } from "~/components/initiative-form";
import type { action, loader } from "./initiatives.$id_.edit";

export default function EditInitiativePage() {
  const { values, partnerChoices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <section className="stack narrow">
      <h1 className="utrecht-heading-1">{t("community.initiatives.form.editTitle")}</h1>
      <InitiativeForm
        id="initiative-edit"
        lastResult={actionData?.result}
        defaultValue={{ ...values, partnerIds: values.partnerIds.map(String) }}
        partnerChoices={partnerChoices}
      />
    </section>
  );
}
