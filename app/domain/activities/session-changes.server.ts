import { and, asc, eq, gt, inArray, ne, sql } from "drizzle-orm";
import type { Tx } from "#db/client";
import { activity, activitySeries, activitySession, shift, signup, user } from "#db/schema";
import type { Ctx } from "../context.server";
import { NotFound, Validation } from "../errors";
import { enqueueEmail } from "../notifications/outbox.server";
import { withValues } from "../message-keys";
import { capacityChangeSchema, moveSessionSchema } from "./organiser-schemas";
import { ensureFound } from "../permissions";
import { localToInstant } from "../scheduling/local-time";
import { selectSignupPlaces, signupEndsAt, signupStartsAt } from "./signup-places.server";
import { promoteFromWaitlist } from "./signups.server";
import { syncSessionReminders } from "../notifications/reminders.server";
import { loadSessionForEdit, longDate, mayEditActivity, parseOrThrow } from "./activity-rules.server";

// The organiser's changes to sessions that already exist: move or cancel one occurrence, cancel a
// whole series, change a session's capacity. Everyone signed up hears of it.

/** Everyone with an active place in the given sessions, with what the mails need. */
async function activeSignups(tx: Tx, sessionIds: number[]) {
  if (sessionIds.length === 0) return [];
  return selectSignupPlaces(tx, {
    signupId: signup.id,
    sessionId: signup.sessionId,
    userId: user.id,
    email: user.email,
    name: user.name,
    locale: user.locale,
    timeZone: user.timeZone,
    role: shift.role,
    startsAt: signupStartsAt,
    endsAt: signupEndsAt,
  })
    .innerJoin(user, eq(user.id, signup.userId))
    .where(and(inArray(signup.sessionId, sessionIds), ne(signup.status, "cancelled")))
    .orderBy(asc(signup.id));
}

const activityUrl = (ctx: Ctx, activityId: number) => `${ctx.appUrl}/activities/${activityId}`;

/**
 * Moves one occurrence to a new local date and start time (its length stays), without touching
 * the series: it is marked detached, its sequence goes up, its shifts move with it, and everyone
 * signed up is told the old and the new time.
 */
export async function moveSession({ ctx, input }: { ctx: Ctx; input: { sessionId: number; date: string; startTime: string } }) {
  const now = ctx.now();
  return ctx.database.write(async (tx) => {
    const { session, activity: a } = await loadSessionForEdit(ctx, tx, input.sessionId);
    const v = parseOrThrow(moveSessionSchema, input);
    if (session.status === "cancelled") throw new Validation({ form: ["organiser.errors.sessionCancelled"] });
    if (session.startsAt <= now) throw new Validation({ form: ["organiser.errors.sessionStarted"] });
    const start = localToInstant(v.date, v.startTime, a.timeZone);
    if (!start.ok) {
      throw new Validation(
        start.reason === "nonexistent"
          ? { startTime: [withValues("organiser.errors.nonexistentTime", { date: longDate(v.date, ctx.locale), time: v.startTime })] }
          : { date: ["organiser.errors.date"] },
      );
    }
    if (start.epochMs <= now) throw new Validation({ date: ["organiser.errors.dateInPast"] });
    const delta = start.epochMs - session.startsAt;
    if (delta === 0) return { moved: false, notified: 0 };
    const people = await activeSignups(tx, [session.id]);
    const sequence = session.sequence + 1;
    await tx
      .update(activitySession)
      .set({ startsAt: session.startsAt + delta, endsAt: session.endsAt + delta, detached: true, sequence, updatedAt: now })
      .where(eq(activitySession.id, session.id));
    await tx
      .update(shift)
      .set({ startsAt: sql`${shift.startsAt} + ${delta}`, endsAt: sql`${shift.endsAt} + ${delta}` })
      .where(eq(shift.sessionId, session.id));
    await tx.update(activity).set({ updatedAt: now }).where(eq(activity.id, a.id));
    await syncSessionReminders(ctx, tx, [session.id]);
    for (const p of people) {
      await enqueueEmail(ctx, tx, {
        template: "session-changed",
        idempotencyKey: `session-changed/${p.signupId}/${sequence}`,
        to: p.email,
        locale: p.locale,
        timeZone: p.timeZone,
        props: {
          name: p.name,
          activityTitle: a.title,
          role: p.role,
          oldStartsAt: p.startsAt,
          oldEndsAt: p.endsAt,
          startsAt: p.startsAt + delta,
          endsAt: p.endsAt + delta,
          address: a.address,
          url: activityUrl(ctx, a.id),
        },
      });
    }
    return { moved: true, notified: people.length };
  });
}

/**
 * Cancels sessions (already loaded and allowed): their status and sequence change, every active
 * sign-up is cancelled by the organiser, and each person gets one mail (for a whole series one
 * mail per person, however many of its sessions they had).
 */
async function cancelSessions(ctx: Ctx, tx: Tx, a: { id: number; title: string }, sessionIds: number[], scope: "session" | "series") {
  const now = ctx.now();
  if (sessionIds.length === 0) return { sessions: 0, signups: 0 };
  const people = await activeSignups(tx, sessionIds);
  await tx
    .update(activitySession)
    .set({ status: "cancelled", sequence: sql`${activitySession.sequence} + 1`, updatedAt: now })
    .where(inArray(activitySession.id, sessionIds));
  await tx
    .update(signup)
    .set({ status: "cancelled", cancelledAt: now, cancelledBy: "organiser" })
    .where(and(inArray(signup.sessionId, sessionIds), ne(signup.status, "cancelled")));
  await tx.update(activity).set({ updatedAt: now }).where(eq(activity.id, a.id));
  await syncSessionReminders(ctx, tx, sessionIds);
  const mails = new Map<number, { first: (typeof people)[number]; count: number }>();
  for (const p of people) {
    const key = scope === "session" ? p.signupId : p.userId;
    const seen = mails.get(key);
    if (!seen) mails.set(key, { first: p, count: 1 });
    else {
      seen.count++;
      if (p.startsAt < seen.first.startsAt) seen.first = p;
    }
  }
  for (const { first, count } of mails.values()) {
    await enqueueEmail(ctx, tx, {
      template: "session-cancelled",
      idempotencyKey: `session-cancelled/${first.signupId}`,
      to: first.email,
      locale: first.locale,
      timeZone: first.timeZone,
      props: {
        name: first.name,
        activityTitle: a.title,
        role: scope === "session" ? first.role : null,
        startsAt: first.startsAt,
        endsAt: first.endsAt,
        scope,
        sessionCount: count,
        url: activityUrl(ctx, a.id),
      },
    });
  }
  return { sessions: sessionIds.length, signups: people.length };
}

/** Cancels one occurrence without touching the series. */
export async function cancelSession({ ctx, input }: { ctx: Ctx; input: { sessionId: number } }) {
  const now = ctx.now();
  return ctx.database.write(async (tx) => {
    const { session, activity: a } = await loadSessionForEdit(ctx, tx, input.sessionId);
    if (session.status === "cancelled") return { sessions: 0, signups: 0 };
    if (session.startsAt <= now) throw new Validation({ form: ["organiser.errors.sessionStarted"] });
    return cancelSessions(ctx, tx, a, [session.id], "session");
  });
}

/** Cancels every future session of a series (moved ones too); past sessions stay as they were. */
export async function cancelSeries({ ctx, input }: { ctx: Ctx; input: { seriesId: number } }) {
  const now = ctx.now();
  return ctx.database.write(async (tx) => {
    const [row] = await tx
      .select({ series: activitySeries, activity })
      .from(activitySeries)
      .innerJoin(activity, eq(activity.id, activitySeries.activityId))
      .where(eq(activitySeries.id, input.seriesId));
    if (!row) throw new NotFound();
    ensureFound(mayEditActivity(ctx.actor, row.activity));
    const future = await tx
      .select({ id: activitySession.id })
      .from(activitySession)
      .where(and(eq(activitySession.seriesId, row.series.id), eq(activitySession.status, "scheduled"), gt(activitySession.startsAt, now)));
    await tx.update(activitySeries).set({ cancelledAt: now }).where(eq(activitySeries.id, row.series.id));
    return cancelSessions(
      ctx,
      tx,
      row.activity,
      future.map((s) => s.id),
      "series",
    );
  });
}

/**
 * Changes one session's participant capacity (empty: no limit). Lower than the number already
 * confirmed is refused; raising it promotes from the waitlist in arrival order, in the same
 * transaction. The check and the change are one statement.
 */
export async function changeCapacity({ ctx, input }: { ctx: Ctx; input: { sessionId: number; capacity?: number | null } }) {
  const now = ctx.now();
  return ctx.database.write(async (tx) => {
    const { session } = await loadSessionForEdit(ctx, tx, input.sessionId);
    const v = parseOrThrow(capacityChangeSchema, { capacity: input.capacity ?? undefined });
    if (session.status === "cancelled") throw new Validation({ form: ["organiser.errors.sessionCancelled"] });
    if (session.startsAt <= now) throw new Validation({ form: ["organiser.errors.sessionStarted"] });
    const capacity = v.capacity ?? null;
    const confirmed = sql`(SELECT count(*) FROM ${signup} WHERE ${signup.sessionId} = ${session.id} AND ${signup.shiftId} IS NULL AND ${signup.status} = 'confirmed')`;
    const updated = await tx
      .update(activitySession)
      .set({ capacity, detached: true, updatedAt: now })
      .where(and(eq(activitySession.id, session.id), capacity === null ? undefined : sql`${confirmed} <= ${capacity}`))
      .returning({ id: activitySession.id });
    if (updated.length === 0) {
      const [count] = await tx
        .select({ n: sql<number>`${confirmed}` })
        .from(activitySession)
        .where(eq(activitySession.id, session.id));
      throw new Validation({ capacity: [withValues("organiser.errors.capacityBelowConfirmed", { count: Number(count?.n ?? 0) })] });
    }
    const promoted = await promoteFromWaitlist(ctx, tx, session.id, null);
    return { capacity, promoted };
  });
}
