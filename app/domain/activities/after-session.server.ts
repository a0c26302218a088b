import { and, eq, gt, inArray, isNotNull, isNull, lte, sql } from "drizzle-orm";
import {
  activity,
  activitySession,
  emailOutbox,
  helpRequest,
  helpSession,
  notificationSetting,
  organisationMembership,
  shift,
  signup,
  user,
} from "#db/schema";
import type { EmailProps } from "#emails/registry";
import type { Ctx } from "../context.server";
import { enqueueEmail } from "../notifications/outbox.server";

// After a session ends, ask for what only people can tell: the organiser records attendance, a
// volunteer confirms their hours. Run from the maintenance tick. Each prompt has an idempotency key,
// so two ticks (or two instances) queue it once; only sessions that ended in the last few days are
// looked at, so a deploy does not send prompts for old history.

const HOUR = 3_600_000;
/** Sessions that ended longer ago than this get no prompt. */
export const AFTER_SESSION_LOOKBACK_MS = 72 * HOUR;

type Prompt = {
  key: string;
  userId: number;
  to: string;
  locale: "nl" | "en";
  timeZone: string;
  props: EmailProps<"after-session">["public"];
};

const recipient = { userId: user.id, name: user.name, email: user.email, locale: user.locale, timeZone: user.timeZone };
/** No settings row means the default: after-session prompts on. */
const promptsOn = sql`coalesce(${notificationSetting.afterSession}, 1) = 1`;

/**
 * Organisers of sessions that ended with confirmed sign-ups whose attendance is still open. "The
 * organiser" is every admin of the organisation, or every member when it has no admin: the people
 * who may record attendance (organiser.server.ts).
 */
async function attendancePrompts(ctx: Ctx, since: number, now: number): Promise<Prompt[]> {
  const db = ctx.database.db;
  const sessions = await db
    .select({
      id: activitySession.id,
      startsAt: activitySession.startsAt,
      endsAt: activitySession.endsAt,
      title: activity.title,
      organisationId: activity.organisationId,
    })
    .from(activitySession)
    .innerJoin(activity, eq(activity.id, activitySession.activityId))
    .where(
      and(
        eq(activitySession.status, "scheduled"),
        gt(activitySession.endsAt, since),
        lte(activitySession.endsAt, now),
        sql`EXISTS (SELECT 1 FROM ${signup} WHERE ${signup.sessionId} = ${activitySession.id} AND ${signup.status} = 'confirmed' AND ${signup.attendance} IS NULL)`,
      ),
    );
  if (sessions.length === 0) return [];
  const members = await db
    .select({ organisationId: organisationMembership.organisationId, role: organisationMembership.role, on: promptsOn, ...recipient })
    .from(organisationMembership)
    .innerJoin(user, eq(user.id, organisationMembership.userId))
    .leftJoin(notificationSetting, eq(notificationSetting.userId, user.id))
    .where(inArray(organisationMembership.organisationId, [...new Set(sessions.map((s) => s.organisationId))]));
  return sessions.flatMap((s) => {
    const ofOrg = members.filter((m) => m.organisationId === s.organisationId);
    const admins = ofOrg.filter((m) => m.role === "admin");
    return (admins.length ? admins : ofOrg)
      .filter((m) => !!m.on)
      .map((m) => ({
        key: `after-session/attendance-${s.id}/${m.userId}`,
        userId: m.userId,
        to: m.email,
        locale: m.locale,
        timeZone: m.timeZone,
        props: {
          variant: "attendance" as const,
          name: m.name,
          title: s.title,
          role: null,
          helpKind: null,
          startsAt: s.startsAt,
          endsAt: s.endsAt,
          url: `${ctx.appUrl}/sessions/${s.id}/attendance`,
        },
      }));
  });
}

/** Volunteers of shifts that ended, whose hours nobody has recorded yet. They confirm on /me/hours. */
async function shiftPrompts(ctx: Ctx, since: number, now: number): Promise<Prompt[]> {
  const rows = await ctx.database.db
    .select({
      signupId: signup.id,
      sessionId: signup.sessionId,
      startsAt: shift.startsAt,
      endsAt: shift.endsAt,
      role: shift.role,
      title: activity.title,
      ...recipient,
    })
    .from(signup)
    .innerJoin(shift, eq(shift.id, signup.shiftId))
    .innerJoin(activitySession, eq(activitySession.id, signup.sessionId))
    .innerJoin(activity, eq(activity.id, activitySession.activityId))
    .innerJoin(user, eq(user.id, signup.userId))
    .leftJoin(notificationSetting, eq(notificationSetting.userId, user.id))
    .where(
      and(
        eq(signup.status, "confirmed"),
        isNull(signup.attendance),
        isNull(signup.minutes),
        eq(activitySession.status, "scheduled"),
        gt(shift.endsAt, since),
        lte(shift.endsAt, now),
        promptsOn,
      ),
    );
  return rows.map((r) => ({
    key: `after-session/shift-signup-${r.signupId}`,
    userId: r.userId,
    to: r.email,
    locale: r.locale,
    timeZone: r.timeZone,
    props: {
      variant: "shiftHours" as const,
      name: r.name,
      title: r.title,
      role: r.role,
      helpKind: null,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      url: `${ctx.appUrl}/me/hours#signup-${r.signupId}`,
    },
  }));
}

/** The matched volunteer of helping sessions that ended and are not confirmed yet. */
async function helpPrompts(ctx: Ctx, since: number, now: number): Promise<Prompt[]> {
  const rows = await ctx.database.db
    .select({
      sessionId: helpSession.id,
      requestId: helpRequest.id,
      kind: helpRequest.kind,
      startsAt: helpSession.startsAt,
      endsAt: helpSession.endsAt,
      ...recipient,
    })
    .from(helpSession)
    .innerJoin(helpRequest, eq(helpRequest.id, helpSession.requestId))
    .innerJoin(user, eq(user.id, helpRequest.matchedVolunteerId))
    .leftJoin(notificationSetting, eq(notificationSetting.userId, user.id))
    .where(
      and(
        eq(helpSession.status, "scheduled"),
        isNull(helpSession.confirmedAt),
        inArray(helpRequest.status, ["matched", "completed"]),
        isNotNull(helpRequest.matchedVolunteerId),
        gt(helpSession.endsAt, since),
        lte(helpSession.endsAt, now),
        promptsOn,
      ),
    );
  return rows.map((r) => ({
    key: `after-session/help-session-${r.sessionId}`,
    userId: r.userId,
    to: r.email,
    locale: r.locale,
    timeZone: r.timeZone,
    props: {
      variant: "helpHours" as const,
      name: r.name,
      title: null,
      role: null,
      helpKind: r.kind,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      url: `${ctx.appUrl}/requests/${r.requestId}/sessions`,
    },
  }));
}

async function existingKeys(ctx: Ctx, keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await ctx.database.db
      .select({ key: emailOutbox.idempotencyKey })
      .from(emailOutbox)
      .where(inArray(emailOutbox.idempotencyKey, keys.slice(i, i + 500)));
    for (const r of rows) found.add(r.key);
  }
  return found;
}

/**
 * Queues the after-session prompts for sessions that ended in the last AFTER_SESSION_LOOKBACK_MS:
 * organisers to record attendance, shift volunteers and helping volunteers to confirm their hours.
 * People who switched after-session mail off get nothing queued. Returns how many were queued.
 */
export async function promptAfterSessions({ ctx }: { ctx: Ctx }) {
  const now = ctx.now();
  const since = now - AFTER_SESSION_LOOKBACK_MS;
  const prompts = [
    ...(await attendancePrompts(ctx, since, now)),
    ...(await shiftPrompts(ctx, since, now)),
    ...(await helpPrompts(ctx, since, now)),
  ];
  if (prompts.length === 0) return { queued: 0 };
  // Most ticks find only prompts queued before: skip the write lock for those.
  const known = await existingKeys(
    ctx,
    prompts.map((p) => p.key),
  );
  const fresh = prompts.filter((p) => !known.has(p.key));
  if (fresh.length === 0) return { queued: 0 };
  const queued = await ctx.database.write(async (tx) => {
    let count = 0;
    for (const p of fresh) {
      const before = await tx.select({ id: emailOutbox.id }).from(emailOutbox).where(eq(emailOutbox.idempotencyKey, p.key));
      if (before.length) continue;
      await enqueueEmail(ctx, tx, {
        template: "after-session",
        idempotencyKey: p.key,
        to: p.to,
        userId: p.userId,
        locale: p.locale,
        timeZone: p.timeZone,
        props: p.props,
      });
      count++;
    }
    return count;
  });
  return { queued };
}
