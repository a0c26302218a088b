import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { intlLocale } from "~/locales/intl";
import { getStaleFacilitiesPage } from "~/domain/social-map";
import { getT } from "~/locales/i18n";
import { requireCtx, toResponse } from "~/web/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("socialMap.coordinator.title")} · Noaber` },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const page = await getStaleFacilitiesPage({ ctx }).catch((e) => toResponse(e, request));
  const date = new Intl.DateTimeFormat(intlLocale(ctx.locale), { dateStyle: "medium", timeZone: ctx.actor.timeZone });
  return { locale: ctx.locale, ...page, stale: page.stale.map((f) => ({ ...f, verified: date.format(f.verifiedAt) })) };
}

export default function StaleFacilitiesPage() {
  const { stale, counts } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="stack">
      <h1 className="utrecht-heading-1">{t("socialMap.coordinator.title")}</h1>
      <p className="utrecht-paragraph">{t("socialMap.coordinator.intro")}</p>
      <p className="utrecht-paragraph">{t("socialMap.coordinator.summary", { fresh: counts.fresh, total: counts.total })}</p>
      <p className="utrecht-paragraph action-links">
        <Link to="/facilities/new" className="utrecht-link standalone-link">
          {t("socialMap.coordinator.newFacility")}
        </Link>{" "}
        <Link to="/map/cooperation" className="utrecht-link standalone-link">
          {t("socialMap.coordinator.cooperation")}
        </Link>{" "}
        <Link to="/map" className="utrecht-link standalone-link">
          {t("socialMap.coordinator.map")}
        </Link>{" "}
        <Link to="/coordinator/facilities/import" className="utrecht-link standalone-link">
          {t("facilityExchange.link")}
        </Link>
      </p>
      {stale.length === 0 ? (
        <p className="alert alert--ok">{t("socialMap.coordinator.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("socialMap.coordinator.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("socialMap.coordinator.name")}</th>
                <th scope="col">{t("socialMap.coordinator.category")}</th>
                <th scope="col">{t("socialMap.coordinator.neighbourhood")}</th>
                <th scope="col">{t("socialMap.coordinator.verifiedAt")}</th>
                <th scope="col">{t("socialMap.coordinator.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {stale.map((f) => (
                <tr key={f.id}>
                  <td>
                    <Link to={`/facilities/${f.id}`}>{f.name}</Link>
                    <br />
                    <span className="muted">{f.organization}</span>
                  </td>
                  <td>{t(`socialMap.categories.${f.category}`)}</td>
                  <td>{f.neighbourhood}</td>
                  <td>{f.verified}</td>
                  <td>
                    <Link to={`/facilities/${f.id}/edit`} aria-label={`${t("socialMap.coordinator.edit")}: ${f.name}`}>
                      {t("socialMap.coordinator.edit")}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
