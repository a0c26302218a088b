import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listCoordinatedNeighbourhoods } from "~/domain/neighbourhoods.server";
import { getT } from "~/utils/i18n";
import { requireCtx, toResponse } from "~/utils/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${getT(data?.locale ?? "nl")("coordinator.title")} · Noaber` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const neighbourhoods = await listCoordinatedNeighbourhoods({ ctx }).catch((e) => toResponse(e, request));
  return { locale: ctx.locale, neighbourhoods };
}

export default function CoordinatorPage() {
  const { neighbourhoods } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="stack">
      <h1 className="utrecht-heading-1">{t("coordinator.title")}</h1>
      <p className="utrecht-paragraph">{neighbourhoods.length ? t("coordinator.intro") : t("coordinator.none")}</p>
      <ul>
        {neighbourhoods.map((n) => (
          <li key={n.id}>
            {n.name} ({n.postcodes.join(", ")})
          </li>
        ))}
      </ul>
      <ul className="action-links">
        <li>
          <Link to="/coordinator/organisations">{t("community.approvals.title")}</Link>
        </li>
        <li>
          <Link to="/coordinator/volunteers">{t("community.vogAdmin.title")}</Link>
        </li>
      </ul>
    </section>
  );
}
