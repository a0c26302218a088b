import { categoryLabelKey } from "~/domain/signals/shared";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "~/locales/i18n-react";
import type { Figure } from "~/domain/signals/shared";
import { figureText } from "~/domain/signals/shared";
import type { DisclosedIndicator, IndicatorReport, Thresholds } from "~/domain/signals";
import { BarChart, LineChart, type ChartItem } from "./charts";
import { FieldErrors } from "./forms";

// The indicator blocks shared by /signals and /signals/report: a trend chart, a bar chart per
// neighbourhood and the table with every figure (the charts' text alternative and the print copy).

type Serialized<T> = T extends (infer U)[] ? Serialized<U>[] : T extends object ? { [K in keyof T]: Serialized<T[K]> } : T;

export function useFigureText() {
  const { locale } = useTranslation();
  return (figure: Figure | null, unit: DisclosedIndicator["unit"] = "count") => {
    const text = figureText(figure, locale, { maximumFractionDigits: 1 });
    return unit === "percent" && typeof figure === "number" ? `${text}%` : text;
  };
}

function chartItems(values: { label: string; value: Figure | null }[], show: (f: Figure | null) => string): ChartItem[] {
  return values.map((v) => ({ label: v.label, value: typeof v.value === "number" ? v.value : null, display: show(v.value) }));
}

/** A wide table scrolls sideways on a small screen; keyboard users must be able to scroll it too. */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrolling region must be reachable by keyboard (axe scrollable-region-focusable)
    <div className="table-wrap" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}

export function IndicatorSection({
  indicator,
  thresholds,
  headingLevel = 3,
}: {
  indicator: Serialized<DisclosedIndicator>;
  thresholds: Thresholds;
  headingLevel?: 2 | 3;
}) {
  const { t } = useTranslation();
  const show = useFigureText();
  const title = t(`signals.indicator.${indicator.key}.title`);
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const fmt = (f: Figure | null) => show(f, indicator.unit);
  const categoryLabel = (c: string) => t(categoryLabelKey(indicator.categoryKind, c));
  return (
    <section className="indicator stack" aria-labelledby={`ind-${indicator.key}`}>
      <Heading id={`ind-${indicator.key}`} className={headingLevel === 2 ? "utrecht-heading-2" : "utrecht-heading-3"}>
        {title}
      </Heading>
      <p className="utrecht-paragraph">{t(`signals.indicator.${indicator.key}.help`, thresholds)}</p>
      <div className="indicator__charts">
        {indicator.trend ? (
          <div>
            <h4 className="indicator__chart-title">{t("signals.trend")}</h4>
            <LineChart
              id={`trend-${indicator.key}`}
              title={`${title} · ${t("signals.trend")}`}
              description={t("signals.chart.lineDesc", { title })}
              items={chartItems(
                indicator.trend.map((p) => ({ label: p.period, value: p.value })),
                fmt,
              )}
            />
          </div>
        ) : null}
        <div>
          <h4 className="indicator__chart-title">{t("signals.byNeighbourhood")}</h4>
          <BarChart
            id={`bar-${indicator.key}`}
            title={`${title} · ${t("signals.byNeighbourhood")}`}
            description={t("signals.chart.barDesc", { title })}
            items={chartItems(
              indicator.rows.map((r) => ({ label: r.name, value: r.total })),
              fmt,
            )}
          />
        </div>
      </div>
      <ScrollRegion label={t("signals.table.caption", { title })}>
        <table className="figure-table">
          <caption>{t("signals.table.caption", { title })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("signals.table.neighbourhood")}</th>
              {indicator.columns.map((c) => (
                <th key={c} scope="col">
                  {categoryLabel(c)}
                </th>
              ))}
              <th scope="col">{t("signals.table.total")}</th>
            </tr>
          </thead>
          <tbody>
            {indicator.rows.map((row) => (
              <tr key={row.neighbourhoodId}>
                <th scope="row">{row.name}</th>
                {row.cells.map((cell, j) => (
                  <td key={indicator.columns[j]}>{fmt(cell)}</td>
                ))}
                <td>{fmt(row.total)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t("signals.table.total")}</th>
              {indicator.columnTotals.map((cell, j) => (
                <td key={indicator.columns[j]}>{fmt(cell)}</td>
              ))}
              <td>{fmt(indicator.total)}</td>
            </tr>
          </tfoot>
        </table>
      </ScrollRegion>
    </section>
  );
}

export function SkillsTable({ report }: { report: Serialized<Pick<IndicatorReport, "skills" | "skillTotals">> }) {
  const { t, locale } = useTranslation();
  const show = useFigureText();
  return (
    <section className="indicator stack" aria-labelledby="ind-skills">
      <h3 id="ind-skills" className="utrecht-heading-3">
        {t("signals.skills.title")}
      </h3>
      {report.skills.length === 0 ? (
        <p className="utrecht-paragraph">{t("signals.skills.none")}</p>
      ) : (
        <ScrollRegion label={t("signals.skills.title")}>
          <table className="figure-table">
            <thead>
              <tr>
                <th scope="col">{t("signals.skills.skill")}</th>
                <th scope="col">{t("signals.skills.demand")}</th>
                <th scope="col">{t("signals.skills.supply")}</th>
              </tr>
            </thead>
            <tbody>
              {report.skills.map((s) => (
                <tr key={s.slug}>
                  <th scope="row">{locale === "en" ? s.nameEn : s.nameNl}</th>
                  <td>{show(s.demand)}</td>
                  <td>{show(s.supply)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t("signals.table.total")}</th>
                <td>{show(report.skillTotals.demand)}</td>
                <td>{show(report.skillTotals.supply)}</td>
              </tr>
            </tfoot>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}

/** Help requests started from each facility's page in the period (referrals), small counts as "< 5". */
export function ReferralsTable({ report }: { report: Serialized<Pick<IndicatorReport, "referrals" | "referralTotal">> }) {
  const { t } = useTranslation();
  const show = useFigureText();
  return (
    <section className="indicator stack" aria-labelledby="ind-referrals">
      <h3 id="ind-referrals" className="utrecht-heading-3">
        {t("signals.referrals.title")}
      </h3>
      <p className="utrecht-paragraph">{t("signals.referrals.help")}</p>
      {report.referrals.length === 0 ? (
        <p className="utrecht-paragraph">{t("signals.referrals.none")}</p>
      ) : (
        <ScrollRegion label={t("signals.referrals.title")}>
          <table className="figure-table">
            <thead>
              <tr>
                <th scope="col">{t("signals.referrals.facility")}</th>
                <th scope="col">{t("signals.referrals.count")}</th>
              </tr>
            </thead>
            <tbody>
              {report.referrals.map((f) => (
                <tr key={f.id}>
                  <th scope="row">{f.name}</th>
                  <td>{show(f.count)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t("signals.table.total")}</th>
                <td>{show(report.referralTotal)}</td>
              </tr>
            </tfoot>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}

/** The GET form choosing period, granularity and neighbourhood; works without JavaScript. */
export function PeriodForm({
  values,
  errors,
  neighbourhoods,
  action,
}: {
  values: { from: string; to: string; granularity: string; area: string };
  errors: Record<string, string[] | undefined>;
  neighbourhoods: { id: number; name: string }[];
  action: string;
}) {
  const { t } = useTranslation();
  const describe = (field: string) => [`period-hint`, errors[field]?.length ? `period-${field}-error` : null].filter(Boolean).join(" ");
  return (
    <Form method="get" action={action} className="period-form">
      <fieldset className="utrecht-form-fieldset">
        <legend className="utrecht-form-fieldset__legend">{t("signals.filter.legend")}</legend>
        <p id="period-hint" className="field__hint utrecht-form-field-description">
          {t("signals.filter.hint")}
        </p>
        <div className="period-form__fields">
          <div className={`field utrecht-form-field${errors.from?.length ? " utrecht-form-field--invalid" : ""}`}>
            <label htmlFor="period-from" className="utrecht-form-label">
              {t("signals.filter.from")}
            </label>
            <input
              id="period-from"
              name="from"
              defaultValue={values.from}
              inputMode="numeric"
              aria-invalid={errors.from?.length ? true : undefined}
              aria-describedby={describe("from")}
              className="utrecht-textbox utrecht-textbox--html-input"
            />
            <FieldErrors id="period-from-error" errors={errors.from} />
          </div>
          <div className={`field utrecht-form-field${errors.to?.length ? " utrecht-form-field--invalid" : ""}`}>
            <label htmlFor="period-to" className="utrecht-form-label">
              {t("signals.filter.to")}
            </label>
            <input
              id="period-to"
              name="to"
              defaultValue={values.to}
              inputMode="numeric"
              aria-invalid={errors.to?.length ? true : undefined}
              aria-describedby={describe("to")}
              className="utrecht-textbox utrecht-textbox--html-input"
            />
            <FieldErrors id="period-to-error" errors={errors.to} />
          </div>
          <div className="field utrecht-form-field">
            <label htmlFor="period-granularity" className="utrecht-form-label">
              {t("signals.filter.granularity")}
            </label>
            <select
              id="period-granularity"
              name="granularity"
              defaultValue={values.granularity}
              className="utrecht-select utrecht-select--html-select"
            >
              <option value="month">{t("signals.filter.month")}</option>
              <option value="week">{t("signals.filter.week")}</option>
            </select>
            <FieldErrors id="period-granularity-error" errors={errors.granularity} />
          </div>
          <div className={`field utrecht-form-field${errors.area?.length ? " utrecht-form-field--invalid" : ""}`}>
            <label htmlFor="period-area" className="utrecht-form-label">
              {t("signals.filter.area")}
            </label>
            <select
              id="period-area"
              name="area"
              defaultValue={values.area}
              aria-invalid={errors.area?.length ? true : undefined}
              className="utrecht-select utrecht-select--html-select"
            >
              <option value="">{t("signals.filter.allAreas")}</option>
              {neighbourhoods.map((n) => (
                <option key={n.id} value={n.id}>
                  {n.name}
                </option>
              ))}
            </select>
            <FieldErrors id="period-area-error" errors={errors.area} />
          </div>
        </div>
        <button type="submit" className="button button--primary utrecht-button">
          {t("signals.filter.submit")}
        </button>
      </fieldset>
    </Form>
  );
}
