import { eq, sql, type SQL } from "drizzle-orm";
import type { HelpInviteStatus, HelpRequestKind, TravelRange, VogStatus } from "~/domain/vocabulary";
import { helpRequest } from "#db/schema";
import type { Ctx } from "../../context.server";
import { NotFound } from "../../errors";
import { can, ensureFound, requireActor } from "../../permissions";
import type { Interval } from "../../scheduling/availability";
import { addDays, localDateOf } from "../../scheduling/local-time";
import { isKnownZone, zoneFacts, type ZoneFacts } from "./prefilter";
import {
  byRank,
  createScorer,
  DAY,
  excludedBy,
  fitsKind,
  maxHoursValues,
  wantedTime,
  type HardRule,
  type MatchRequest,
  type Reason,
  type ScoreResult,
} from "./score";

// Ranks the volunteers for one request in two queries (decision 041). The first reads the request,
// its windows and invites, the skill list and the time zones in use. The second applies
// the hard rules in SQL, in the scorer's order, to every candidate of the municipality: VOG, travel
// range, pause, max hours and — from the weekly slots against the wanted windows in the volunteer's
// own zone (prefilter.ts) — no availability at all. For the ~85% a rule excludes it returns only the
// rule (with the values shown next to it); for the others it returns all their facts, and the scorer
// (score.ts) checks and scores those as before. Where SQL cannot be sure (a zone it was not given,
// no weekly slots, a slot that may give time), the scorer decides. The result equals scoring every
// candidate in memory (tests/support/matching-reference.ts). Returns the SQL and scoring time
// separately for the benchmark.

export interface RankedVolunteer {
  userId: number;
  name: string;
  neighbourhood: string;
  score: number;
  reasons: Reason[];
  invite: HelpInviteStatus | null;
}

export interface ExcludedVolunteer {
  userId: number;
  name: string;
  rule: string;
  key: string;
  values?: Record<string, string | number>;
  invite: HelpInviteStatus | null;
}

export interface Ranking {
  requestId: number;
  ranked: RankedVolunteer[];
  excluded: ExcludedVolunteer[];
  timings: { sqlMs: number; scoringMs: number; totalMs: number; queries: number };
}

/** The ranking verb: only a coordinator of the request's neighbourhood (or an admin) may see it. */
export async function rankVolunteersForRequest({ ctx, input }: { ctx: Ctx; input: { requestId: number } }): Promise<Ranking> {
  const actor = requireActor(ctx.actor);
  const request = await ctx.database.db.query.helpRequest.findFirst({
    where: eq(helpRequest.id, input.requestId),
    columns: { neighbourhoodId: true },
  });
  if (!request) throw new NotFound();
  ensureFound(can.coordinateNeighbourhood(actor, request.neighbourhoodId));
  return rankForRequest(ctx, input.requestId);
}

/** The request and what the second query needs from it, as one JSON row. */
type Head = [
  kind: HelpRequestKind,
  neighbourhoodId: number,
  municipalityId: number,
  requiresVog: number,
  language: string | null,
  requiredSkillId: number | null,
  requesterId: number | null,
  careRecipientId: number | null,
  windows: [number, number][],
  invites: [number, HelpInviteStatus][],
  adjacent: number[],
  skills: [number, string][],
  neighbourhoods: [number, string][],
  zones: string[],
];

/** A candidate a hard rule excluded in SQL: id, name, rule and the values shown with it. */
type Excluded = [id: number, name: string, rule: HardRule, a?: string | number, b?: number];
/** A candidate for the scorer: everything it needs. */
type Candidate = [
  id: number,
  name: string,
  rule: null,
  neighbourhoodId: number,
  timeZone: string,
  languages: string,
  tags: string,
  travelRange: TravelRange,
  vogStatus: VogStatus,
  vogValidUntil: string | null,
  pausedUntil: string | null,
  maxHoursPerMonth: number | null,
  skillIds: string | null,
  slots: string | null,
  unavailableDates: string[],
  commitments: string,
  minutes: number,
  activeMatches: number,
  helpedHousehold: number,
];

/** Per (zone, windows): pure, so kept across requests (bounded). */
const zoneFactsMemo = new Map<string, ZoneFacts>();
function zoneFactsFor(windows: readonly Interval[], zone: string): ZoneFacts {
  const key = `${zone} ${windows.map((w) => `${w.startsAt}-${w.endsAt}`).join(",")}`;
  let found = zoneFactsMemo.get(key);
  if (!found) {
    if (zoneFactsMemo.size >= 500) zoneFactsMemo.clear();
    found = zoneFacts(windows, zone);
    zoneFactsMemo.set(key, found);
  }
  return found;
}

/** Minutes worked in [since, now): confirmed shift sign-ups and confirmed help sessions. */
function minutesWorked(userId: SQL, since: number, now: number): SQL {
  return sql`(coalesce((SELECT sum(coalesce(sg.minutes, CASE WHEN sg.attendance = 'present' THEN (coalesce(sh.ends_at, s.ends_at) - coalesce(sh.starts_at, s.starts_at)) / 60000 END, 0))
      FROM signup sg CROSS JOIN activity_session s ON s.id = sg.session_id LEFT JOIN shift sh ON sh.id = sg.shift_id
      WHERE sg.user_id = ${userId} AND sg.status = 'confirmed' AND sg.shift_id IS NOT NULL AND s.starts_at >= ${since} AND s.starts_at < ${now}), 0)
    + coalesce((SELECT sum(coalesce(hs.minutes, 0)) FROM help_request h CROSS JOIN help_session hs ON hs.request_id = h.id
      WHERE h.matched_volunteer_id = ${userId} AND hs.confirmed_at IS NOT NULL AND hs.starts_at >= ${since} AND hs.starts_at < ${now}), 0))`;
}

/** The ranking without a permission check, for verbs that checked already (and the maintenance tick). */
export async function rankForRequest(ctx: Ctx, requestId: number): Promise<Ranking> {
  const db = ctx.database.db;
  const t0 = performance.now();
  const [headRow] = await db.all<{ j: string }>(sql`
    SELECT json_array(r.kind, r.neighbourhood_id, n.municipality_id, r.requires_vog, r.language, r.required_skill_id, r.requester_id, r.care_recipient_id,
      json((SELECT json_group_array(json_array(w.starts_at, w.ends_at)) FROM help_request_window w WHERE w.request_id = r.id)),
      json((SELECT json_group_array(json_array(i.volunteer_id, i.status)) FROM help_invite i WHERE i.request_id = r.id)),
      json((SELECT json_group_array(a.adjacent_id) FROM neighbourhood_adjacency a WHERE a.neighbourhood_id = r.neighbourhood_id)),
      json((SELECT json_group_array(json_array(s.id, s.slug)) FROM skill s)),
      json((SELECT json_group_array(json_array(x.id, x.name)) FROM neighbourhood x WHERE x.municipality_id = n.municipality_id)),
      -- every zone in use (a scan of the user table is cheaper than narrowing it to the town)
      json((SELECT json_group_array(DISTINCT u.time_zone) FROM user u))) AS j
    FROM help_request r CROSS JOIN neighbourhood n ON n.id = r.neighbourhood_id
    WHERE r.id = ${requestId}`);
  if (!headRow) throw new NotFound();
  const [
    kind,
    neighbourhoodId,
    municipalityId,
    requiresVog,
    language,
    requiredSkillId,
    requesterId,
    careRecipientId,
    windowPairs,
    invites,
    adjacent,
    skills,
    neighbourhoods,
    zones,
  ] = JSON.parse(headRow.j) as Head;
  // Sorted here: ORDER BY inside an aggregate needs SQLite 3.44, which the libSQL server lacks.
  const windows = windowPairs.map(([startsAt, endsAt]) => ({ startsAt, endsAt })).sort((a, b) => a.startsAt - b.startsAt);

  const now = ctx.now();
  const since = now - 30 * DAY;
  const spanStart = windows[0]?.startsAt ?? now;
  const spanEnd = windows.reduce((max, w) => Math.max(max, w.endsAt), spanStart);
  // Unavailable dates are local to each volunteer's zone: a day's margin covers every zone offset.
  const fromDate = addDays(localDateOf(spanStart, "UTC"), -1);
  const toDate = addDays(localDateOf(spanEnd, "UTC"), 1);
  const { wantedMs, firstMonthHours } = wantedTime(windows);
  // Per zone: the last wanted day (VOG and pause rules) and the weekday/time bounds of the wanted windows.
  const lastDays: SQL[] = [];
  const wanted: [string, number, string, string][] = [];
  for (const zone of zones) {
    if (!isKnownZone(zone)) continue; // the scorer decides for these volunteers
    const facts = zoneFactsFor(windows, zone);
    lastDays.push(sql`WHEN ${zone} THEN ${facts.last}`);
    const seen = new Set<string>();
    for (const day of facts.days) {
      const key = `${day.weekday} ${day.from} ${day.until}`;
      if (!seen.has(key)) wanted.push([zone, day.weekday, day.from, day.until]);
      seen.add(key);
    }
  }
  // The candidate's last wanted day in their zone, NULL for a zone not given.
  const last = lastDays.length ? sql`(CASE u.time_zone ${sql.join(lastDays, sql` `)} END)` : sql`NULL`;
  const householdMatch =
    careRecipientId !== null
      ? sql`(h.care_recipient_id = ${careRecipientId} OR h.requester_id = ${requesterId ?? -1})`
      : sql`h.requester_id = ${requesterId ?? -1}`;

  // Everything the scorer needs for a candidate no rule excluded in SQL.
  const facts = sql`json_array(vp.user_id, u.name, NULL, u.neighbourhood_id, u.time_zone, vp.languages, vp.tags, vp.travel_range, vp.vog_status, vp.vog_valid_until, vp.paused_until, vp.max_hours_per_month,
    (SELECT group_concat(s.skill_id) FROM volunteer_skill s WHERE s.user_id = vp.user_id),
    (SELECT group_concat(a.weekday || ' ' || a.start_time || ' ' || a.end_time) FROM volunteer_availability a WHERE a.user_id = vp.user_id),
    json((SELECT json_group_array(d.date) FROM volunteer_unavailable_date d WHERE d.user_id = vp.user_id AND d.date BETWEEN ${fromDate} AND ${toDate})),
    concat_ws(',',
      (SELECT group_concat(coalesce(sh.starts_at, s.starts_at) || ' ' || coalesce(sh.ends_at, s.ends_at))
        FROM signup sg CROSS JOIN activity_session s ON s.id = sg.session_id LEFT JOIN shift sh ON sh.id = sg.shift_id
        WHERE sg.user_id = vp.user_id AND sg.status <> 'cancelled' AND s.status = 'scheduled' AND s.starts_at < ${spanEnd} AND s.starts_at > ${spanStart - DAY}),
      (SELECT group_concat(hs.starts_at || ' ' || hs.ends_at) FROM help_request h CROSS JOIN help_session hs ON hs.request_id = h.id
        WHERE h.matched_volunteer_id = vp.user_id AND h.status = 'matched' AND hs.status = 'scheduled' AND hs.starts_at < ${spanEnd} AND hs.ends_at > ${spanStart})),
    ${minutesWorked(sql`vp.user_id`, since, now)},
    (SELECT count(*) FROM help_request h WHERE h.matched_volunteer_id = vp.user_id AND (h.status = 'matched' OR h.matched_at >= ${since})),
    EXISTS (SELECT 1 FROM help_request h WHERE h.matched_volunteer_id = vp.user_id AND h.id <> ${requestId} AND ${householdMatch}))`;
  // One row: every candidate (put in user id order below, the order the excluded list is shown in), as either
  // [id, name, rule, values…] when a hard rule excludes them for certain, or [id, name, null, facts…].
  // The CASE checks the rules in the scorer's order. The zone-dependent rules (VOG, pause, the
  // weekly slots) need the zone's last wanted day `last`; without it (a zone not given) they and
  // every rule after them are left to the scorer. So are volunteers without weekly slots (every time
  // of day fits) and those with a slot that may overlap a window (prefilter.ts).
  const [rows] = await db.all<{ j: string }>(sql`
    WITH wanted(zone, weekday, t_from, t_until) AS MATERIALIZED (
      SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(${JSON.stringify(wanted)}))
    SELECT json_group_array(CASE
      WHEN ${requiresVog} = 1 AND ${last} IS NOT NULL
        AND NOT (vp.vog_status = 'valid' AND vp.vog_valid_until IS NOT NULL AND vp.vog_valid_until >= ${last})
        THEN json_array(vp.user_id, u.name, 'vog')
      WHEN (${requiresVog} = 0 OR ${last} IS NOT NULL) AND NOT CASE vp.travel_range
          WHEN 'own' THEN u.neighbourhood_id = ${neighbourhoodId}
          WHEN 'adjacent' THEN u.neighbourhood_id = ${neighbourhoodId}
            OR u.neighbourhood_id IN (SELECT adjacent_id FROM neighbourhood_adjacency WHERE neighbourhood_id = ${neighbourhoodId})
          ELSE 1 END
        THEN json_array(vp.user_id, u.name, 'out-of-range', vp.travel_range)
      WHEN ${last} IS NOT NULL AND vp.paused_until IS NOT NULL AND vp.paused_until <> '' AND vp.paused_until >= ${last}
        THEN json_array(vp.user_id, u.name, 'paused', vp.paused_until)
      WHEN ${last} IS NOT NULL AND vp.max_hours_per_month IS NOT NULL
        AND ${minutesWorked(sql`vp.user_id`, since, now)} / 60.0 + ${firstMonthHours} > vp.max_hours_per_month
        THEN json_array(vp.user_id, u.name, 'max-hours', ${minutesWorked(sql`vp.user_id`, since, now)}, vp.max_hours_per_month)
      WHEN ${last} IS NOT NULL AND (${wantedMs > 0 ? 0 : 1} = 1
          OR NOT EXISTS (SELECT 1 FROM volunteer_availability a CROSS JOIN wanted w
              ON w.zone = u.time_zone AND w.weekday = a.weekday AND a.start_time < w.t_until AND a.end_time > w.t_from
              WHERE a.user_id = vp.user_id)
            AND EXISTS (SELECT 1 FROM volunteer_availability a WHERE a.user_id = vp.user_id))
        THEN json_array(vp.user_id, u.name, 'no-availability')
      ELSE ${facts} END) AS j
    FROM volunteer_profile vp
    CROSS JOIN user u ON u.id = vp.user_id
    WHERE u.neighbourhood_id IN (SELECT id FROM neighbourhood WHERE municipality_id = ${municipalityId}) AND u.id IS NOT ${requesterId}`);
  // Decoding the aggregated row is part of loading, not of scoring.
  // In user id order, sorted here rather than in the aggregate (ORDER BY there needs SQLite 3.44).
  const candidates = (JSON.parse(rows?.j ?? "[]") as (Excluded | Candidate)[]).sort((a, b) => a[0] - b[0]);
  const t1 = performance.now();

  const matchRequest: MatchRequest = {
    kind,
    windows,
    neighbourhoodId,
    municipalityId,
    adjacentNeighbourhoodIds: new Set(adjacent),
    requiresVog: requiresVog === 1,
    language,
    requiredSkillId,
    kindSkillIds: new Set(skills.filter(([, slug]) => fitsKind(kind, slug)).map(([id]) => id)),
  };
  const score = createScorer(matchRequest);
  const inviteBy = new Map(invites);
  const neighbourhoodNames = new Map(neighbourhoods);
  const fitting: { result: Extract<ScoreResult, { fits: true }>; name: string; neighbourhood: string }[] = [];
  const excluded: ExcludedVolunteer[] = [];
  const exclude = (name: string, r: Extract<ScoreResult, { fits: false }>) =>
    excluded.push({ userId: r.userId, name, rule: r.rule, key: r.key, values: r.values, invite: inviteBy.get(r.userId) ?? null });
  for (const row of candidates) {
    if (row[2] !== null) {
      exclude(row[1], excludedBy(row[0], row[2], sqlExclusionValues(row, firstMonthHours)));
      continue;
    }
    const [userId, name, , nb, timeZone, languages, tags, travelRange, vogStatus, vogValidUntil, pausedUntil, maxHours] = row;
    const result = score({
      userId,
      neighbourhoodId: nb,
      municipalityId,
      travelRange,
      skillIds: row[12] ? row[12].split(",").map(Number) : [],
      tags: parseList(tags),
      languages: parseList(languages),
      availability: { timeZone, weekly: parseSlots(row[13]), unavailableDates: row[14], pausedUntil },
      commitments: parseIntervals(row[15]),
      vogStatus,
      vogValidUntil,
      hoursLast30Days: row[16] / 60,
      activeMatchesLast30Days: row[17],
      maxHoursPerMonth: maxHours,
      helpedHouseholdBefore: row[18] === 1,
    });
    if (result.fits) fitting.push({ result, name, neighbourhood: neighbourhoodNames.get(nb) ?? "" });
    else exclude(name, result);
  }
  fitting.sort((a, b) => byRank(a.result, b.result));
  const ranked = fitting.map(({ result: r, name, neighbourhood }) => ({
    userId: r.userId,
    name,
    neighbourhood,
    score: r.score,
    reasons: r.reasons,
    invite: inviteBy.get(r.userId) ?? null,
  }));
  const t2 = performance.now();
  return { requestId, ranked, excluded, timings: { sqlMs: t1 - t0, scoringMs: t2 - t1, totalMs: t2 - t0, queries: 2 } };
}

/** The values shown with a rule SQL applied, as the scorer would give them. */
function sqlExclusionValues(row: Excluded, firstMonthHours: number): Record<string, string | number> | undefined {
  switch (row[2]) {
    case "out-of-range":
      return { range: row[3]! };
    case "paused":
      return { until: row[3]! };
    case "max-hours":
      return maxHoursValues(Number(row[3]) / 60, row[4]!, firstMonthHours);
    default:
      return undefined;
  }
}

/** "2 13:00 18:00,4 09:00 12:00" (weekday, start, end). */
function parseSlots(text: string | null) {
  if (!text) return [];
  return text.split(",").map((slot) => {
    const [weekday, startTime, endTime] = slot.split(" ") as [string, string, string];
    return { weekday: Number(weekday), startTime, endTime };
  });
}

/** "start end,start end" as instants. */
function parseIntervals(text: string): Interval[] {
  if (!text) return [];
  return text.split(",").map((pair) => {
    const space = pair.indexOf(" ");
    return { startsAt: Number(pair.slice(0, space)), endsAt: Number(pair.slice(space + 1)) };
  });
}

function parseList(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}
