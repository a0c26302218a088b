import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { activity, activitySeries, activitySession, initiative, neighbourhood, organisation, shift, signup, skill } from "#db/schema";
import type { Ctx } from "../context.server";
import { NotFound } from "../errors";
import { can } from "../permissions";
import { formatDateTime, formatTimeRange } from "../time";
import { CURSOR, SESSIONS_PAGE_SIZE, cursorField, encodeCursor, placesLeft, slotCount, viewerZone } from "./listing-helpers.server";

// One activity as the public sees it, with its upcoming sessions, shifts, series and the viewer's sign-ups.

/**
 * One activity as the public (and a signed-in person) sees it: details, the upcoming sessions
 * (a page of them), places left and waitlists, shifts with open places and their requirements,
 * the series one can join as a whole, and the viewer's own sign-ups with waitlist positions.
 */
export async function getActivityPage({ ctx, input }: { ctx: Ctx; input: { activityId: number; after?: string | null } }) {
  const db = ctx.database.db;
  const [row] = await db
    .select({
      activity,
      organisation: { id: organisation.id, name: organisation.name, slug: organisation.slug, status: organisation.status },
      neighbourhood: neighbourhood.name,
      initiative: { id: initiative.id, title: initiative.title },
    })
    .from(activity)
    .innerJoin(organisation, eq(organisation.id, activity.organisationId))
    .innerJoin(neighbourhood, eq(neighbourhood.id, activity.neighbourhoodId))
    .leftJoin(initiative, eq(initiative.id, activity.initiativeId))
    .where(eq(activity.id, input.activityId));
  // Activities of an organisation that is not approved yet are visible to its own people only.
  if (!row || (row.organisation.status !== "approved" && !can.postForOrganisation(ctx.actor, row.organisation.id))) throw new NotFound();
  const now = ctx.now();
  const after = input.after && CURSOR.test(input.after) ? cursorField("").parse(input.after) : null;

  const sessions = await db
    .select({
      id: activitySession.id,
      seriesId: activitySession.seriesId,
      startsAt: activitySession.startsAt,
      endsAt: activitySession.endsAt,
      capacity: activitySession.capacity,
      status: activitySession.status,
      confirmed: sql<number>`${slotCount(`"activity_session"."id"`, null, "confirmed")}`,
      waitlisted: sql<number>`${slotCount(`"activity_session"."id"`, null, "waitlisted")}`,
    })
    .from(activitySession)
    .where(
      and(
        eq(activitySession.activityId, row.activity.id),
        sql`${activitySession.startsAt} > ${now}`,
        after ? sql`(${activitySession.startsAt}, ${activitySession.id}) > (${after.at}, ${after.id})` : undefined,
      ),
    )
    .orderBy(asc(activitySession.startsAt), asc(activitySession.id))
    .limit(SESSIONS_PAGE_SIZE + 1);
  const more = sessions.length > SESSIONS_PAGE_SIZE;
  const shown = sessions.slice(0, SESSIONS_PAGE_SIZE);
  const sessionIds = shown.map((s) => s.id);

  const shifts = sessionIds.length
    ? await db
        .select({
          id: shift.id,
          sessionId: shift.sessionId,
          role: shift.role,
          needed: shift.needed,
          startsAt: shift.startsAt,
          endsAt: shift.endsAt,
          requiresVog: shift.requiresVog,
          skillNl: skill.nameNl,
          skillEn: skill.nameEn,
          confirmed: sql<number>`${slotCount(`"shift"."session_id"`, `"shift"."id"`, "confirmed")}`,
          waitlisted: sql<number>`${slotCount(`"shift"."session_id"`, `"shift"."id"`, "waitlisted")}`,
        })
        .from(shift)
        .leftJoin(skill, eq(skill.id, shift.requiredSkillId))
        .where(inArray(shift.sessionId, sessionIds))
        .orderBy(asc(shift.startsAt), asc(shift.id))
    : [];

  const mine = ctx.actor && sessionIds.length ? await ownSignupsWithPosition(ctx, ctx.actor.userId, sessionIds) : [];
  const series = await joinableSeries(ctx, row.activity.id, now);
  const zone = viewerZone(ctx);
  const when = (start: number, end: number) => formatTimeRange(start, end, zone, ctx.locale);
  const last = shown[shown.length - 1];

  return {
    activity: {
      id: row.activity.id,
      title: row.activity.title,
      description: row.activity.description,
      category: row.activity.category,
      address: row.activity.address,
      accessibility: row.activity.accessibility,
      targetGroups: row.activity.targetGroups,
      timeZone: row.activity.timeZone,
      cancelCutoffHours: row.activity.cancelCutoffHours,
      neighbourhood: row.neighbourhood,
      organisation: { name: row.organisation.name, slug: row.organisation.slug },
      initiative: row.initiative,
    },
    sessions: shown.map((s) => ({
      ...s,
      when: when(s.startsAt, s.endsAt),
      placesLeft: placesLeft(s.capacity, s.confirmed),
      waitlisted: Number(s.waitlisted),
      mine: mine.find((m) => m.sessionId === s.id && m.shiftId === null) ?? null,
      cancelCutoffPassed: now > s.startsAt - row.activity.cancelCutoffHours * 3_600_000,
      shifts: shifts
        .filter((sh) => sh.sessionId === s.id)
        .map((sh) => ({
          id: sh.id,
          role: sh.role,
          needed: sh.needed,
          startsAt: sh.startsAt,
          endsAt: sh.endsAt,
          when: when(sh.startsAt, sh.endsAt),
          requiresVog: sh.requiresVog,
          skill: sh.skillNl === null ? null : ctx.locale === "en" ? sh.skillEn : sh.skillNl,
          confirmed: Number(sh.confirmed),
          openPlaces: Math.max(0, sh.needed - Number(sh.confirmed)),
          waitlisted: Number(sh.waitlisted),
          mine: mine.find((m) => m.shiftId === sh.id) ?? null,
          cancelCutoffPassed: now > sh.startsAt - row.activity.cancelCutoffHours * 3_600_000,
        })),
    })),
    series: series.map((x) => ({
      ...x,
      first: formatDateTime(x.firstStartsAt, zone, ctx.locale),
      last: formatDateTime(x.lastStartsAt, zone, ctx.locale),
    })),
    nextSessions: more && last ? encodeCursor({ at: last.startsAt, id: last.id }) : null,
  };
}

/** The viewer's active sign-ups on these sessions; a waitlisted one carries its place in the queue. */
async function ownSignupsWithPosition(ctx: Ctx, userId: number, sessionIds: number[]) {
  const rows = await ctx.database.db
    .select({
      id: signup.id,
      sessionId: signup.sessionId,
      shiftId: signup.shiftId,
      status: signup.status,
      position: sql<number>`CASE WHEN "signup"."status" = 'waitlisted' THEN (
        SELECT count(*) FROM ${signup} AS ahead
        WHERE ahead.session_id = "signup"."session_id" AND ahead.shift_id IS "signup"."shift_id"
          AND ahead.status = 'waitlisted' AND ahead.id <= "signup"."id") END`,
    })
    .from(signup)
    .where(and(eq(signup.userId, userId), inArray(signup.sessionId, sessionIds), sql`${signup.status} <> 'cancelled'`));
  return rows.map((r) => ({
    ...r,
    status: r.status as "confirmed" | "waitlisted",
    position: r.position === null ? null : Number(r.position),
  }));
}

/** Series with sessions still to come, with how many and which shift roles one can take in all of them. */
async function joinableSeries(ctx: Ctx, activityId: number, now: number) {
  const db = ctx.database.db;
  const rows = await db
    .select({
      id: activitySeries.id,
      upcoming: sql<number>`count(${activitySession.id})`,
      firstStartsAt: sql<number>`min(${activitySession.startsAt})`,
      lastStartsAt: sql<number>`max(${activitySession.startsAt})`,
    })
    .from(activitySeries)
    .innerJoin(activitySession, eq(activitySession.seriesId, activitySeries.id))
    .where(
      and(
        eq(activitySeries.activityId, activityId),
        sql`${activitySeries.cancelledAt} IS NULL`,
        eq(activitySession.status, "scheduled"),
        sql`${activitySession.startsAt} > ${now}`,
      ),
    )
    .groupBy(activitySeries.id)
    .orderBy(asc(activitySeries.id));
  const roles = rows.length
    ? await db
        .selectDistinct({ seriesId: activitySession.seriesId, role: shift.role })
        .from(shift)
        .innerJoin(activitySession, eq(activitySession.id, shift.sessionId))
        .where(
          and(
            inArray(
              activitySession.seriesId,
              rows.map((r) => r.id),
            ),
            eq(activitySession.status, "scheduled"),
            sql`${activitySession.startsAt} > ${now}`,
          ),
        )
        .orderBy(asc(shift.role))
    : [];
  return rows
    .filter((r) => Number(r.upcoming) > 1)
    .map((r) => ({
      id: r.id,
      upcoming: Number(r.upcoming),
      firstStartsAt: Number(r.firstStartsAt),
      lastStartsAt: Number(r.lastStartsAt),
      roles: roles.filter((x) => x.seriesId === r.id).map((x) => x.role),
    }));
}
