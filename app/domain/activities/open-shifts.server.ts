import { sql, type SQL } from "drizzle-orm";
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
import type { TravelRange } from "~/domain/vocabulary";
import type { Ctx } from "../context.server";
import { requireActor, type Actor } from "../permissions";
import { createAvailabilityChecker, overlaps, type Interval, type WeeklySlot } from "../scheduling/availability";
import { localDateOf } from "../scheduling/local-time";
import { shiftRequirementFailures } from "./signups.server";
import { formatTimeRange } from "../time";

// "Open shifts that fit me": future shifts with open places whose requirements the volunteer
// meets, within their travel range, not overlapping what they already committed to, and inside
// their weekly availability (in their own zone) outside their exceptions and pause.
//
// Personal, so nothing here is cached (decision 046). A page is two statements: what the page
// needs to know about the volunteer, then the candidate shifts (with their skill's name) in
// batches that grow, so a volunteer whom most shifts fit reads one small batch.

export const OPEN_SHIFTS_PAGE_SIZE = 20;
/**
 * Candidates are read in batches in start order; the availability test runs on each batch. The
 * first batch is twice a page (most shifts fit a volunteer with wide availability); each next one
 * is four times the last, so a narrow volunteer reaches the scan limit in a few statements.
 */
const FIRST_BATCH = 2 * OPEN_SHIFTS_PAGE_SIZE;
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
  skill_name: string | null;
}

interface VolunteerFactsRow {
  travel_range: TravelRange;
  vog_status: string;
  vog_valid_until: string | null;
  paused_until: string | null;
  skill_ids: string;
  weekly: string;
  unavailable: string;
  in_range: string;
  busy: string;
}

/**
 * One statement for everything the list needs to know about the volunteer, or null without a
 * volunteer profile: the profile's requirement columns; their skills, weekly slots and unavailable
 * dates; the neighbourhoods they travel to (their own, plus neighbours, or the whole municipality);
 * and their active commitments that have not ended yet (sign-ups as participant or for a shift).
 */
async function volunteerFacts(ctx: Ctx, actor: Actor, now: number) {
  const own = actor.neighbourhoodId;
  const [row] = await ctx.database.db.all<VolunteerFactsRow>(sql`
    SELECT p.travel_range, p.vog_status, p.vog_valid_until, p.paused_until,
      (SELECT json_group_array(vs.skill_id) FROM ${volunteerSkill} AS vs WHERE vs.user_id = p.user_id) AS skill_ids,
      (SELECT json_group_array(json_array(va.weekday, va.start_time, va.end_time))
        FROM ${volunteerAvailability} AS va WHERE va.user_id = p.user_id) AS weekly,
      (SELECT json_group_array(vu.date) FROM ${volunteerUnavailableDate} AS vu WHERE vu.user_id = p.user_id) AS unavailable,
      CASE p.travel_range
        WHEN 'own' THEN json_array(${own})
        WHEN 'adjacent' THEN (SELECT json_insert(json_group_array(na.adjacent_id), '$[#]', ${own})
          FROM ${neighbourhoodAdjacency} AS na WHERE na.neighbourhood_id = ${own})
        ELSE (SELECT json_group_array(n.id) FROM ${neighbourhood} AS n
          WHERE n.municipality_id = (SELECT own.municipality_id FROM ${neighbourhood} AS own WHERE own.id = ${own}))
      END AS in_range,
      (SELECT json_group_array(json_array(coalesce(bsh.starts_at, bs.starts_at), coalesce(bsh.ends_at, bs.ends_at)))
        FROM ${signup} AS b
        JOIN ${activitySession} AS bs ON bs.id = b.session_id
        JOIN ${activity} AS ba ON ba.id = bs.activity_id
        LEFT JOIN ${shift} AS bsh ON bsh.id = b.shift_id
        WHERE b.user_id = p.user_id AND b.status <> 'cancelled' AND bs.status = 'scheduled'
          AND coalesce(bsh.ends_at, bs.ends_at) > ${now}) AS busy
    FROM ${volunteerProfile} AS p
    WHERE p.user_id = ${actor.userId}`);
  if (!row) return null;
  const parse = <T>(json: string) => JSON.parse(json) as T;
  return {
    travelRange: row.travel_range,
    vogStatus: row.vog_status,
    vogValidUntil: row.vog_valid_until,
    pausedUntil: row.paused_until,
    skillIds: parse<number[]>(row.skill_ids),
    weekly: parse<[number, string, string][]>(row.weekly).map(([weekday, startTime, endTime]): WeeklySlot => ({
      weekday,
      startTime,
      endTime,
    })),
    unavailableDates: parse<string[]>(row.unavailable),
    inRange: parse<number[]>(row.in_range),
    busy: parse<[number, number][]>(row.busy).map(([startsAt, endsAt]): Interval => ({ startsAt, endsAt })),
  };
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
  const volunteer = await volunteerFacts(ctx, actor, now);
  if (!volunteer) return { profile: null, items: [], next: null };
  const { skillIds, inRange, busy } = volunteer;
  const fits = createAvailabilityChecker({
    timeZone: actor.timeZone,
    weekly: volunteer.weekly,
    unavailableDates: volunteer.unavailableDates,
    pausedUntil: volunteer.pausedUntil,
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
  if (volunteer.vogStatus !== "valid") conditions.push(sql`sh.requires_vog = 0`);
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
  let size = FIRST_BATCH;
  while (items.length < OPEN_SHIFTS_PAGE_SIZE && scanned < SCAN_LIMIT) {
    const limit = Math.min(size, SCAN_LIMIT - scanned);
    size *= 4;
    const batch = await db.all<CandidateRow>(sql`
      SELECT sh.id, sh.role, sh.needed, sh.starts_at, sh.ends_at, sh.requires_vog, sh.required_skill_id,
        s.id AS session_id, a.id AS activity_id, a.title, a.address, a.time_zone, n.name AS neighbourhood_name,
        ${confirmedFor(sql`sh.session_id`, sql`sh.id`)} AS confirmed,
        ${ctx.locale === "en" ? sql`k.name_en` : sql`k.name_nl`} AS skill_name
      FROM ${shift} AS sh
      CROSS JOIN ${activitySession} AS s ON s.id = sh.session_id
      CROSS JOIN ${activity} AS a ON a.id = s.activity_id
      CROSS JOIN ${organisation} AS o ON o.id = a.organisation_id
      CROSS JOIN ${neighbourhood} AS n ON n.id = a.neighbourhood_id
      LEFT JOIN ${skill} AS k ON k.id = sh.required_skill_id
      WHERE ${sql.join(conditions, sql` AND `)}
        ${cursor ? sql`AND (sh.starts_at, sh.id) > (${cursor.at}, ${cursor.id})` : sql``}
      ORDER BY sh.starts_at, sh.id
      LIMIT ${limit}`);
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
    if (batch.length < limit && (!last || (cursor?.id === last.id && cursor.at === last.starts_at))) {
      exhausted = true;
      break;
    }
  }
  return {
    profile: { travelRange: volunteer.travelRange, hasWeeklyAvailability: volunteer.weekly.length > 0 },
    items: items.map((i) => ({ ...i, when: formatTimeRange(i.startsAt, i.endsAt, actor.timeZone, ctx.locale) })),
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
    skill: row.required_skill_id === null ? null : row.skill_name,
  };
}
