import type { ReportPeriod } from "../scheduling/report-periods";
import { discloseCount, discloseSeries, discloseTable, shareFigure, statisticFigure, type Figure } from "./disclosure";
import { categoriesOf, indicatorCategoryKind, type CategoryKind, type IndicatorKey } from "./indicator-meta";

// From raw counts to what a report may show: each indicator's table, totals and trend, with small
// counts suppressed (disclosure.ts). Pure: the counts come from computeRawIndicators
// (indicators.server.ts) and never leave the domain undisclosed.

/** One count: period index, neighbourhood id, category, value. */
export interface Cell {
  p: number;
  n: number;
  c: string;
  v: number;
}

export interface RawIndicators {
  periods: ReportPeriod[];
  neighbourhoods: { id: number; name: string }[];
  requests: Cell[];
  unmet: Cell[];
  expired: Cell[];
  offers: Cell[];
  /** Hours to a match: v = number of matches that took `h` hours. */
  matchHours: (Cell & { h: number })[];
  unfilledPlaces: Cell[];
  waitlisted: Cell[];
  /** Snapshot at report time (p = 0). */
  facilitiesUnderPressure: Cell[];
  /** Carers at each period's end (a stock, not a flow). */
  respiteOverload: Cell[];
  skillDemand: { c: string; v: number }[];
  skillSupply: { c: string; v: number }[];
  skills: { slug: string; nameNl: string; nameEn: string }[];
  /** Help requests started from a facility page, by the facility's category. */
  facilityReferrals: Cell[];
  /** The same per facility over the whole range. */
  referralsByFacility: { id: number; name: string; v: number }[];
  /** Circles under strain in each period (each circle once per period); c = "circles". */
  circlesUnderStrain: Cell[];
  /** Circles under strain in any period of the range (each circle once; p = 0). */
  circlesUnderStrainInRange: Cell[];
  /** Help requests a circle's lead handed off (help_request.circle_id), by kind of help. */
  circleHandOffs: Cell[];
}

// ── Disclosure: what a report may show ──────────────────────────────────────────────────────

export interface DisclosedIndicator {
  key: IndicatorKey;
  unit: "count" | "percent" | "days";
  categoryKind: CategoryKind;
  /** Categories with any data (all-zero categories are left out). */
  columns: string[];
  rows: { neighbourhoodId: number; name: string; cells: (Figure | null)[]; total: Figure | null }[];
  columnTotals: (Figure | null)[];
  total: Figure | null;
  /** Per period for the whole area; null for snapshots. */
  trend: { period: string; from: string; to: string; value: Figure | null }[] | null;
}

export interface IndicatorReport {
  periods: { key: string; from: string; to: string }[];
  neighbourhoods: { id: number; name: string }[];
  indicators: DisclosedIndicator[];
  /** Supply versus demand per skill (requests that need it, available volunteers who have it). */
  skills: { slug: string; nameNl: string; nameEn: string; demand: Figure; supply: Figure }[];
  skillTotals: { demand: Figure; supply: Figure };
  /** Referrals per facility (help requests started from its page), with the small-count rule. */
  referrals: { id: number; name: string; count: Figure }[];
  referralTotal: Figure;
  /** True when nothing at all happened in the period (the report says so). */
  empty: boolean;
}

function sumBy(cells: Cell[], key: (c: Cell) => string): Map<string, number> {
  const map = new Map<string, number>();
  for (const cell of cells) map.set(key(cell), (map.get(key(cell)) ?? 0) + cell.v);
  return map;
}

function usedColumns(kind: CategoryKind, ...sources: Cell[][]): string[] {
  const used = new Set(
    sources
      .flat()
      .filter((c) => c.v > 0)
      .map((c) => c.c),
  );
  return categoriesOf[kind].filter((c) => used.has(c));
}

/** Neighbourhood × category counts over the whole range, with complementary suppression. */
function countTable(raw: RawIndicators, cells: Cell[], columns: string[]) {
  const sums = sumBy(cells, (c) => `${c.n}|${c.c}`);
  const matrix = raw.neighbourhoods.map((n) => columns.map((c) => sums.get(`${n.id}|${c}`) ?? 0));
  return { matrix, disclosed: discloseTable(matrix) };
}

function countIndicator(key: IndicatorKey, raw: RawIndicators, cells: Cell[], trend: boolean): DisclosedIndicator {
  const kind = indicatorCategoryKind[key];
  const columns = usedColumns(kind, cells);
  const { disclosed } = countTable(raw, cells, columns);
  const perPeriod = sumBy(cells, (c) => String(c.p));
  const series = discloseSeries(raw.periods.map((_, i) => perPeriod.get(String(i)) ?? 0));
  return {
    key,
    unit: "count",
    categoryKind: kind,
    columns,
    rows: raw.neighbourhoods.map((n, i) => ({
      neighbourhoodId: n.id,
      name: n.name,
      cells: disclosed.cells[i]!,
      total: disclosed.rowTotals[i]!,
    })),
    columnTotals: disclosed.columnTotals,
    total: disclosed.total,
    trend: trend ? raw.periods.map((p, i) => ({ period: p.key, from: p.from, to: p.to, value: series.values[i]! })) : null,
  };
}

function medianOf(histogram: [number, number][]): number | null {
  const total = histogram.reduce((s, [, v]) => s + v, 0);
  if (total === 0) return null;
  const sorted = [...histogram].sort((a, b) => a[0] - b[0]);
  const at = (index: number) => {
    let seen = 0;
    for (const [h, v] of sorted) {
      seen += v;
      if (index < seen) return h;
    }
    return sorted[sorted.length - 1]![0];
  };
  const hours = total % 2 === 1 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
  return Math.round((hours / 24) * 10) / 10;
}

function medianIndicator(raw: RawIndicators): DisclosedIndicator {
  const columns = usedColumns("kind", raw.matchHours);
  const median = (filter: (c: Cell & { h: number }) => boolean) => {
    const cells = raw.matchHours.filter(filter);
    return statisticFigure(
      medianOf(cells.map((c) => [c.h, c.v])),
      cells.reduce((s, c) => s + c.v, 0),
    );
  };
  return {
    key: "medianMatchDays",
    unit: "days",
    categoryKind: "kind",
    columns,
    rows: raw.neighbourhoods.map((n) => ({
      neighbourhoodId: n.id,
      name: n.name,
      cells: columns.map((c) => median((x) => x.n === n.id && x.c === c)),
      total: median((x) => x.n === n.id),
    })),
    columnTotals: columns.map((c) => median((x) => x.c === c)),
    total: median(() => true),
    trend: raw.periods.map((p, i) => ({ period: p.key, from: p.from, to: p.to, value: median((x) => x.p === i) })),
  };
}

/** The share of requests that expired: derived from the disclosed counts, so it gives nothing back. */
function expiredShareIndicator(raw: RawIndicators): DisclosedIndicator {
  const columns = usedColumns("kind", raw.requests);
  const requests = countTable(raw, raw.requests, columns);
  const expired = countTable(raw, raw.expired, columns);
  const rowSum = (m: number[][], i: number) => m[i]!.reduce((a, b) => a + b, 0);
  const colSum = (m: number[][], j: number) => m.reduce((a, r) => a + r[j]!, 0);
  const grand = (m: number[][]) => m.flat().reduce((a, b) => a + b, 0);
  const perPeriod = (cells: Cell[]) => {
    const sums = sumBy(cells, (c) => String(c.p));
    return raw.periods.map((_, i) => sums.get(String(i)) ?? 0);
  };
  const requestCounts = perPeriod(raw.requests);
  const requestSeries = discloseSeries(requestCounts);
  const expiredSeries = discloseSeries(perPeriod(raw.expired));
  return {
    key: "expiredShare",
    unit: "percent",
    categoryKind: "kind",
    columns,
    rows: raw.neighbourhoods.map((n, i) => ({
      neighbourhoodId: n.id,
      name: n.name,
      cells: columns.map((_, j) => shareFigure(expired.disclosed.cells[i]![j]!, requests.disclosed.cells[i]![j]!, requests.matrix[i]![j]!)),
      total: shareFigure(expired.disclosed.rowTotals[i]!, requests.disclosed.rowTotals[i]!, rowSum(requests.matrix, i)),
    })),
    columnTotals: columns.map((_, j) =>
      shareFigure(expired.disclosed.columnTotals[j]!, requests.disclosed.columnTotals[j]!, colSum(requests.matrix, j)),
    ),
    total: shareFigure(expired.disclosed.total, requests.disclosed.total, grand(requests.matrix)),
    trend: raw.periods.map((p, i) => ({
      period: p.key,
      from: p.from,
      to: p.to,
      value: shareFigure(expiredSeries.values[i]!, requestSeries.values[i]!, requestCounts[i]!),
    })),
  };
}

/** Carers who may be overloaded: a stock at each period's end, so only the small-count rule applies over time. */
function respiteIndicator(raw: RawIndicators): DisclosedIndicator {
  const lastPeriod = raw.periods.length - 1;
  const atEnd = raw.respiteOverload.filter((c) => c.p === lastPeriod);
  const base = countIndicator("respiteOverload", raw, atEnd, false);
  const perPeriod = sumBy(raw.respiteOverload, (c) => String(c.p));
  return {
    ...base,
    columns: ["respite"],
    rows: base.columns.length ? base.rows : raw.neighbourhoods.map((n) => ({ neighbourhoodId: n.id, name: n.name, cells: [0], total: 0 })),
    columnTotals: base.columns.length ? base.columnTotals : [0],
    trend: raw.periods.map((p, i) => ({ period: p.key, from: p.from, to: p.to, value: discloseCount(perPeriod.get(String(i)) ?? 0) })),
  };
}

/**
 * Circles under strain: the table counts each circle once over the whole range; the trend counts
 * the circles of each period (a circle may be under strain in several), so only the small-count
 * rule applies to it.
 */
function strainIndicator(raw: RawIndicators): DisclosedIndicator {
  const base = countIndicator("circlesUnderStrain", raw, raw.circlesUnderStrainInRange, false);
  const perPeriod = sumBy(raw.circlesUnderStrain, (c) => String(c.p));
  return {
    ...base,
    trend: raw.periods.map((p, i) => ({ period: p.key, from: p.from, to: p.to, value: discloseCount(perPeriod.get(String(i)) ?? 0) })),
  };
}

/** Applies the disclosure rules to raw counts. Pure. */
export function discloseIndicators(raw: RawIndicators): IndicatorReport {
  const demand = new Map(raw.skillDemand.map((r) => [r.c, r.v]));
  const supply = new Map(raw.skillSupply.map((r) => [r.c, r.v]));
  const skills = raw.skills.filter((s) => (demand.get(s.slug) ?? 0) > 0 || (supply.get(s.slug) ?? 0) > 0);
  const demandSeries = discloseSeries(skills.map((s) => demand.get(s.slug) ?? 0));
  const supplySeries = discloseSeries(skills.map((s) => supply.get(s.slug) ?? 0));
  const referrals = discloseSeries(raw.referralsByFacility.map((f) => f.v));
  const flows = [raw.requests, raw.offers, raw.unfilledPlaces, raw.waitlisted, raw.respiteOverload, raw.circlesUnderStrain];
  return {
    periods: raw.periods.map((p) => ({ key: p.key, from: p.from, to: p.to })),
    neighbourhoods: raw.neighbourhoods,
    indicators: [
      countIndicator("requests", raw, raw.requests, true),
      countIndicator("unmet", raw, raw.unmet, true),
      expiredShareIndicator(raw),
      medianIndicator(raw),
      countIndicator("offers", raw, raw.offers, true),
      countIndicator("unfilledPlaces", raw, raw.unfilledPlaces, true),
      countIndicator("waitlisted", raw, raw.waitlisted, true),
      countIndicator("facilitiesUnderPressure", raw, raw.facilitiesUnderPressure, false),
      respiteIndicator(raw),
      countIndicator("facilityReferrals", raw, raw.facilityReferrals, true),
      strainIndicator(raw),
      countIndicator("circleHandOffs", raw, raw.circleHandOffs, true),
    ],
    skills: skills.map((s, i) => ({ ...s, demand: demandSeries.values[i]!, supply: supplySeries.values[i]! })),
    skillTotals: { demand: demandSeries.total, supply: supplySeries.total },
    referrals: raw.referralsByFacility.map((f, i) => ({ id: f.id, name: f.name, count: referrals.values[i]! })),
    referralTotal: referrals.total,
    empty: flows.every((cells) => cells.every((c) => c.v === 0)),
  };
}
