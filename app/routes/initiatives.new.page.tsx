import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { InitiativeForm } from "~/components/initiative-form";
import type { action, loader } from "./initiatives.new";

export default function NewInitiativePage() {
  const { organisation, partnerChoices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <section className="stack narrow">
      <h1 className="utrecht-heading-1">{t("community.initiatives.form.newTitle", { name: organisation.name })}</h1>
      <InitiativeForm id="initiative-new" lastResult={actionData?.result} partnerChoices={partnerChoices} />
    </section>
  );
}
