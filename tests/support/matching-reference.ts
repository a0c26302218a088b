import { eq, sql } from "drizzle-orm";
import type { HelpInviteStatus, TravelRange, VogStatus } from "~/domain/vocabulary";
import { helpRequest, helpRequestWindow, neighbourhood } from "#db/schema";
import type { Ctx } from "~/domain/context.server";
import { NotFound } from "~/domain/errors";
import type { Ranking } from "~/domain/help/matching/rank.server";
import type { Interval, WeeklySlot } from "~/domain/scheduling/availability";
import { addDays, localDateOf } from "~/domain/scheduling/local-time";
import { DAY, fitsKind, rankCandidates, type CandidateFacts, type MatchRequest } from "~/domain/help/matching/score";

// The reference for the matching tests: the ranking as it was loaded before decision 041 — every
// candidate in the municipality with all their facts (one query per table), every hard rule checked
// in memory by the scorer. The production path (app/domain/help/matching/rank.server.ts) applies the
// hard rules in SQL first and must give exactly the same result.

interface CandidateRow {
  id: number;
  name: string;
  neighbourhood_id: number;
  neighbourhood_name: string;
  time_zone: string;
  languages: string;
  tags: string;
  travel_range: TravelRange;
  vog_status: VogStatus;
  vog_valid_until: string | null;
  paused_until: string | null;
  max_hours_per_month: number | null;
  skill_ids: number[];
  slots: WeeklySlot[];
}

type CandidateTuple = [
  number,
  string,
  number,
  string,
  string,
  string,
  string,
  TravelRange,
  VogStatus,
  string | null,
  string | null,
  number | null,
  string | null,
  string | null,
];

function parseCandidates(json: string): CandidateRow[] {
  return (JSON.parse(json) as CandidateTuple[]).map((t) => ({
    id: t[0],
    name: t[1],
    neighbourhood_id: t[2],
    neighbourhood_name: t[3],
    time_zone: t[4],
    languages: t[5],
    tags: t[6],
    travel_range: t[7],
    vog_status: t[8],
    vog_valid_until: t[9],
    paused_until: t[10],
    max_hours_per_month: t[11],
    skill_ids: t[12] ? t[12].split(",").map(Number) : [],
    slots: t[13]
      ? t[13].split(",").map((slot) => {
          const [weekday, startTime, endTime] = slot.split(" ") as [string, string, string];
          return { weekday: Number(weekday), startTime, endTime };
        })
      : [],
  }));
}

/** The ranking of every candidate, loaded and scored the straightforward way. */
export async function referenceRanking(ctx: Ctx, requestId: number): Promise<Omit<Ranking, "timings">> {
  const db = ctx.database.db;
  const [request] = await db
    .select({
      id: helpRequest.id,
      kind: helpRequest.kind,
      neighbourhoodId: helpRequest.neighbourhoodId,
      municipalityId: neighbourhood.municipalityId,
      requiresVog: helpRequest.requiresVog,
      language: helpRequest.language,
      requiredSkillId: helpRequest.requiredSkillId,
      requesterId: helpRequest.requesterId,
      careRecipientId: helpRequest.careRecipientId,
    })
    .from(helpRequest)
    .innerJoin(neighbourhood, eq(neighbourhood.id, helpRequest.neighbourhoodId))
    .where(eq(helpRequest.id, requestId));
  if (!request) throw new NotFound();
  const windows = await db
    .select({ startsAt: helpRequestWindow.startsAt, endsAt: helpRequestWindow.endsAt })
    .from(helpRequestWindow)
    .where(eq(helpRequestWindow.requestId, requestId))
    .orderBy(helpRequestWindow.startsAt);

  const now = ctx.now();
  const since = now - 30 * DAY;
  const spanStart = windows[0]?.startsAt ?? now;
  const spanEnd = windows.reduce((max, w) => Math.max(max, w.endsAt), spanStart);
  // Unavailable dates are local to each volunteer's zone: a day's margin covers every zone offset.
  const fromDate = addDays(localDateOf(spanStart, "UTC"), -1);
  const toDate = addDays(localDateOf(spanEnd, "UTC"), 1);
  const inTown = sql`IN (SELECT id FROM neighbourhood WHERE municipality_id = ${request.municipalityId})`;
  const householdMatch =
    request.careRecipientId !== null
      ? sql`(care_recipient_id = ${request.careRecipientId} OR requester_id = ${request.requesterId ?? -1})`
      : sql`requester_id = ${request.requesterId ?? -1}`;

  const [adjacency, skills, candidateJson, unavailable, signups, helpSessions, signupHours, helpHours, matches, household, invites] =
    await Promise.all([
      db.all<{ id: number }>(
        sql`SELECT adjacent_id AS id FROM neighbourhood_adjacency WHERE neighbourhood_id = ${request.neighbourhoodId}`,
      ),
      db.all<{ id: number; slug: string }>(sql`SELECT id, slug FROM skill`),
      // One row: every candidate with their skills and weekly slots, aggregated as JSON by SQLite.
      // Reading 10,000 rows (plus 50,000 skill and slot rows) through the driver costs ten times more.
      db.all<{ j: string | null }>(sql`
        SELECT json_group_array(json_array(u.id, u.name, u.neighbourhood_id, n.name, u.time_zone, vp.languages, vp.tags, vp.travel_range,
          vp.vog_status, vp.vog_valid_until, vp.paused_until, vp.max_hours_per_month,
          (SELECT group_concat(s.skill_id) FROM volunteer_skill s WHERE s.user_id = u.id),
          (SELECT group_concat(a.weekday || ' ' || a.start_time || ' ' || a.end_time) FROM volunteer_availability a WHERE a.user_id = u.id))) AS j
        FROM volunteer_profile vp
        CROSS JOIN user u ON u.id = vp.user_id
        CROSS JOIN neighbourhood n ON n.id = u.neighbourhood_id
        WHERE u.neighbourhood_id ${inTown} AND u.id IS NOT ${request.requesterId}`),
      db.all<{ user_id: number; date: string }>(sql`
        SELECT user_id, date FROM volunteer_unavailable_date WHERE date BETWEEN ${fromDate} AND ${toDate}`),
      db.all<{ user_id: number; starts_at: number; ends_at: number }>(sql`
        SELECT sg.user_id, coalesce(sh.starts_at, s.starts_at) AS starts_at, coalesce(sh.ends_at, s.ends_at) AS ends_at
        FROM activity_session s
        CROSS JOIN signup sg ON sg.session_id = s.id
        LEFT JOIN shift sh ON sh.id = sg.shift_id
        WHERE s.starts_at < ${spanEnd} AND s.starts_at > ${spanStart - DAY} AND s.status = 'scheduled' AND sg.status <> 'cancelled'`),
      db.all<{ user_id: number; starts_at: number; ends_at: number }>(sql`
        SELECT r.matched_volunteer_id AS user_id, hs.starts_at, hs.ends_at
        FROM help_session hs CROSS JOIN help_request r ON r.id = hs.request_id
        WHERE hs.status = 'scheduled' AND r.status = 'matched' AND r.matched_volunteer_id IS NOT NULL
          AND hs.starts_at < ${spanEnd} AND hs.ends_at > ${spanStart}`),
      db.all<{ user_id: number; minutes: number }>(sql`
        SELECT sg.user_id, sum(coalesce(sg.minutes, CASE WHEN sg.attendance = 'present' THEN (coalesce(sh.ends_at, s.ends_at) - coalesce(sh.starts_at, s.starts_at)) / 60000 END, 0)) AS minutes
        FROM activity_session s
        CROSS JOIN signup sg ON sg.session_id = s.id
        LEFT JOIN shift sh ON sh.id = sg.shift_id
        WHERE s.starts_at >= ${since} AND s.starts_at < ${now} AND sg.shift_id IS NOT NULL AND sg.status = 'confirmed'
        GROUP BY sg.user_id`),
      db.all<{ user_id: number; minutes: number }>(sql`
        SELECT r.matched_volunteer_id AS user_id, sum(coalesce(hs.minutes, 0)) AS minutes
        FROM help_session hs CROSS JOIN help_request r ON r.id = hs.request_id
        WHERE hs.confirmed_at IS NOT NULL AND hs.starts_at >= ${since} AND hs.starts_at < ${now} AND r.matched_volunteer_id IS NOT NULL
        GROUP BY r.matched_volunteer_id`),
      db.all<{ user_id: number; n: number }>(sql`
        SELECT matched_volunteer_id AS user_id, count(*) AS n FROM help_request
        WHERE matched_volunteer_id IS NOT NULL AND (status = 'matched' OR matched_at >= ${since})
        GROUP BY matched_volunteer_id`),
      db.all<{ user_id: number }>(sql`
        SELECT DISTINCT matched_volunteer_id AS user_id FROM help_request
        WHERE matched_volunteer_id IS NOT NULL AND id <> ${requestId} AND ${householdMatch}`),
      db.all<{ volunteer_id: number; status: HelpInviteStatus }>(
        sql`SELECT volunteer_id, status FROM help_invite WHERE request_id = ${requestId}`,
      ),
    ]);
  // Decoding the aggregated rows is part of loading, not of scoring.
  const candidates = parseCandidates(candidateJson[0]?.j ?? "[]");

  const group = <T extends { user_id: number }, V>(rows: T[], pick: (row: T) => V) => {
    const map = new Map<number, V[]>();
    for (const row of rows) {
      const list = map.get(row.user_id);
      if (list) list.push(pick(row));
      else map.set(row.user_id, [pick(row)]);
    }
    return map;
  };
  const unavailableBy = group(unavailable, (r) => r.date);
  const busyBy = group([...signups, ...helpSessions], (r): Interval => ({ startsAt: Number(r.starts_at), endsAt: Number(r.ends_at) }));
  const minutesBy = new Map<number, number>();
  for (const r of [...signupHours, ...helpHours]) minutesBy.set(r.user_id, (minutesBy.get(r.user_id) ?? 0) + Number(r.minutes));
  const matchesBy = new Map(matches.map((m) => [m.user_id, Number(m.n)]));
  const helpedBefore = new Set(household.map((h) => h.user_id));
  const inviteBy = new Map(invites.map((i) => [i.volunteer_id, i.status]));

  const matchRequest: MatchRequest = {
    kind: request.kind,
    windows,
    neighbourhoodId: request.neighbourhoodId,
    municipalityId: request.municipalityId,
    adjacentNeighbourhoodIds: new Set(adjacency.map((a) => a.id)),
    requiresVog: request.requiresVog,
    language: request.language,
    requiredSkillId: request.requiredSkillId,
    kindSkillIds: new Set(skills.filter((s) => fitsKind(request.kind, s.slug)).map((s) => s.id)),
  };
  const facts: CandidateFacts[] = candidates.map((c) => ({
    userId: c.id,
    neighbourhoodId: c.neighbourhood_id,
    municipalityId: request.municipalityId,
    travelRange: c.travel_range,
    skillIds: c.skill_ids,
    tags: parseList(c.tags),
    languages: parseList(c.languages),
    availability: { timeZone: c.time_zone, weekly: c.slots, unavailableDates: unavailableBy.get(c.id) ?? [], pausedUntil: c.paused_until },
    commitments: busyBy.get(c.id) ?? [],
    vogStatus: c.vog_status,
    vogValidUntil: c.vog_valid_until,
    hoursLast30Days: (minutesBy.get(c.id) ?? 0) / 60,
    activeMatchesLast30Days: matchesBy.get(c.id) ?? 0,
    maxHoursPerMonth: c.max_hours_per_month,
    helpedHouseholdBefore: helpedBefore.has(c.id),
  }));
  const result = rankCandidates(matchRequest, facts);
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const ranked = result.ranked.map((r) => ({
    userId: r.userId,
    name: byId.get(r.userId)!.name,
    neighbourhood: byId.get(r.userId)!.neighbourhood_name,
    score: r.score,
    reasons: r.reasons,
    invite: inviteBy.get(r.userId) ?? null,
  }));
  const excluded = result.excluded.map((r) => ({
    userId: r.userId,
    name: byId.get(r.userId)!.name,
    rule: r.rule,
    key: r.key,
    values: r.values,
    invite: inviteBy.get(r.userId) ?? null,
  }));
  return { requestId, ranked, excluded };
}

function parseList(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}
