import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getAdminOverview } from "~/domain/neighbourhoods.server";
import { getT } from "~/locales/i18n";
import { requireCtx, toResponse } from "~/web/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${getT(data?.locale ?? "nl")("admin.title")} · Noaber` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const overview = await getAdminOverview({ ctx }).catch((e) => toResponse(e, request));
  return { locale: ctx.locale, ...overview };
}

export default function AdminPage() {
  const { neighbourhoods, organisations } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="stack">
      <h1 className="utrecht-heading-1">{t("admin.title")}</h1>
      <h2 className="utrecht-heading-2">{t("admin.neighbourhoods")}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("me.neighbourhood")}</th>
              <th scope="col">{t("admin.municipality")}</th>
              <th scope="col">{t("admin.postcodes")}</th>
            </tr>
          </thead>
          <tbody>
            {neighbourhoods.map((n) => (
              <tr key={n.id}>
                <td>{n.name}</td>
                <td>{n.municipality}</td>
                <td>{n.postcodes.join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2 className="utrecht-heading-2">{t("admin.organisations")}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("admin.organisations")}</th>
              <th scope="col">{t("admin.status")}</th>
            </tr>
          </thead>
          <tbody>
            {organisations.map((o) => (
              <tr key={o.id}>
                <td>{o.name}</td>
                <td>{o.status === "approved" ? t("admin.statusApproved") : t("admin.statusPending")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
