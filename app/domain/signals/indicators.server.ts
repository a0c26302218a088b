import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "#db/client";
import { indicatorThreshold, municipality, neighbourhood } from "#db/schema";
import type { Ctx } from "../context.server";
import { NotFound, Validation } from "../errors";
import { can, ensure, requireActor } from "../permissions";
import { STRAIN_THRESHOLDS } from "../circles/strain";
import { localDateOf } from "../scheduling/local-time";
import { reportPeriods, type Granularity } from "../scheduling/report-periods";
import { discloseIndicators, type Cell, type IndicatorReport, type RawIndicators } from "./indicator-report";

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

export { categoriesOf, indicatorCategoryKind, indicatorKeys, type IndicatorKey } from "./indicator-meta";

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
        .onConflictDoUpdate({
          target: [indicatorThreshold.municipalityId, indicatorThreshold.key],
          set: { value: input[key], updatedAt: now },
        });
    }
  });
}

// ── Raw counts (never leave the domain undisclosed) ─────────────────────────────────────────

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

/** Every raw figure of the report in a dozen aggregate queries (run concurrently). */
export async function computeRawIndicators(db: Queryable, q: IndicatorQuery): Promise<RawIndicators> {
  const periods = reportPeriods(q.from, q.to, q.granularity, q.zone, q.thresholds.respiteMonths);
  const first = periods[0];
  const last = periods[periods.length - 1];
  const neighbourhoods = await db
    .select({ id: neighbourhood.id, name: neighbourhood.name })
    .from(neighbourhood)
    .where(
      q.neighbourhoodId === null
        ? eq(neighbourhood.municipalityId, q.municipalityId)
        : and(eq(neighbourhood.municipalityId, q.municipalityId), eq(neighbourhood.id, q.neighbourhoodId)),
    )
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
    facilityReferrals: [],
    referralsByFacility: [],
    circlesUnderStrain: [],
    circlesUnderStrainInRange: [],
    circleHandOffs: [],
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
  const periodOf = (column: SQL) =>
    sql`CASE ${sql.join(
      periods.map((p, i) => sql`WHEN ${column} < ${p.endMs} THEN ${i}`),
      sql` `,
    )} END`;

  const [
    requestRows,
    offerRows,
    hourRows,
    shiftRows,
    waitRows,
    facilityRows,
    respiteRows,
    skillDemand,
    skillSupply,
    skills,
    referralRows,
    strainRows,
    handOffRows,
  ] = await Promise.all([
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
    db.all<{ slug: string; nameNl: string; nameEn: string }>(
      sql`SELECT slug, name_nl AS nameNl, name_en AS nameEn FROM skill ORDER BY name_nl`,
    ),
    // Referrals: requests started from a facility page, by the facility's category, in the
    // request's neighbourhood; and the same per facility (the list under the table).
    db.all<Cell & { f: number; name: string }>(sql`${withPeriods}
      SELECT ${periodOf(sql`hr.created_at`)} AS p, hr.neighbourhood_id AS n, fs.category AS c, fs.id AS f, fs.name AS name, count(*) AS v
      FROM help_request hr
      JOIN facility_service fs ON fs.id = hr.facility_id
      WHERE hr.created_at >= ${rangeStart} AND hr.created_at < ${rangeEnd} AND ${inArea(sql`hr.neighbourhood_id`)}
      GROUP BY 1, 2, 3, 4`),
    circleStrain(db, withPeriods, periodOf, inArea, { rangeStart, rangeEnd, now: q.now }),
    db.all<Cell>(sql`${withPeriods}
      SELECT ${periodOf(sql`hr.created_at`)} AS p, hr.neighbourhood_id AS n, hr.kind AS c, count(*) AS v
      FROM help_request hr
      WHERE hr.circle_id IS NOT NULL AND hr.created_at >= ${rangeStart} AND hr.created_at < ${rangeEnd} AND ${inArea(sql`hr.neighbourhood_id`)}
      GROUP BY 1, 2, 3`),
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
    facilityReferrals: num(referralRows),
    referralsByFacility: referralsByFacility(referralRows),
    circlesUnderStrain: countCircles(
      strainRows,
      (r) => `${r.p}|${r.n}|${r.circle}`,
      (r) => r.p,
    ),
    circlesUnderStrainInRange: countCircles(
      strainRows,
      (r) => `${r.n}|${r.circle}`,
      () => 0,
    ),
    circleHandOffs: num(handOffRows),
  };
}

/** Referrals summed per facility over the whole range, most first. */
function referralsByFacility(rows: { f: number; name: string; v: number }[]) {
  const byId = new Map<number, { id: number; name: string; v: number }>();
  for (const r of rows) {
    const entry = byId.get(Number(r.f)) ?? { id: Number(r.f), name: r.name, v: 0 };
    entry.v += Number(r.v);
    byId.set(entry.id, entry);
  }
  return [...byId.values()].sort((a, b) => b.v - a.v || a.name.localeCompare(b.name));
}

/** Circles (each once per key) as counts per period and neighbourhood; nothing of a circle but the count. */
function countCircles(rows: StrainRow[], key: (r: StrainRow) => string, period: (r: StrainRow) => number): Cell[] {
  const seen = new Set<string>();
  const counts = new Map<string, Cell>();
  for (const r of rows) {
    if (seen.has(key(r))) continue;
    seen.add(key(r));
    const p = period(r);
    const cell = counts.get(`${p}|${r.n}`) ?? { p, n: r.n, c: "circles", v: 0 };
    cell.v += 1;
    counts.set(`${p}|${r.n}`, cell);
  }
  return [...counts.values()];
}

type StrainRow = { p: number; n: number; circle: number };

/**
 * Circles under strain per period (app/domain/circles/strain.ts): in a period, a circle is under
 * strain when at least `unfilledInPeriodMinimum` of its occurrences that started in it (and before
 * now) still had a place open, or when its lead took at least `leadShare` of the places taken
 * then, and at least `leadMinimumClaims` of them. Periods come from reportPeriods (local calendar
 * periods, DST-safe); the circle counts in its own neighbourhood.
 */
async function circleStrain(
  db: Queryable,
  withPeriods: SQL,
  periodOf: (column: SQL) => SQL,
  inArea: (column: SQL) => SQL,
  range: { rangeStart: number; rangeEnd: number; now: number },
): Promise<StrainRow[]> {
  const t = STRAIN_THRESHOLDS;
  const rows = await db.all<StrainRow>(sql`${withPeriods}, occ AS (
      SELECT o.circle_id AS circle, cc.neighbourhood_id AS n, ${periodOf(sql`o.starts_at`)} AS p, o.places AS places,
        (SELECT count(*) FROM circle_task_claim k WHERE k.occurrence_id = o.id AND k.released_at IS NULL) AS taken,
        (SELECT count(*) FROM circle_task_claim k
          JOIN circle_member m ON m.circle_id = o.circle_id AND m.user_id = k.user_id AND m.role = 'lead' AND m.left_at IS NULL
          WHERE k.occurrence_id = o.id AND k.released_at IS NULL) AS byLead
      FROM circle_task_occurrence o
      JOIN care_circle cc ON cc.id = o.circle_id
      WHERE o.status = 'scheduled' AND o.starts_at >= ${range.rangeStart} AND o.starts_at < ${range.rangeEnd}
        AND o.starts_at < ${range.now} AND ${inArea(sql`cc.neighbourhood_id`)})
    SELECT p, n, circle FROM occ
    GROUP BY p, circle
    HAVING sum(taken < places) >= ${t.unfilledInPeriodMinimum}
      OR (sum(byLead) >= ${t.leadMinimumClaims} AND sum(byLead) >= ${t.leadShare} * sum(taken))`);
  return rows.map((r) => ({ p: Number(r.p), n: Number(r.n), circle: Number(r.circle) }));
}

export async function computeIndicators(db: Queryable, q: IndicatorQuery): Promise<IndicatorReport> {
  return discloseIndicators(await computeRawIndicators(db, q));
}
