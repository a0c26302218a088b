import { data, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { IndicatorSection, PeriodForm, ReferralsTable, ScrollRegion, SkillsTable } from "~/components/signal-indicators";
import { getSignalsOverview } from "~/domain/signals";
import { getT } from "~/locales/i18n";
import { requireCtx, toResponse } from "~/web/request.server";
import { runPeriodQuery } from "~/web/signal-query.server";
import signalsStyles from "~/styles/signals.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: signalsStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${getT(data?.locale ?? "nl")("signals.title")} · Noaber` }];

// Figures about the neighbourhood and signal texts: never kept in a shared or back/forward cache.
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const result = await runPeriodQuery(request, (input) => getSignalsOverview({ ctx, input })).catch((e) => toResponse(e, request));
  const { municipality, period, report, signals } = result.value;
  return data(
    {
      locale: ctx.locale,
      municipality,
      period,
      report,
      thresholds: report.thresholds,
      values: result.values,
      errors: result.errors,
      signals: signals.map(({ description: _d, ...s }) => s),
    },
    { status: result.status, headers: { "Cache-Control": "private, no-store" } },
  );
}

export default function SignalsPage() {
  const { municipality, period, report, thresholds, values, errors, signals } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const query = new URLSearchParams({
    from: period.from,
    to: period.to,
    granularity: period.granularity,
    ...(period.areaId ? { area: String(period.areaId) } : {}),
  });
  return (
    <section className="stack">
      <h1 className="utrecht-heading-1">{t("signals.title")}</h1>
      <p className="utrecht-paragraph">{t("signals.intro")}</p>
      <ul className="action-links">
        <li>
          <Link to="/signals/new">{t("signals.links.newSignal")}</Link>
        </li>
        <li>
          <Link to={`/signals/report?${query}`}>{t("signals.links.report")}</Link>
        </li>
        <li>
          <a href={`/signals/report.csv?${query}`} download>
            {t("signals.links.csv")}
          </a>
        </li>
        <li>
          <Link to="/signals/thresholds">{t("signals.links.thresholds")}</Link>
        </li>
      </ul>

      <h2 className="utrecht-heading-2">{t("signals.list.title")}</h2>
      {signals.length === 0 ? (
        <p className="utrecht-paragraph">{t("signals.list.empty")}</p>
      ) : (
        <ScrollRegion label={t("signals.list.title")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("signals.list.signal")}</th>
                <th scope="col">{t("signals.list.kind")}</th>
                <th scope="col">{t("signals.list.neighbourhood")}</th>
                <th scope="col">{t("signals.list.status")}</th>
              </tr>
            </thead>
            <tbody>
              {signals.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/signals/${s.id}`}>{s.title}</Link>
                  </td>
                  <td>{t(`signals.kinds.${s.kind}`)}</td>
                  <td>{s.neighbourhood ?? t("signals.list.wholeMunicipality")}</td>
                  <td>{t(`signals.statuses.${s.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}

      <h2 className="utrecht-heading-2">{t("signals.indicatorsTitle")}</h2>
      <PeriodForm action="/signals" values={values} errors={errors} neighbourhoods={municipality.neighbourhoods} />
      <p className="utrecht-paragraph">
        <strong>{t("signals.periodText", { from: period.from, to: period.to })}</strong>
      </p>
      <p className="utrecht-paragraph">{t("signals.privacyNote")}</p>
      {report.empty ? <p className="alert">{t("signals.empty")}</p> : null}
      {report.indicators.map((indicator) => (
        <IndicatorSection key={indicator.key} indicator={indicator} thresholds={thresholds} />
      ))}
      <SkillsTable report={report} />
      <ReferralsTable report={report} />
    </section>
  );
}
