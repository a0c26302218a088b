import { data, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { IndicatorSection, PeriodForm, ReferralsTable, ScrollRegion, SkillsTable, useFigureText } from "~/components/signal-indicators";
import { getMunicipalReport } from "~/domain/signals";
import { getT } from "~/locales/i18n";
import { requireCtx, toResponse } from "~/web/request.server";
import { runPeriodQuery } from "~/web/signal-query.server";
import signalsStyles from "~/styles/signals.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: signalsStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("signals.report.title", { municipality: data?.municipality.name ?? "" })} · Noaber` },
];

/** The municipal report: aggregates (suppressed) and signal texts, printable on A4. */
// Figures about the neighbourhood and signal texts: never kept in a shared or back/forward cache.
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const result = await runPeriodQuery(request, (input) => getMunicipalReport({ ctx, input })).catch((e) => toResponse(e, request));
  return data(
    { locale: ctx.locale, ...result.value, values: result.values, errors: result.errors },
    { status: result.status, headers: { "Cache-Control": "private, no-store" } },
  );
}

export default function MunicipalReportPage() {
  const { municipality, neighbourhoods, area, period, report, summaries, signals, values, errors } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const show = useFigureText();
  const query = new URLSearchParams({
    from: period.from,
    to: period.to,
    granularity: period.granularity,
    ...(period.areaId ? { area: String(period.areaId) } : {}),
  });
  const periodText = t("signals.periodText", { from: period.from, to: period.to });
  return (
    <article className="report stack">
      <header className="stack">
        <h1 className="utrecht-heading-1">{t("signals.report.title", { municipality: municipality.name })}</h1>
        <p className="utrecht-paragraph report__subtitle">
          {t("signals.report.subtitle", { period: periodText, area: area?.name ?? t("signals.filter.allAreas") })}
        </p>
      </header>
      <div className="no-print stack">
        <p className="utrecht-paragraph">{t("signals.report.print")}</p>
        <ul className="action-links">
          <li>
            <a href={`/signals/report.csv?${query}`} download>
              {t("signals.links.csv")}
            </a>
          </li>
          <li>
            <Link to="/signals">{t("signals.detail.back")}</Link>
          </li>
        </ul>
        <PeriodForm action="/signals/report" values={values} errors={errors} neighbourhoods={neighbourhoods} />
      </div>
      <p className="utrecht-paragraph">{t("signals.report.generated")}</p>
      {report.empty ? (
        <p className="alert" role="status">
          {t("signals.empty")}
        </p>
      ) : null}

      <section className="stack report__block" aria-labelledby="summary-title">
        <h2 id="summary-title" className="utrecht-heading-2">
          {t("signals.report.summaryTitle")}
        </h2>
        <dl className="report__summary">
          {summaries.map((s) => (
            <div key={s.neighbourhoodId} className="report__summary-item">
              <dt>{s.name}</dt>
              <dd>
                {t("signals.report.summaryLine", {
                  requests: show(s.figures.requests ?? null),
                  unmet: show(s.figures.unmet ?? null),
                  median: show(s.figures.medianMatchDays ?? null, "days"),
                  unfilled: show(s.figures.unfilledPlaces ?? null),
                  waitlisted: show(s.figures.waitlisted ?? null),
                  facilities: show(s.figures.facilitiesUnderPressure ?? null),
                  signals: s.signals,
                })}
              </dd>
            </div>
          ))}
        </dl>
      </section>

      <section className="stack report__block" aria-labelledby="signals-title">
        <h2 id="signals-title" className="utrecht-heading-2">
          {t("signals.report.signalsTitle")}
        </h2>
        {signals.length === 0 ? (
          <p className="utrecht-paragraph">{t("signals.report.noSignals")}</p>
        ) : (
          <ScrollRegion label={t("signals.report.signalsTitle")}>
            <table className="figure-table">
              <thead>
                <tr>
                  <th scope="col">{t("signals.list.signal")}</th>
                  <th scope="col">{t("signals.list.kind")}</th>
                  <th scope="col">{t("signals.list.neighbourhood")}</th>
                  <th scope="col">{t("signals.list.status")}</th>
                  <th scope="col">{t("signals.report.raisedWith")}</th>
                  <th scope="col">{t("signals.report.response")}</th>
                </tr>
              </thead>
              <tbody>
                {signals.map((s) => (
                  <tr key={s.id}>
                    <td>
                      <strong>{s.title}</strong>
                      <br />
                      {s.description}
                    </td>
                    <td>{t(`signals.kinds.${s.kind}`)}</td>
                    <td>{s.neighbourhood ?? t("signals.list.wholeMunicipality")}</td>
                    <td>
                      {t(`signals.statuses.${s.status}`)}
                      {s.resolvedOn ? ` (${s.resolvedOn})` : ""}
                    </td>
                    <td>{s.raisedOn ? `${s.raisedOn}, ${s.raisedWith ?? ""}` : "–"}</td>
                    <td>{s.respondedOn ?? "–"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>

      <section className="stack" aria-labelledby="indicators-title">
        <h2 id="indicators-title" className="utrecht-heading-2">
          {t("signals.indicatorsTitle")}
        </h2>
        {report.indicators.map((indicator) => (
          <div key={indicator.key} className="report__block">
            <IndicatorSection indicator={indicator} thresholds={report.thresholds} />
          </div>
        ))}
        <div className="report__block">
          <SkillsTable report={report} />
        </div>
        <div className="report__block">
          <ReferralsTable report={report} />
        </div>
      </section>
    </article>
  );
}
