import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { getCooperationOverview } from "~/domain/social-map";
import { getT } from "~/locales/i18n";
import { getCtx } from "~/web/request.server";
import socialMapStyles from "~/styles/social-map.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: socialMapStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("socialMap.cooperation.title")} · Noaber` },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await getCtx(request, context);
  return { locale: ctx.locale, areas: await getCooperationOverview({ ctx }) };
}

export default function CooperationOverviewPage() {
  const { areas } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="stack">
      <p className="utrecht-paragraph">
        <Link to="/map" className="utrecht-link">
          {t("socialMap.facility.backToMap")}
        </Link>
      </p>
      <h1 className="utrecht-heading-1">{t("socialMap.cooperation.title")}</h1>
      <p className="utrecht-paragraph">{t("socialMap.cooperation.intro")}</p>
      {areas.map((area) => (
        <section key={area.id} className="card stack" aria-labelledby={`area-${area.slug}`}>
          <h2 id={`area-${area.slug}`} className="utrecht-heading-2">
            {area.name}
          </h2>
          {area.facilities === 0 ? (
            <p className="utrecht-paragraph">{t("socialMap.cooperation.noFacilities")}</p>
          ) : (
            <>
              <p className="utrecht-paragraph">
                <Link to={`/map?neighbourhood=${area.slug}`}>{t("socialMap.cooperation.facilities", { count: area.facilities })}</Link>
              </p>
              {area.unlinkedCategories.length ? (
                <p className="alert alert--error cooperation-gap">
                  <strong>
                    {t("socialMap.cooperation.unlinkedWarning", {
                      categories: area.unlinkedCategories.map((c) => t(`socialMap.categories.${c}`)).join(", "),
                    })}
                  </strong>
                </p>
              ) : null}
              <h3 className="utrecht-heading-3">{t("socialMap.cooperation.categories")}</h3>
              <ul className="inline-list">
                {area.categories.map((c) => (
                  <li key={c.category} className={`badge${c.linked ? "" : " cooperation-gap__badge"}`}>
                    {t(`socialMap.categories.${c.category}`)} ({c.facilities}) –{" "}
                    {c.linked ? t("socialMap.cooperation.linked") : t("socialMap.cooperation.unlinked")}
                  </li>
                ))}
              </ul>
              <h3 className="utrecht-heading-3">{t("socialMap.cooperation.links")}</h3>
              {area.links.length === 0 ? (
                <p className="utrecht-paragraph">{t("socialMap.cooperation.noLinks")}</p>
              ) : (
                <div className="table-wrap">
                  <table>
                    <caption className="visually-hidden">
                      {t("socialMap.cooperation.links")}: {area.name}
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">{t("socialMap.cooperation.from")}</th>
                        <th scope="col">{t("socialMap.cooperation.kind")}</th>
                        <th scope="col">{t("socialMap.cooperation.to")}</th>
                        <th scope="col">{t("socialMap.cooperation.purpose")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {area.links.map((l) => (
                        <tr key={l.id}>
                          <td>
                            <Link to={`/facilities/${l.from.id}`}>{l.from.name}</Link>
                          </td>
                          <td>
                            {l.kind === "referral" ? t("socialMap.cooperation.arrowReferral") : t("socialMap.cooperation.arrowAgreement")}
                          </td>
                          <td>
                            <Link to={`/facilities/${l.to.id}`}>{l.to.name}</Link>
                          </td>
                          <td>{l.purpose}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </>
          )}
        </section>
      ))}
    </section>
  );
}
