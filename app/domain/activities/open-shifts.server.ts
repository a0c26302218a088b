import { and, eq, gt, inArray, ne, sql, type SQL } from "drizzle-orm";
import {
  activity,
  activitySession,
  neighbourhood,
  neighbourhoodAdjacency,
  organisation,
  shift,
  signup,
  skill,
  volunteerAvailability,
  volunteerProfile,
  volunteerSkill,
  volunteerUnavailableDate,
} from "#db/schema";
import type { Ctx } from "../context.server";
import { requireActor } from "../permissions";
import { createAvailabilityChecker, overlaps, type Interval } from "../scheduling/availability";
import { localDateOf } from "../scheduling/local-time";
import { selectSignupPlaces, signupEndsAt, signupStartsAt } from "./signup-places.server";
import { shiftRequirementFailures } from "./signups.server";
import { formatTimeRange } from "../time";

// "Open shifts that fit me": future shifts with open places whose requirements the volunteer
// meets, within their travel range, not overlapping what they already committed to, and inside
// their weekly availability (in their own zone) outside their exceptions and pause.

export const OPEN_SHIFTS_PAGE_SIZE = 20;
/** Candidates are read in batches in start order; the availability test runs on each batch. */
const BATCH = 100;
/** At most this many candidates per request, so a volunteer with narrow availability stays fast. */
const SCAN_LIMIT = 1_000;
const CURSOR = /^(\d{1,15})\.(\d{1,12})$/;

export function parseShiftCursor(value: string | null | undefined): { at: number; id: number } | null | "invalid" {
  if (!value) return null;
  const m = CURSOR.exec(value);
  return m ? { at: Number(m[1]), id: Number(m[2]) } : "invalid";
}

interface CandidateRow {
  id: number;
  role: string;
  needed: number;
  starts_at: number;
  ends_at: number;
  requires_vog: number;
  required_skill_id: number | null;
  session_id: number;
  activity_id: number;
  title: string;
  address: string;
  time_zone: string;
  neighbourhood_name: string;
  confirmed: number;
}

/** The neighbourhoods a volunteer will travel to: their own, plus neighbours, or the whole municipality. */
async function neighbourhoodsInRange(ctx: Ctx, own: number, range: "own" | "adjacent" | "municipality"): Promise<number[]> {
  const db = ctx.database.db;
  if (range === "own") return [own];
  if (range === "adjacent") {
    const rows = await db
      .select({ id: neighbourhoodAdjacency.adjacentId })
      .from(neighbourhoodAdjacency)
      .where(eq(neighbourhoodAdjacency.neighbourhoodId, own));
    return [own, ...rows.map((r) => r.id)];
  }
  const rows = await db
    .select({ id: neighbourhood.id })
    .from(neighbourhood)
    .where(
      eq(
        neighbourhood.municipalityId,
        sql`(SELECT ${neighbourhood.municipalityId} FROM ${neighbourhood} WHERE ${neighbourhood.id} = ${own})`,
      ),
    );
  return rows.map((r) => r.id);
}

/** The volunteer's active commitments that have not ended yet (sign-ups as participant or for a shift). */
async function commitments(ctx: Ctx, userId: number, now: number): Promise<Interval[]> {
  const rows = await selectSignupPlaces(ctx.database.db, { startsAt: signupStartsAt, endsAt: signupEndsAt }).where(
    and(eq(signup.userId, userId), ne(signup.status, "cancelled"), eq(activitySession.status, "scheduled"), gt(signupEndsAt, now)),
  );
  return rows.map((r) => ({ startsAt: Number(r.startsAt), endsAt: Number(r.endsAt) }));
}

/**
 * A page of open shifts that fit the signed-in volunteer, in start order. SQL narrows by time,
 * place, open places and the requirement columns; the exact requirement dates, the clash test and
 * the availability test (time zones, daylight saving) run here on each batch. `next` continues
 * after the last shift looked at; `exhausted` says there is nothing more to look at.
 */
export async function listOpenShiftsForMe({ ctx, input }: { ctx: Ctx; input: { after?: { at: number; id: number } | null } }) {
  const actor = requireActor(ctx.actor);
  const db = ctx.database.db;
  const now = ctx.now();
  const profile = await db.query.volunteerProfile.findFirst({ where: eq(volunteerProfile.userId, actor.userId) });
  if (!profile) return { profile: null, items: [], next: null };

  const [skills, weekly, unavailable, inRange, busy] = await Promise.all([
    db.select({ id: volunteerSkill.skillId }).from(volunteerSkill).where(eq(volunteerSkill.userId, actor.userId)),
    db
      .select({
        weekday: volunteerAvailability.weekday,
        startTime: volunteerAvailability.startTime,
        endTime: volunteerAvailability.endTime,
      })
      .from(volunteerAvailability)
      .where(eq(volunteerAvailability.userId, actor.userId)),
    db
      .select({ date: volunteerUnavailableDate.date })
      .from(volunteerUnavailableDate)
      .where(eq(volunteerUnavailableDate.userId, actor.userId)),
    neighbourhoodsInRange(ctx, actor.neighbourhoodId, profile.travelRange),
    commitments(ctx, actor.userId, now),
  ]);
  const skillIds = skills.map((s) => s.id);
  const volunteer = { ...profile, skillIds };
  const fits = createAvailabilityChecker({
    timeZone: actor.timeZone,
    weekly,
    unavailableDates: unavailable.map((u) => u.date),
    pausedUntil: profile.pausedUntil,
  });

  const conditions: SQL[] = [
    sql`sh.starts_at > ${now}`,
    sql`s.status = 'scheduled'`,
    sql`o.status = 'approved' AND o.archived_at IS NULL`,
    sql`a.neighbourhood_id IN (${sql.join(
      inRange.map((id) => sql`${id}`),
      sql`, `,
    )})`,
    sql`sh.needed > ${confirmedFor(sql`sh.session_id`, sql`sh.id`)}`,
  ];
  // Coarse requirement filters in SQL; the exact dates are checked below.
  if (profile.vogStatus !== "valid") conditions.push(sql`sh.requires_vog = 0`);
  conditions.push(
    skillIds.length
      ? sql`(sh.required_skill_id IS NULL OR sh.required_skill_id IN (${sql.join(
          skillIds.map((id) => sql`${id}`),
          sql`, `,
        )}))`
      : sql`sh.required_skill_id IS NULL`,
  );

  const items: Array<ReturnType<typeof toItem>> = [];
  let cursor = input.after ?? null;
  let scanned = 0;
  let exhausted = false;
  while (items.length < OPEN_SHIFTS_PAGE_SIZE && scanned < SCAN_LIMIT) {
    const batch = await db.all<CandidateRow>(sql`
      SELECT sh.id, sh.role, sh.needed, sh.starts_at, sh.ends_at, sh.requires_vog, sh.required_skill_id,
        s.id AS session_id, a.id AS activity_id, a.title, a.address, a.time_zone, n.name AS neighbourhood_name,
        ${confirmedFor(sql`sh.session_id`, sql`sh.id`)} AS confirmed
      FROM ${shift} AS sh
      CROSS JOIN ${activitySession} AS s ON s.id = sh.session_id
      CROSS JOIN ${activity} AS a ON a.id = s.activity_id
      CROSS JOIN ${organisation} AS o ON o.id = a.organisation_id
      CROSS JOIN ${neighbourhood} AS n ON n.id = a.neighbourhood_id
      WHERE ${sql.join(conditions, sql` AND `)}
        ${cursor ? sql`AND (sh.starts_at, sh.id) > (${cursor.at}, ${cursor.id})` : sql``}
      ORDER BY sh.starts_at, sh.id
      LIMIT ${BATCH}`);
    for (const row of batch) {
      scanned++;
      cursor = { at: row.starts_at, id: row.id };
      const interval = { startsAt: row.starts_at, endsAt: row.ends_at };
      const failures = shiftRequirementFailures(
        { requiresVog: !!row.requires_vog, requiredSkillId: row.required_skill_id },
        volunteer,
        localDateOf(row.starts_at, row.time_zone),
      );
      if (failures.length > 0 || busy.some((c) => overlaps(c, interval)) || !fits(interval)) continue;
      items.push(toItem(row));
      if (items.length === OPEN_SHIFTS_PAGE_SIZE) break;
    }
    const last = batch[batch.length - 1];
    if (batch.length < BATCH && (!last || (cursor?.id === last.id && cursor.at === last.starts_at))) {
      exhausted = true;
      break;
    }
  }
  const skillNames = await namesOfSkills(
    ctx,
    items.flatMap((i) => (i.requiredSkillId === null ? [] : [i.requiredSkillId])),
  );
  return {
    profile: { travelRange: profile.travelRange, hasWeeklyAvailability: weekly.length > 0 },
    items: items.map((i) => ({
      ...i,
      when: formatTimeRange(i.startsAt, i.endsAt, actor.timeZone, ctx.locale),
      skill: i.requiredSkillId === null ? null : (skillNames.get(i.requiredSkillId) ?? null),
    })),
    next: exhausted || !cursor ? null : `${cursor.at}.${cursor.id}`,
  };
}

const confirmedFor = (sessionId: SQL, shiftId: SQL) =>
  sql`(SELECT count(*) FROM ${signup} AS c WHERE c.session_id = ${sessionId} AND c.shift_id = ${shiftId} AND c.status = 'confirmed')`;

function toItem(row: CandidateRow) {
  return {
    shiftId: row.id,
    sessionId: row.session_id,
    activityId: row.activity_id,
    title: row.title,
    role: row.role,
    address: row.address,
    neighbourhood: row.neighbourhood_name,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    openPlaces: row.needed - Number(row.confirmed),
    needed: row.needed,
    requiresVog: !!row.requires_vog,
    requiredSkillId: row.required_skill_id,
  };
}

async function namesOfSkills(ctx: Ctx, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.database.db
    .select()
    .from(skill)
    .where(inArray(skill.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, ctx.locale === "en" ? r.nameEn : r.nameNl]));
}
