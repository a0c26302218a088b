import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "#db/client";
import { indicatorThreshold, municipality, neighbourhood } from "#db/schema";
import type { Ctx } from "../context.server";
import { NotFound, Validation } from "../errors";
import { can, ensure, requireActor } from "../permissions";
import { localDateOf } from "../scheduling/local-time";
import { reportPeriods, type Granularity, type ReportPeriod } from "../scheduling/report-periods";
import {
  discloseCount,
  discloseSeries,
  discloseTable,
  shareFigure,
  statisticFigure,
  type Figure,
} from "./disclosure";
import { categoriesOf, indicatorCategoryKind, type CategoryKind, type IndicatorKey } from "./indicator-meta";

// Indicators (knelpunt-cijfers) per neighbourhood × category × period, computed in a handful of
// aggregate queries, then disclosed (small counts suppressed) before anything leaves this module.
//
// "Category" is each indicator's natural one (docs/decisions): help-request indicators use the
// kind of help, shift and waitlist indicators the activity category, the facility indicator the
// social-map category, supply of skills the skill, and carer overload is respite by definition.

/** Documented defaults; a municipality may override each in indicator_threshold. */
export const THRESHOLD_DEFAULTS = {
  /** A request not matched within this many days counts as unmet (or as having waited too long). */
  waitDays: 7,
  /** A facility with a waiting time above this many weeks counts as under pressure (as does "full"). */
  facilityWaitWeeks: 8,
  /** A carer with at least this many respite requests … */
  respiteRequests: 3,
  /** … within this many months counts as possibly overloaded. */
  respiteMonths: 3,
} as const;
export type ThresholdKey = keyof typeof THRESHOLD_DEFAULTS;
export type Thresholds = Record<ThresholdKey, number>;
export const thresholdKeys = Object.keys(THRESHOLD_DEFAULTS) as ThresholdKey[];
export const THRESHOLD_LIMITS: Record<ThresholdKey, { min: number; max: number }> = {
  waitDays: { min: 1, max: 365 },
  facilityWaitWeeks: { min: 1, max: 104 },
  respiteRequests: { min: 2, max: 50 },
  respiteMonths: { min: 1, max: 24 },
};

export { categoriesOf, indicatorCategoryKind, indicatorKeys, type CategoryKind, type IndicatorKey } from "./indicator-meta";

// ── Thresholds ──────────────────────────────────────────────────────────────────────────────

export async function loadThresholds(db: Queryable, municipalityId: number): Promise<Thresholds> {
  const rows = await db.select().from(indicatorThreshold).where(eq(indicatorThreshold.municipalityId, municipalityId));
  const result: Thresholds = { ...THRESHOLD_DEFAULTS };
  for (const row of rows) if ((thresholdKeys as string[]).includes(row.key)) result[row.key as ThresholdKey] = row.value;
  return result;
}

/** The municipality whose figures the actor may see: the one of the neighbourhoods they coordinate (admins: their own). */
export async function signalMunicipality(ctx: Ctx) {
  const actor = requireActor(ctx.actor);
  ensure(can.coordinateAnywhere(actor));
  const anchor = actor.coordinatorOf[0] ?? actor.neighbourhoodId;
  const [row] = await ctx.database.db
    .select({ id: municipality.id, name: municipality.name, timeZone: municipality.timeZone })
    .from(neighbourhood)
    .innerJoin(municipality, eq(municipality.id, neighbourhood.municipalityId))
    .where(eq(neighbourhood.id, anchor));
  if (!row) throw new NotFound();
  const neighbourhoods = await ctx.database.db
    .select({ id: neighbourhood.id, name: neighbourhood.name })
    .from(neighbourhood)
    .where(eq(neighbourhood.municipalityId, row.id))
    .orderBy(neighbourhood.name);
  return { ...row, neighbourhoods };
}

export async function getThresholds({ ctx }: { ctx: Ctx }) {
  const town = await signalMunicipality(ctx);
  return { municipality: town, thresholds: await loadThresholds(ctx.database.db, town.id), defaults: THRESHOLD_DEFAULTS };
}

/** Admins and the municipality's coordinators set the thresholds; out-of-range values are field errors. */
export async function saveThresholds({ ctx, input }: { ctx: Ctx; input: Thresholds }) {
  const town = await signalMunicipality(ctx);
  const errors: Record<string, string[]> = {};
  for (const key of thresholdKeys) {
    const value = input[key];
    const { min, max } = THRESHOLD_LIMITS[key];
    if (!Number.isInteger(value) || value < min || value > max) errors[key] = ["signals.errors.thresholdRange"];
  }
  if (Object.keys(errors).length) throw new Validation(errors);
  const now = ctx.now();
  await ctx.database.write(async (tx) => {
    for (const key of thresholdKeys) {
      await tx
        .insert(indicatorThreshold)
        .values({ municipalityId: town.id, key, value: input[key], updatedAt: now })
        .onConflictDoUpdate({ target: [indicatorThreshold.municipalityId, indicatorThreshold.key], set: { value: input[key], updatedAt: now } });
    }
  });
}

// ── Raw counts (never leave the domain undisclosed) ─────────────────────────────────────────

interface Cell {
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
}

export interface IndicatorQuery {
  municipalityId: number;
  zone: string;
  from: string;
  to: string;
  granularity: Granularity;
  /** Only this neighbourhood (the report's area); null: the whole municipality. */
  neighbourhoodId: number | null;
  thresholds: Thresholds;
  now: number;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Every raw figure of the report in seven aggregate queries (run concurrently). */
export async function computeRawIndicators(db: Queryable, q: IndicatorQuery): Promise<RawIndicators> {
  const periods = reportPeriods(q.from, q.to, q.granularity, q.zone, q.thresholds.respiteMonths);
  const first = periods[0];
  const last = periods[periods.length - 1];
  const neighbourhoods = await db
    .select({ id: neighbourhood.id, name: neighbourhood.name })
    .from(neighbourhood)
    .where(q.neighbourhoodId === null ? eq(neighbourhood.municipalityId, q.municipalityId) : and(eq(neighbourhood.municipalityId, q.municipalityId), eq(neighbourhood.id, q.neighbourhoodId)))
    .orderBy(neighbourhood.name);
  const empty: RawIndicators = {
    periods,
    neighbourhoods,
    requests: [],
    unmet: [],
    expired: [],
    offers: [],
    matchHours: [],
    unfilledPlaces: [],
    waitlisted: [],
    facilitiesUnderPressure: [],
    respiteOverload: [],
    skillDemand: [],
    skillSupply: [],
    skills: [],
  };
  if (!first || !last || neighbourhoods.length === 0) return empty;
  const rangeStart = first.startMs;
  const rangeEnd = last.endMs;
  const periodValues = sql.join(
    periods.map((p, i) => sql`(${i}, ${p.startMs}, ${p.endMs}, ${p.lookBackStartMs})`),
    sql`, `,
  );
  const withPeriods = sql`WITH periods(idx, s, e, lb) AS (VALUES ${periodValues}), area(id) AS (SELECT id FROM neighbourhood WHERE municipality_id = ${q.municipalityId}${q.neighbourhoodId === null ? sql`` : sql` AND id = ${q.neighbourhoodId}`})`;
  const wait = q.thresholds.waitDays * DAY;
  const today = localDateOf(q.now, q.zone);
  const inArea = (column: SQL) => sql`${column} IN (SELECT id FROM area)`;
  // The period of an instant already known to lie in [rangeStart, rangeEnd): one CASE instead of
  // a join with the periods (half the time at a year's volume). Periods never overlap.
  const periodOf = (column: SQL) => sql`CASE ${sql.join(
    periods.map((p, i) => sql`WHEN ${column} < ${p.endMs} THEN ${i}`),
    sql` `,
  )} END`;

  const [requestRows, offerRows, hourRows, shiftRows, waitRows, facilityRows, respiteRows, skillDemand, skillSupply, skills] = await Promise.all([
    db.all<{ p: number; n: number; c: string; requests: number; unmet: number; expired: number }>(sql`${withPeriods}
      SELECT ${periodOf(sql`hr.created_at`)} AS p, hr.neighbourhood_id AS n, hr.kind AS c, count(*) AS requests,
        sum(CASE
          WHEN hr.matched_at IS NOT NULL THEN hr.matched_at - hr.created_at > ${wait}
          WHEN hr.status IN ('matched', 'completed') THEN 0
          WHEN hr.status = 'expired' OR hr.flagged_at IS NOT NULL THEN 1
          WHEN hr.status IN ('submitted', 'open', 'asked') THEN ${q.now} - hr.created_at > ${wait}
          ELSE 0 END) AS unmet,
        sum(hr.status = 'expired') AS expired
      FROM help_request hr
      WHERE hr.created_at >= ${rangeStart} AND hr.created_at < ${rangeEnd} AND ${inArea(sql`hr.neighbourhood_id`)}
      GROUP BY 1, 2, 3`),
    db.all<Cell>(sql`${withPeriods}
      SELECT ${periodOf(sql`hr.created_at`)} AS p, hr.neighbourhood_id AS n, hr.kind AS c, count(*) AS v
      FROM help_request hr
      JOIN help_invite hi ON hi.request_id = hr.id AND hi.status IN ('offered', 'accepted', 'filled')
      WHERE hr.created_at >= ${rangeStart} AND hr.created_at < ${rangeEnd} AND ${inArea(sql`hr.neighbourhood_id`)}
      GROUP BY 1, 2, 3`),
    db.all<Cell & { h: number }>(sql`${withPeriods}
      SELECT ${periodOf(sql`hr.created_at`)} AS p, hr.neighbourhood_id AS n, hr.kind AS c, (hr.matched_at - hr.created_at) / ${HOUR} AS h, count(*) AS v
      FROM help_request hr
      WHERE hr.matched_at IS NOT NULL AND hr.created_at >= ${rangeStart} AND hr.created_at < ${rangeEnd} AND ${inArea(sql`hr.neighbourhood_id`)}
      GROUP BY 1, 2, 3, 4`),
    db.all<Cell>(sql`${withPeriods}
      SELECT ${periodOf(sql`sh.starts_at`)} AS p, a.neighbourhood_id AS n, a.category AS c,
        sum(max(0, sh.needed - (SELECT count(*) FROM signup su WHERE su.session_id = sh.session_id AND su.shift_id = sh.id AND su.status = 'confirmed'))) AS v
      FROM shift sh
      JOIN activity_session s ON s.id = sh.session_id AND s.status = 'scheduled'
      JOIN activity a ON a.id = s.activity_id
      WHERE sh.starts_at >= ${rangeStart} AND sh.starts_at < ${rangeEnd} AND ${inArea(sql`a.neighbourhood_id`)}
      GROUP BY 1, 2, 3`),
    db.all<Cell>(sql`${withPeriods}
      SELECT ${periodOf(sql`s.starts_at`)} AS p, a.neighbourhood_id AS n, a.category AS c, count(*) AS v
      FROM activity_session s
      JOIN activity a ON a.id = s.activity_id
      JOIN signup su ON su.session_id = s.id AND su.status = 'waitlisted'
      WHERE s.starts_at >= ${rangeStart} AND s.starts_at < ${rangeEnd} AND s.status = 'scheduled' AND ${inArea(sql`a.neighbourhood_id`)}
      GROUP BY 1, 2, 3`),
    db.all<Cell>(sql`${withPeriods}
      SELECT 0 AS p, fl.neighbourhood_id AS n, fs.category AS c,
        sum(fs.capacity_status = 'full' OR coalesce(fs.waiting_weeks, 0) > ${q.thresholds.facilityWaitWeeks}) AS v
      FROM facility_service fs
      JOIN facility_location fl ON fl.id = fs.location_id
      WHERE ${inArea(sql`fl.neighbourhood_id`)}
      GROUP BY 1, 2, 3`),
    // Each carer counts once per period, in the neighbourhood of their latest respite request
    // (SQLite takes the bare column from the row holding max()). The carer is the one of the person
    // cared for, else the requester; an intake request with neither counts on its own (−id).
    db.all<Cell>(sql`${withPeriods}, carers AS (
        SELECT p.idx AS p, coalesce(cr.carer_id, hr.requester_id, -hr.id) AS carer, hr.neighbourhood_id AS n, max(hr.created_at) AS latest
        FROM help_request hr
        JOIN periods p ON hr.created_at >= p.lb AND hr.created_at < p.e
        LEFT JOIN care_recipient cr ON cr.id = hr.care_recipient_id
        WHERE hr.kind = 'respite' AND hr.created_at >= ${first.lookBackStartMs} AND hr.created_at < ${rangeEnd}
          AND hr.neighbourhood_id IN (SELECT id FROM neighbourhood WHERE municipality_id = ${q.municipalityId})
        GROUP BY 1, 2
        HAVING count(*) >= ${q.thresholds.respiteRequests})
      SELECT p, n, 'respite' AS c, count(*) AS v FROM carers WHERE ${inArea(sql`n`)} GROUP BY 1, 2`),
    db.all<{ c: string; v: number }>(sql`${withPeriods}
      SELECT sk.slug AS c, count(*) AS v
      FROM help_request hr JOIN skill sk ON sk.id = hr.required_skill_id
      WHERE hr.created_at >= ${rangeStart} AND hr.created_at < ${rangeEnd} AND ${inArea(sql`hr.neighbourhood_id`)}
      GROUP BY 1`),
    db.all<{ c: string; v: number }>(sql`${withPeriods}
      SELECT sk.slug AS c, count(*) AS v
      FROM volunteer_skill vs
      JOIN skill sk ON sk.id = vs.skill_id
      JOIN volunteer_profile vp ON vp.user_id = vs.user_id
      JOIN user u ON u.id = vs.user_id
      WHERE (vp.paused_until IS NULL OR vp.paused_until < ${today}) AND ${inArea(sql`u.neighbourhood_id`)}
      GROUP BY 1`),
    db.all<{ slug: string; nameNl: string; nameEn: string }>(sql`SELECT slug, name_nl AS nameNl, name_en AS nameEn FROM skill ORDER BY name_nl`),
  ]);

  const pick = (key: "requests" | "unmet" | "expired"): Cell[] =>
    requestRows.map((r) => ({ p: Number(r.p), n: Number(r.n), c: r.c, v: Number(r[key]) })).filter((r) => r.v > 0);
  const num = (rows: Cell[]) => rows.map((r) => ({ p: Number(r.p), n: Number(r.n), c: r.c, v: Number(r.v) }));
  return {
    periods,
    neighbourhoods,
    requests: pick("requests"),
    unmet: pick("unmet"),
    expired: pick("expired"),
    offers: num(offerRows),
    matchHours: hourRows.map((r) => ({ p: Number(r.p), n: Number(r.n), c: r.c, h: Number(r.h), v: Number(r.v) })),
    unfilledPlaces: num(shiftRows).filter((r) => r.v > 0),
    waitlisted: num(waitRows),
    facilitiesUnderPressure: num(facilityRows),
    respiteOverload: num(respiteRows),
    skillDemand: skillDemand.map((r) => ({ c: r.c, v: Number(r.v) })),
    skillSupply: skillSupply.map((r) => ({ c: r.c, v: Number(r.v) })),
    skills,
  };
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
  /** True when nothing at all happened in the period (the report says so). */
  empty: boolean;
}

function sumBy(cells: Cell[], key: (c: Cell) => string): Map<string, number> {
  const map = new Map<string, number>();
  for (const cell of cells) map.set(key(cell), (map.get(key(cell)) ?? 0) + cell.v);
  return map;
}

function usedColumns(kind: CategoryKind, ...sources: Cell[][]): string[] {
  const used = new Set(sources.flat().filter((c) => c.v > 0).map((c) => c.c));
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
    rows: raw.neighbourhoods.map((n, i) => ({ neighbourhoodId: n.id, name: n.name, cells: disclosed.cells[i]!, total: disclosed.rowTotals[i]! })),
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
    return statisticFigure(medianOf(cells.map((c) => [c.h, c.v])), cells.reduce((s, c) => s + c.v, 0));
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
    columnTotals: columns.map((_, j) => shareFigure(expired.disclosed.columnTotals[j]!, requests.disclosed.columnTotals[j]!, colSum(requests.matrix, j))),
    total: shareFigure(expired.disclosed.total, requests.disclosed.total, grand(requests.matrix)),
    trend: raw.periods.map((p, i) => ({ period: p.key, from: p.from, to: p.to, value: shareFigure(expiredSeries.values[i]!, requestSeries.values[i]!, requestCounts[i]!) })),
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

/** Applies the disclosure rules to raw counts. Pure. */
export function discloseIndicators(raw: RawIndicators): IndicatorReport {
  const demand = new Map(raw.skillDemand.map((r) => [r.c, r.v]));
  const supply = new Map(raw.skillSupply.map((r) => [r.c, r.v]));
  const skills = raw.skills.filter((s) => (demand.get(s.slug) ?? 0) > 0 || (supply.get(s.slug) ?? 0) > 0);
  const demandSeries = discloseSeries(skills.map((s) => demand.get(s.slug) ?? 0));
  const supplySeries = discloseSeries(skills.map((s) => supply.get(s.slug) ?? 0));
  const flows = [raw.requests, raw.offers, raw.unfilledPlaces, raw.waitlisted, raw.respiteOverload];
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
    ],
    skills: skills.map((s, i) => ({ ...s, demand: demandSeries.values[i]!, supply: supplySeries.values[i]! })),
    skillTotals: { demand: demandSeries.total, supply: supplySeries.total },
    empty: flows.every((cells) => cells.every((c) => c.v === 0)),
  };
}

export async function computeIndicators(db: Queryable, q: IndicatorQuery): Promise<IndicatorReport> {
  return discloseIndicators(await computeRawIndicators(db, q));
}
