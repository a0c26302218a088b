import type { TFunction } from "~/locales/translate";
import { figureText, type Figure } from "./disclosure";
import type { IndicatorReport } from "./indicator-report";

// The report's figures as CSV rows: the same disclosed values as the page, one figure per row
// (machine-readable: indicator key, category key, plain numbers, "< 5" and "×" kept as marks).

const value = (figure: Figure | null) => figureText(figure, "en", { useGrouping: false, maximumFractionDigits: 1 });

export function reportCsvRows(
  report: Pick<IndicatorReport, "indicators" | "periods" | "skills" | "skillTotals" | "referrals" | "referralTotal">,
  t: TFunction,
): string[][] {
  const c = (key: string) => t(`signals.csv.${key}`);
  const all = c("all");
  const total = c("total");
  const first = report.periods[0];
  const last = report.periods[report.periods.length - 1];
  const range = { from: first?.from ?? "", to: last?.to ?? "", key: first && last ? `${first.key}/${last.key}` : "" };
  const rows: string[][] = [[c("indicator"), c("neighbourhood"), c("category"), c("period"), c("from"), c("to"), c("value"), c("unit")]];
  for (const ind of report.indicators) {
    const line = (area: string, category: string, figure: Figure | null, period = range) =>
      rows.push([ind.key, area, category, period.key, period.from, period.to, value(figure), ind.unit]);
    for (const row of ind.rows) {
      ind.columns.forEach((category, j) => line(row.name, category, row.cells[j] ?? null));
      line(row.name, total, row.total);
    }
    ind.columns.forEach((category, j) => line(total, category, ind.columnTotals[j] ?? null));
    line(total, total, ind.total);
    for (const point of ind.trend ?? []) line(all, all, point.value, { key: point.period, from: point.from, to: point.to });
  }
  for (const skill of report.skills) {
    rows.push(["skillDemand", all, skill.slug, range.key, range.from, range.to, value(skill.demand), "count"]);
    rows.push(["skillSupply", all, skill.slug, range.key, range.from, range.to, value(skill.supply), "count"]);
  }
  rows.push(["skillDemand", all, total, range.key, range.from, range.to, value(report.skillTotals.demand), "count"]);
  rows.push(["skillSupply", all, total, range.key, range.from, range.to, value(report.skillTotals.supply), "count"]);
  // Referrals per facility: the category column holds the facility's name.
  for (const f of report.referrals)
    rows.push(["referralsByFacility", all, f.name, range.key, range.from, range.to, value(f.count), "count"]);
  rows.push(["referralsByFacility", all, total, range.key, range.from, range.to, value(report.referralTotal), "count"]);
  return rows;
}
