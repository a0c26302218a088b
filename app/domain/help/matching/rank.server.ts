import { eq, sql, type SQL } from "drizzle-orm";
import type { HelpInviteStatus, HelpRequestKind, TravelRange, VogStatus } from "~/domain/vocabulary";
import { helpRequest } from "#db/schema";
import type { Ctx } from "../../context.server";
import { NotFound } from "../../errors";
import { can, ensureFound, requireActor } from "../../permissions";
import type { Interval, WeeklySlot } from "../../scheduling/availability";
import { addDays, localDateOf } from "../../scheduling/local-time";
import { isKnownZone, zoneFacts, type WantedDay, type ZoneFacts } from "./prefilter";
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

// Ranks the volunteers for one request in two queries (decisions 041 and 045). The first reads the
// request, its windows and invites, the skill list and the time zones in use. The second applies the
// hard rules in SQL, in the scorer's order, to every candidate of the municipality: VOG, travel
// range, pause and — from the slot half hours kept on each profile against the wanted windows in the
// volunteer's own zone (prefilter.ts) — no availability at all. For the ~85% a rule excludes it
// returns only the rule (with the values shown next to it); for the others their facts, which are
// columns of the profile kept by triggers (skill ids, weekly slots), so no query per candidate. The
// facts that depend on the clock (hours worked, matches, commitments, days off, the household) come
// in the same statement, read per time range for everyone at once. Max hours needs the hours, so
// it is checked here, before the "no availability" SQL gave. Where SQL cannot be sure (a zone it
// was not given, no weekly slots, a slot that may give time), the scorer (score.ts) decides. The
// result equals scoring every candidate in memory (tests/support/matching-reference.ts). Returns
// the SQL and scoring time separately for the benchmark.

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
type Excluded = [id: number, name: string, rule: Exclude<HardRule, "max-hours">, value?: string | number | null];
/** A candidate for the scorer: everything it needs. */
type Candidate = [
  id: number,
  name: string,
  rule: null,
  neighbourhoodId: number,
  timeZone: string,
  languages: string[],
  tags: string[],
  travelRange: TravelRange,
  vogStatus: VogStatus,
  vogValidUntil: string | null,
  pausedUntil: string | null,
  maxHoursPerMonth: number | null,
  skillIds: string | null,
  slots: string | null,
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

/**
 * The facts that depend on the clock and the request's time, for every volunteer at once: each is a
 * range over time (sessions, dates) read from an index, so its cost follows the sessions in that
 * range, not the number of candidates. Columns of the candidates statement, so no extra round trip.
 */
function timeFactsSql(p: {
  since: number;
  now: number;
  spanStart: number;
  spanEnd: number;
  fromDate: string;
  toDate: string;
  requestId: number;
  household: SQL;
}): SQL {
  return sql`
      -- minutes worked in [since, now): confirmed shift sign-ups, then confirmed help sessions
      (SELECT json_group_array(json_array(user_id, minutes)) FROM (
        SELECT sg.user_id, sum(coalesce(sg.minutes, CASE WHEN sg.attendance = 'present' THEN (coalesce(sh.ends_at, s.ends_at) - coalesce(sh.starts_at, s.starts_at)) / 60000 END, 0)) AS minutes
        FROM activity_session s CROSS JOIN signup sg ON sg.session_id = s.id LEFT JOIN shift sh ON sh.id = sg.shift_id
        WHERE s.starts_at >= ${p.since} AND s.starts_at < ${p.now} AND sg.status = 'confirmed' AND sg.shift_id IS NOT NULL
        GROUP BY sg.user_id
        UNION ALL
        SELECT h.matched_volunteer_id, sum(coalesce(hs.minutes, 0))
        FROM help_session hs CROSS JOIN help_request h ON h.id = hs.request_id
        WHERE hs.ends_at > ${p.since} AND hs.starts_at >= ${p.since} AND hs.starts_at < ${p.now} AND hs.confirmed_at IS NOT NULL AND h.matched_volunteer_id IS NOT NULL
        GROUP BY h.matched_volunteer_id)) AS worked,
      -- active matches, or matched in the last 30 days
      (SELECT json_group_array(json_array(matched_volunteer_id, n)) FROM (
        SELECT h.matched_volunteer_id, count(*) AS n FROM help_request h
        WHERE h.matched_volunteer_id IS NOT NULL AND (h.status = 'matched' OR h.matched_at >= ${p.since})
        GROUP BY h.matched_volunteer_id)) AS matches,
      -- what they promised already around the wanted time: shift sign-ups, then help sessions
      (SELECT json_group_array(json_array(user_id, starts_at, ends_at)) FROM (
        SELECT sg.user_id, coalesce(sh.starts_at, s.starts_at) AS starts_at, coalesce(sh.ends_at, s.ends_at) AS ends_at
        FROM activity_session s CROSS JOIN signup sg ON sg.session_id = s.id LEFT JOIN shift sh ON sh.id = sg.shift_id
        WHERE s.starts_at > ${p.spanStart - DAY} AND s.starts_at < ${p.spanEnd} AND s.status = 'scheduled' AND sg.status <> 'cancelled'
        UNION ALL
        SELECT h.matched_volunteer_id, hs.starts_at, hs.ends_at
        FROM help_session hs CROSS JOIN help_request h ON h.id = hs.request_id
        WHERE hs.ends_at > ${p.spanStart} AND hs.starts_at < ${p.spanEnd} AND hs.status = 'scheduled' AND h.status = 'matched' AND h.matched_volunteer_id IS NOT NULL)) AS commitments,
      -- their own days off (local dates; a day's margin covers every zone)
      (SELECT json_group_array(json_array(d.user_id, d.date)) FROM volunteer_unavailable_date d
        WHERE d.date BETWEEN ${p.fromDate} AND ${p.toDate}) AS days_off,
      -- who helped this household before
      (SELECT json_group_array(DISTINCT h.matched_volunteer_id) FROM help_request h
        WHERE h.matched_volunteer_id IS NOT NULL AND h.id <> ${p.requestId} AND ${p.household}) AS household`;
}

type TimeFactsRow = { worked: string; matches: string; commitments: string; days_off: string; household: string };

function readTimeFacts(row: TimeFactsRow | undefined) {
  const minutes = new Map<number, number>();
  for (const [id, m] of JSON.parse(row?.worked ?? "[]") as [number, number][]) minutes.set(id, (minutes.get(id) ?? 0) + m);
  const matches = new Map(JSON.parse(row?.matches ?? "[]") as [number, number][]);
  const commitments = new Map<number, Interval[]>();
  for (const [id, startsAt, endsAt] of JSON.parse(row?.commitments ?? "[]") as [number, number, number][]) {
    const list = commitments.get(id);
    if (list) list.push({ startsAt, endsAt });
    else commitments.set(id, [{ startsAt, endsAt }]);
  }
  const daysOff = new Map<number, string[]>();
  for (const [id, date] of JSON.parse(row?.days_off ?? "[]") as [number, string][]) {
    const list = daysOff.get(id);
    if (list) list.push(date);
    else daysOff.set(id, [date]);
  }
  const household = new Set(JSON.parse(row?.household ?? "[]") as number[]);
  return { minutes, matches, commitments, daysOff, household };
}

/**
 * Per weekday, the half hours (bit n: n × 30 minutes from midnight) a weekly slot must touch to
 * overlap a wanted day's bounds: from the half hour `from` falls in up to the one before `until`
 * (no bound: the whole day). Kept per volunteer by the triggers of migration 0012 the same way, so
 * no shared half hour means no overlap for certain.
 */
export function wantedHalfHours(days: readonly WantedDay[]): [weekday: number, mask: number][] {
  const halves = new Map<number, boolean[]>();
  for (const day of days) {
    const first = day.from === "" ? 0 : halfHourFloor(day.from);
    const end = day.until === "~" ? 48 : halfHourCeil(day.until);
    const list = halves.get(day.weekday) ?? Array<boolean>(48).fill(false);
    for (let n = first; n < end; n++) list[n] = true;
    halves.set(day.weekday, list);
  }
  // Summed, not OR-ed: JavaScript's bit operators stop at 32 bits.
  return [...halves].map(([weekday, list]) => [weekday, list.reduce((sum, on, n) => (on ? sum + 2 ** n : sum), 0)]);
}

const halfHourFloor = (time: string) => Number(time.slice(0, 2)) * 2 + (Number(time.slice(3, 5)) >= 30 ? 1 : 0);
const halfHourCeil = (time: string) => {
  const minutes = Number(time.slice(3, 5));
  return Number(time.slice(0, 2)) * 2 + (minutes > 0 ? 1 : 0) + (minutes > 30 ? 1 : 0);
};

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
  // Per zone in use that luxon knows: the last wanted day there (VOG and pause rules) and, per ISO
  // weekday, the half hours a weekly slot must touch to give any wanted time (prefilter.ts), to
  // compare with the slot half hours kept per volunteer. A volunteer in another zone gets NULLs:
  // the zone-dependent rules, and every rule after them, are left to the scorer.
  const zoneRows = zones.filter(isKnownZone).map((zone) => {
    const facts = zoneFactsFor(windows, zone);
    const masks = [0, 0, 0, 0, 0, 0, 0];
    for (const [weekday, mask] of wantedHalfHours(facts.days)) masks[weekday - 1] = mask;
    return [zone, facts.last, ...masks];
  });
  const householdMatch =
    careRecipientId !== null
      ? sql`(h.care_recipient_id = ${careRecipientId} OR h.requester_id = ${requesterId ?? -1})`
      : sql`h.requester_id = ${requesterId ?? -1}`;

  const timeFacts = timeFactsSql({ since, now, spanStart, spanEnd, fromDate, toDate, requestId, household: householdMatch });
  // The static facts the scorer needs for a candidate no rule excluded in SQL. The facts that
  // depend on time (hours, matches, commitments, days off, the household) come from `timeFacts`.
  const facts = sql`json_array(vp.user_id, u.name, NULL, u.neighbourhood_id, u.time_zone, json(vp.languages), json(vp.tags), vp.travel_range, vp.vog_status, vp.vog_valid_until, vp.paused_until, vp.max_hours_per_month, vp.skill_ids, vp.weekly_slots)`;
  // One row: every candidate (put in user id order below, the order the excluded list is shown in), as either
  // [id, name, rule, values…] when a hard rule excludes them for certain, or [id, name, null, facts…].
  // The CASE checks the rules in the scorer's order. The zone-dependent rules (VOG, pause, the
  // weekly slots) need the zone's last wanted day `last`; without it (a zone not given) they and
  // every rule after them are left to the scorer. So are volunteers without weekly slots (every time
  // of day fits) and those with a slot that may overlap a window (prefilter.ts).
  const [rows] = await db.all<{ j: string } & TimeFactsRow>(sql`
    WITH z(zone, last, m1, m2, m3, m4, m5, m6, m7) AS MATERIALIZED (
      SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7, value ->> 8
      FROM json_each(${JSON.stringify(zoneRows)}))
    SELECT json_group_array(CASE
      WHEN ${requiresVog} = 1 AND z.last IS NOT NULL
        AND NOT (vp.vog_status = 'valid' AND vp.vog_valid_until IS NOT NULL AND vp.vog_valid_until >= z.last)
        THEN json_array(vp.user_id, u.name, 'vog')
      WHEN (${requiresVog} = 0 OR z.last IS NOT NULL) AND NOT CASE vp.travel_range
          WHEN 'own' THEN u.neighbourhood_id = ${neighbourhoodId}
          WHEN 'adjacent' THEN u.neighbourhood_id = ${neighbourhoodId}
            OR u.neighbourhood_id IN (SELECT adjacent_id FROM neighbourhood_adjacency WHERE neighbourhood_id = ${neighbourhoodId})
          ELSE 1 END
        THEN json_array(vp.user_id, u.name, 'out-of-range', vp.travel_range)
      WHEN z.last IS NOT NULL AND vp.paused_until IS NOT NULL AND vp.paused_until <> '' AND vp.paused_until >= z.last
        THEN json_array(vp.user_id, u.name, 'paused', vp.paused_until)
      WHEN z.last IS NOT NULL AND (${wantedMs > 0 ? 0 : 1} = 1 OR vp.weekly_slots IS NOT NULL
          AND vp.slot_half_hours1 & z.m1 = 0 AND vp.slot_half_hours2 & z.m2 = 0 AND vp.slot_half_hours3 & z.m3 = 0 AND vp.slot_half_hours4 & z.m4 = 0
          AND vp.slot_half_hours5 & z.m5 = 0 AND vp.slot_half_hours6 & z.m6 = 0 AND vp.slot_half_hours7 & z.m7 = 0)
        THEN json_array(vp.user_id, u.name, 'no-availability', vp.max_hours_per_month)
      ELSE ${facts} END) AS j,
      ${timeFacts}
    FROM volunteer_profile vp
    CROSS JOIN user u ON u.id = vp.user_id
    LEFT JOIN z ON z.zone = u.time_zone
    WHERE u.neighbourhood_id IN (SELECT id FROM neighbourhood WHERE municipality_id = ${municipalityId}) AND u.id IS NOT ${requesterId}`);
  // Decoding the aggregated row is part of loading, not of scoring.
  // In user id order, sorted here rather than in the aggregate (ORDER BY there needs SQLite 3.44).
  const candidates = (JSON.parse(rows?.j ?? "[]") as (Excluded | Candidate)[]).sort((a, b) => a[0] - b[0]);
  const time = readTimeFacts(rows);
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
  // Candidates with the same weekly slots share one parsed list (the scorer keeps its work per list).
  const slotLists = new Map<string | null, WeeklySlot[]>();
  for (const row of candidates) {
    const userId = row[0];
    const minutes = time.minutes.get(userId) ?? 0;
    if (row[2] !== null) {
      // SQL leaves out the max-hours rule (it needs the hours); it comes before "no availability".
      const maxHours = row[2] === "no-availability" ? (row[3] as number | null) : null;
      if (maxHours != null && minutes / 60 + firstMonthHours > maxHours) {
        exclude(row[1], excludedBy(userId, "max-hours", maxHoursValues(minutes / 60, maxHours, firstMonthHours)));
      } else {
        exclude(row[1], excludedBy(userId, row[2], sqlExclusionValues(row)));
      }
      continue;
    }
    const [, name, , nb, timeZone, languages, tags, travelRange, vogStatus, vogValidUntil, pausedUntil, maxHours, skillIds, slots] = row;
    const result = score({
      userId,
      neighbourhoodId: nb,
      municipalityId,
      travelRange,
      skillIds: skillIds ? skillIds.split(",").map(Number) : [],
      // Stored as JSON arrays (a CHECK keeps them valid JSON); anything else counts as none.
      tags: Array.isArray(tags) ? tags : [],
      languages: Array.isArray(languages) ? languages : [],
      availability: { timeZone, weekly: sharedSlots(slotLists, slots), unavailableDates: time.daysOff.get(userId) ?? [], pausedUntil },
      commitments: time.commitments.get(userId) ?? [],
      vogStatus,
      vogValidUntil,
      hoursLast30Days: minutes / 60,
      activeMatchesLast30Days: time.matches.get(userId) ?? 0,
      maxHoursPerMonth: maxHours,
      helpedHouseholdBefore: time.household.has(userId),
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
function sqlExclusionValues(row: Excluded): Record<string, string | number> | undefined {
  switch (row[2]) {
    case "out-of-range":
      return { range: row[3]! };
    case "paused":
      return { until: row[3]! };
    default:
      return undefined;
  }
}

function sharedSlots(lists: Map<string | null, WeeklySlot[]>, text: string | null): WeeklySlot[] {
  let list = lists.get(text);
  if (!list) lists.set(text, (list = parseSlots(text)));
  return list;
}

/** "2 13:00 18:00,4 09:00 12:00" (weekday, start, end). */
function parseSlots(text: string | null) {
  if (!text) return [];
  return text.split(",").map((slot) => {
    const [weekday, startTime, endTime] = slot.split(" ") as [string, string, string];
    return { weekday: Number(weekday), startTime, endTime };
  });
}
