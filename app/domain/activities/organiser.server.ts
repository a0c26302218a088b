import { and, asc, count, eq, gt, inArray, ne, or, sql, type SQL } from "drizzle-orm";
import { activity, activitySeries, activitySession, neighbourhood, organisation, shift, signup, user } from "#db/schema";
import { conformFieldErrors, loadActivity, mayEditActivity, mayViewSignups } from "./activities.server";
import type { Ctx } from "../context.server";
import { NotFound, Validation } from "../errors";
import { randomToken } from "../keyring.server";
import { attendanceSchema, messageSchema } from "./organiser-schemas";
import { enqueueEmail } from "../notifications/outbox.server";
import { ensureFound, requireActor } from "../permissions";
import { instantToLocal } from "../scheduling/local-time";

// What organisers (and the neighbourhood's coordinators) read about an activity's sign-ups, the
// CSV export, messages to everyone signed up, and attendance after a session.

const MINUTE = 60_000;
export const MANAGE_PAGE_SIZE = 25;

/** The activities the actor may manage or (as coordinator) look into, soonest session first. */
export async function listManageableActivities({ ctx, input }: { ctx: Ctx; input: { page: number } }) {
  const actor = requireActor(ctx.actor);
  const now = ctx.now();
  const orgIds = actor.memberships.map((m) => m.organisationId);
  const scopes: SQL[] = [];
  if (orgIds.length) scopes.push(inArray(activity.organisationId, orgIds));
  if (actor.coordinatorOf.length) scopes.push(inArray(activity.neighbourhoodId, [...actor.coordinatorOf]));
  const canCreate = actor.isAdmin || orgIds.length > 0;
  if (!actor.isAdmin && scopes.length === 0) return { activities: [], total: 0, page: 1, pageSize: MANAGE_PAGE_SIZE, canCreate };
  const where = actor.isAdmin ? undefined : or(...scopes);
  const page = Math.max(1, Math.floor(input.page) || 1);
  const nextSession = sql<
    number | null
  >`(SELECT min(${activitySession.startsAt}) FROM ${activitySession} WHERE ${activitySession.activityId} = ${activity.id} AND ${activitySession.status} = 'scheduled' AND ${activitySession.startsAt} > ${now})`;
  const [rows, [total]] = await Promise.all([
    ctx.database.db
      .select({
        id: activity.id,
        title: activity.title,
        organisationId: activity.organisationId,
        neighbourhoodId: activity.neighbourhoodId,
        organisation: organisation.name,
        neighbourhood: neighbourhood.name,
        timeZone: activity.timeZone,
        nextSession,
      })
      .from(activity)
      .innerJoin(organisation, eq(organisation.id, activity.organisationId))
      .innerJoin(neighbourhood, eq(neighbourhood.id, activity.neighbourhoodId))
      .where(where)
      .orderBy(sql`${nextSession} IS NULL`, asc(nextSession), asc(activity.title), asc(activity.id))
      .limit(MANAGE_PAGE_SIZE)
      .offset((page - 1) * MANAGE_PAGE_SIZE),
    ctx.database.db.select({ n: count() }).from(activity).where(where),
  ]);
  return {
    activities: rows.map(({ organisationId, neighbourhoodId, ...r }) => ({
      ...r,
      canEdit: mayEditActivity(actor, { organisationId }),
      neighbourhoodId,
    })),
    total: total?.n ?? 0,
    page,
    pageSize: MANAGE_PAGE_SIZE,
    canCreate,
  };
}

async function activityForViewing(ctx: Ctx, activityId: number) {
  const a = await loadActivity(ctx.database.db, activityId);
  ensureFound(mayViewSignups(requireActor(ctx.actor), a));
  return a;
}

export interface Person {
  signupId: number;
  name: string;
  attendance: "present" | "absent" | null;
  /** When the person confirmed from a reminder that they will come. */
  confirmedAt: number | null;
}

/** Confirmed people and the waitlist (in arrival order) of one slot. */
function slotLists(
  rows: { signupId: number; name: string; status: string; attendance: "present" | "absent" | null; confirmedAt: number | null }[],
) {
  const person = (r: (typeof rows)[number]): Person => ({
    signupId: r.signupId,
    name: r.name,
    attendance: r.attendance,
    confirmedAt: r.confirmedAt,
  });
  return {
    confirmed: rows.filter((r) => r.status === "confirmed").map(person),
    waitlist: rows.filter((r) => r.status === "waitlisted").map(person),
  };
}

/**
 * The organiser's view of an activity: per session and shift who is confirmed and who waits (in
 * arrival order), with counts. Coordinators of the neighbourhood see it too, without the edit flag.
 */
export async function getManageView({ ctx, input }: { ctx: Ctx; input: { activityId: number } }) {
  const a = await activityForViewing(ctx, input.activityId);
  const db = ctx.database.db;
  const now = ctx.now();
  const [org, series, sessions] = await Promise.all([
    db.query.organisation.findFirst({ where: eq(organisation.id, a.organisationId) }),
    db.select().from(activitySeries).where(eq(activitySeries.activityId, a.id)).orderBy(asc(activitySeries.id)),
    db
      .select()
      .from(activitySession)
      .where(eq(activitySession.activityId, a.id))
      .orderBy(asc(activitySession.startsAt), asc(activitySession.id)),
  ]);
  const sessionIds = sessions.map((s) => s.id);
  const [shifts, signups] = sessionIds.length
    ? await Promise.all([
        db.select().from(shift).where(inArray(shift.sessionId, sessionIds)).orderBy(asc(shift.startsAt), asc(shift.id)),
        db
          .select({
            signupId: signup.id,
            sessionId: signup.sessionId,
            shiftId: signup.shiftId,
            status: signup.status,
            attendance: signup.attendance,
            confirmedAt: signup.confirmedAt,
            name: user.name,
          })
          .from(signup)
          .innerJoin(user, eq(user.id, signup.userId))
          .where(and(inArray(signup.sessionId, sessionIds), ne(signup.status, "cancelled")))
          .orderBy(asc(signup.id)),
      ])
    : [[], []];
  const futureBySeries = (seriesId: number) =>
    sessions.filter((s) => s.seriesId === seriesId && s.status === "scheduled" && s.startsAt > now).length;
  return {
    activity: { id: a.id, title: a.title, timeZone: a.timeZone, organisation: org?.name ?? "", address: a.address },
    canEdit: mayEditActivity(ctx.actor, a),
    series: series.map((s) => ({ id: s.id, cancelled: s.cancelledAt !== null, futureSessions: futureBySeries(s.id) })),
    sessions: sessions.map((s) => {
      const participants = slotLists(signups.filter((r) => r.sessionId === s.id && r.shiftId === null));
      return {
        id: s.id,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        local: instantToLocal(s.startsAt, a.timeZone),
        status: s.status,
        detached: s.detached,
        started: s.startsAt <= now,
        capacity: s.capacity,
        participants,
        shifts: shifts
          .filter((sh) => sh.sessionId === s.id)
          .map((sh) => ({
            id: sh.id,
            role: sh.role,
            needed: sh.needed,
            startsAt: sh.startsAt,
            endsAt: sh.endsAt,
            requiresVog: sh.requiresVog,
            ...slotLists(signups.filter((r) => r.shiftId === sh.id)),
          })),
      };
    }),
  };
}

/** One session as the organiser's edit page shows it. */
export async function getSessionForEdit({ ctx, input }: { ctx: Ctx; input: { sessionId: number } }) {
  const session = await ctx.database.db.query.activitySession.findFirst({ where: eq(activitySession.id, input.sessionId) });
  if (!session) throw new NotFound();
  const a = await loadActivity(ctx.database.db, session.activityId);
  ensureFound(mayEditActivity(requireActor(ctx.actor), a));
  const [confirmed] = await ctx.database.db
    .select({ n: count() })
    .from(signup)
    .where(and(eq(signup.sessionId, session.id), sql`${signup.shiftId} IS NULL`, eq(signup.status, "confirmed")));
  return {
    activity: { id: a.id, title: a.title, timeZone: a.timeZone, seriesId: session.seriesId },
    session: {
      id: session.id,
      startsAt: session.startsAt,
      endsAt: session.endsAt,
      local: instantToLocal(session.startsAt, a.timeZone),
      capacity: session.capacity,
      status: session.status,
      started: session.startsAt <= ctx.now(),
      confirmed: confirmed?.n ?? 0,
    },
  };
}

export interface SignupExportRow {
  activity: string;
  sessionStart: string;
  role: string | null;
  name: string;
  email: string;
  status: "confirmed" | "waitlisted" | "cancelled";
  attendance: "present" | "absent" | null;
  minutes: number | null;
  /** When the person confirmed from a reminder that they will come ("YYYY-MM-DD HH:mm" local), or null. */
  confirmedAt: string | null;
}

/** Every sign-up of an activity for the CSV export; session start in the activity's local time. */
export async function exportSignups({ ctx, input }: { ctx: Ctx; input: { activityId: number } }) {
  const a = await activityForViewing(ctx, input.activityId);
  const rows = await ctx.database.db
    .select({
      startsAt: activitySession.startsAt,
      role: shift.role,
      name: user.name,
      email: user.email,
      status: signup.status,
      attendance: signup.attendance,
      minutes: signup.minutes,
      confirmedAt: signup.confirmedAt,
    })
    .from(signup)
    .innerJoin(activitySession, eq(activitySession.id, signup.sessionId))
    .innerJoin(user, eq(user.id, signup.userId))
    .leftJoin(shift, eq(shift.id, signup.shiftId))
    .where(eq(activitySession.activityId, a.id))
    .orderBy(asc(activitySession.startsAt), asc(shift.startsAt), asc(signup.id));
  return {
    filename: `aanmeldingen-${a.id}.csv`,
    rows: rows.map((r): SignupExportRow => {
      const local = instantToLocal(r.startsAt, a.timeZone);
      const confirmed = r.confirmedAt === null ? null : instantToLocal(r.confirmedAt, a.timeZone);
      return {
        activity: a.title,
        sessionStart: `${local.date} ${local.time}`,
        role: r.role,
        name: r.name,
        email: r.email,
        status: r.status,
        attendance: r.attendance,
        minutes: r.minutes,
        confirmedAt: confirmed ? `${confirmed.date} ${confirmed.time}` : null,
      };
    }),
  };
}

/**
 * Sends the organiser's message to everyone signed up (confirmed or waiting) for one session, or
 * for every session of the activity that has not ended. One mail per person, through the outbox.
 */
export async function messageSignups({ ctx, input }: { ctx: Ctx; input: { activityId: number; sessionId?: number; body: string } }) {
  const actor = requireActor(ctx.actor);
  const a = await loadActivity(ctx.database.db, input.activityId);
  ensureFound(mayEditActivity(actor, a));
  const parsed = messageSchema.safeParse({ sessionId: input.sessionId, body: input.body });
  if (!parsed.success) throw new Validation(conformFieldErrors(parsed.error));
  const v = parsed.data;
  const now = ctx.now();
  const messageId = randomToken(12);
  return ctx.database.write(async (tx) => {
    const org = await tx.query.organisation.findFirst({ where: eq(organisation.id, a.organisationId) });
    const sessions = await tx
      .select({ id: activitySession.id, startsAt: activitySession.startsAt, endsAt: activitySession.endsAt })
      .from(activitySession)
      .where(
        and(
          eq(activitySession.activityId, a.id),
          eq(activitySession.status, "scheduled"),
          v.sessionId === undefined ? gt(activitySession.endsAt, now) : eq(activitySession.id, v.sessionId),
        ),
      );
    if (v.sessionId !== undefined && sessions.length === 0) throw new Validation({ sessionId: ["organiser.errors.sessionNotOpen"] });
    if (sessions.length === 0) return { messageId, recipients: 0 };
    const people = await tx
      .select({ signupId: signup.id, userId: user.id, email: user.email, name: user.name, locale: user.locale, timeZone: user.timeZone })
      .from(signup)
      .innerJoin(user, eq(user.id, signup.userId))
      .where(
        and(
          inArray(
            signup.sessionId,
            sessions.map((s) => s.id),
          ),
          ne(signup.status, "cancelled"),
        ),
      )
      .orderBy(asc(signup.id));
    const seen = new Set<number>();
    for (const p of people) {
      if (seen.has(p.userId)) continue;
      seen.add(p.userId);
      await enqueueEmail(ctx, tx, {
        template: "organiser-message",
        idempotencyKey: `organiser-message/${messageId}/${p.signupId}`,
        to: p.email,
        locale: p.locale,
        timeZone: p.timeZone,
        props: {
          name: p.name,
          activityTitle: a.title,
          organisationName: org?.name ?? "",
          senderName: actor.name,
          message: v.body,
          session: v.sessionId === undefined ? null : { startsAt: sessions[0]!.startsAt, endsAt: sessions[0]!.endsAt },
          url: `${ctx.appUrl}/activities/${a.id}`,
        },
      });
    }
    return { messageId, recipients: seen.size };
  });
}

async function sessionForAttendance(ctx: Ctx, sessionId: number) {
  const [row] = await ctx.database.db
    .select({ session: activitySession, activity })
    .from(activitySession)
    .innerJoin(activity, eq(activity.id, activitySession.activityId))
    .where(eq(activitySession.id, sessionId));
  if (!row) throw new NotFound();
  ensureFound(mayEditActivity(requireActor(ctx.actor), row.activity));
  return row;
}

/** The confirmed people of a session (participants and per shift) with their attendance so far. */
export async function getAttendanceSheet({ ctx, input }: { ctx: Ctx; input: { sessionId: number } }) {
  const { session, activity: a } = await sessionForAttendance(ctx, input.sessionId);
  const rows = await ctx.database.db
    .select({
      signupId: signup.id,
      name: user.name,
      attendance: signup.attendance,
      minutes: signup.minutes,
      shiftId: shift.id,
      role: shift.role,
      shiftStartsAt: shift.startsAt,
      shiftEndsAt: shift.endsAt,
    })
    .from(signup)
    .innerJoin(user, eq(user.id, signup.userId))
    .leftJoin(shift, eq(shift.id, signup.shiftId))
    .where(and(eq(signup.sessionId, session.id), eq(signup.status, "confirmed")))
    .orderBy(sql`${shift.startsAt} IS NOT NULL`, asc(shift.startsAt), asc(shift.id), asc(signup.id));
  return {
    activity: { id: a.id, title: a.title },
    session: {
      id: session.id,
      startsAt: session.startsAt,
      endsAt: session.endsAt,
      status: session.status,
      started: session.startsAt <= ctx.now(),
    },
    entries: rows.map((r) => ({
      signupId: r.signupId,
      name: r.name,
      role: r.role,
      attendance: r.attendance,
      minutes: r.minutes,
      /** For a shift: its length, what "present" records unless the organiser says otherwise. */
      shiftMinutes: r.shiftStartsAt !== null && r.shiftEndsAt !== null ? Math.round((r.shiftEndsAt - r.shiftStartsAt) / MINUTE) : null,
    })),
  };
}

/**
 * Records present/absent per confirmed sign-up once the session has started. Present on a shift
 * records volunteer minutes (the shift's length unless given); participants get no minutes.
 */
export async function recordAttendance({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { sessionId: number; entries?: { signupId: number; attendance?: "present" | "absent"; minutes?: number }[] };
}) {
  const { session } = await sessionForAttendance(ctx, input.sessionId);
  const parsed = attendanceSchema.safeParse({ entries: input.entries });
  if (!parsed.success) throw new Validation(conformFieldErrors(parsed.error));
  if (session.status === "cancelled") throw new Validation({ form: ["organiser.errors.sessionCancelled"] });
  if (session.startsAt > ctx.now()) throw new Validation({ form: ["organiser.errors.attendanceTooEarly"] });
  const entries = (parsed.data.entries ?? []).filter((e) => e.attendance !== undefined);
  return ctx.database.write(async (tx) => {
    const ids = entries.map((e) => e.signupId);
    const own = ids.length
      ? await tx
          .select({ id: signup.id, shiftStartsAt: shift.startsAt, shiftEndsAt: shift.endsAt })
          .from(signup)
          .leftJoin(shift, eq(shift.id, signup.shiftId))
          .where(and(inArray(signup.id, ids), eq(signup.sessionId, session.id), eq(signup.status, "confirmed")))
      : [];
    const byId = new Map(own.map((r) => [r.id, r]));
    let recorded = 0;
    for (const e of entries) {
      const row = byId.get(e.signupId);
      if (!row) continue;
      const shiftMinutes =
        row.shiftStartsAt !== null && row.shiftEndsAt !== null ? Math.round((row.shiftEndsAt - row.shiftStartsAt) / MINUTE) : null;
      const minutes = e.attendance === "present" && shiftMinutes !== null ? (e.minutes ?? shiftMinutes) : null;
      await tx.update(signup).set({ attendance: e.attendance, minutes }).where(eq(signup.id, row.id));
      recorded++;
    }
    return { recorded };
  });
}
