import { and, asc, eq, gt, inArray, lt, or } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Queryable, Tx } from "#db/client";
import type { HelpRequestStatus } from "~/domain/vocabulary";
import { helpFeedback, helpRequest, helpSession, roleGrant, user } from "#db/schema";
import type { Ctx, VerbArgs } from "../context.server";
import { Conflict, NotFound, Validation } from "../errors";
import { fieldErrorsOf } from "../forms";
import { notifyHelp, transitionRequest } from "./match.server";
import { visibleFields } from "./visibility";
import { coordinatorMaySeeCare } from "../privacy/shared";
import {
  cancelSessionSchema,
  confirmSessionSchema,
  endMatchSchema,
  feedbackSchema,
  logHoursSchema,
  scheduleSessionsSchema,
  type ScheduleSessionsInput,
} from "./session-schemas";
import { requireActor, type Actor } from "../permissions";
import { syncHelpSessionReminders } from "../notifications/reminders.server";
import { expandRecurrence, type RecurrenceRule } from "../scheduling/recurrence";
import { localToInstant, minutesOf } from "../scheduling/local-time";

// After acceptance: the helping sessions of a match, cancelling one, ending the match, the
// volunteer confirming that a session took place (hours), and feedback for the coordinator.
// Every verb checks the actor's relation to this specific request first.

type Side = "requester" | "volunteer" | "coordinator";
type MatchRow = Pick<
  typeof helpRequest.$inferSelect,
  "id" | "kind" | "status" | "timeZone" | "requesterId" | "matchedVolunteerId" | "neighbourhoodId" | "matchedAt" | "endedAt" | "endReason"
>;

const matchColumns = {
  id: true,
  kind: true,
  status: true,
  timeZone: true,
  requesterId: true,
  matchedVolunteerId: true,
  neighbourhoodId: true,
  matchedAt: true,
  endedAt: true,
  endReason: true,
  updatedAt: true,
} as const;

function sidesOf(actor: Actor, request: MatchRow): Set<Side> {
  const sides = new Set<Side>();
  if (request.requesterId === actor.userId) sides.add("requester");
  if (request.matchedVolunteerId === actor.userId && (request.status === "matched" || request.status === "completed"))
    sides.add("volunteer");
  if (actor.isAdmin || actor.coordinatorOf.includes(request.neighbourhoodId)) sides.add("coordinator");
  return sides;
}

/** Loads the request and the actor's sides; someone with no side (or not the side a step needs) gets NotFound, as for a missing request. */
async function loadMatch(ctx: Ctx, db: Queryable, requestId: number) {
  const actor = requireActor(ctx.actor);
  const request = await db.query.helpRequest.findFirst({ where: eq(helpRequest.id, requestId), columns: matchColumns });
  if (!request) throw new NotFound();
  const sides = sidesOf(actor, request);
  if (sides.size === 0) throw new NotFound();
  return { actor, request, sides };
}

function requireSide(sides: Set<Side>, ...allowed: Side[]) {
  if (!allowed.some((s) => sides.has(s))) throw new NotFound();
}

function requireStatus(request: MatchRow, ...statuses: HelpRequestStatus[]) {
  if (!statuses.includes(request.status))
    throw new Conflict(request.status === "completed" ? "helpMatch.errors.ended" : "helpMatch.errors.notMatched");
}

function parse<T>(
  schema: {
    safeParse: (
      v: unknown,
    ) => { success: true; data: T } | { success: false; error: { issues: { path: (string | number)[]; message: string }[] } };
  },
  input: unknown,
): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new Validation(fieldErrorsOf(result.error));
}

/** Everyone to tell about a change, except the one who made it: the other side and the coordinators. */
async function partiesToTell(tx: Tx, request: MatchRow, actorId: number): Promise<number[]> {
  const coordinators = await tx
    .select({ userId: roleGrant.userId })
    .from(roleGrant)
    .where(and(eq(roleGrant.role, "coordinator"), eq(roleGrant.neighbourhoodId, request.neighbourhoodId)));
  const ids = [request.requesterId, request.matchedVolunteerId, ...coordinators.map((c) => c.userId)];
  return [...new Set(ids.filter((id): id is number => id !== null && id !== actorId))];
}

// ── Reading ──────────────────────────────────────────────────────────────────────────────────────

/** The sessions page of a match: the request in brief, its sessions, feedback, and what this person may do. */
export async function getHelpMatch({ ctx, input }: VerbArgs<{ requestId: number }>) {
  const db = ctx.database.db;
  const { actor, request, sides } = await loadMatch(ctx, db, input.requestId);
  const names = new Map(
    (
      await db
        .select({ id: user.id, name: user.name })
        .from(user)
        .where(inArray(user.id, [request.requesterId ?? 0, request.matchedVolunteerId ?? 0]))
    ).map((u) => [u.id, u.name]),
  );
  const volunteerRelation = request.status === "matched" ? "accepted-volunteer" : "former-volunteer";
  const seesRequester =
    sides.has("requester") ||
    // The coordinator's view of who asked ends with their access to the care details (decision 034).
    (sides.has("coordinator") && coordinatorMaySeeCare(request, ctx.now())) ||
    visibleFields(volunteerRelation, request.status).has("requesterName");
  const sessions = await db.query.helpSession.findMany({
    where: eq(helpSession.requestId, request.id),
    orderBy: [asc(helpSession.startsAt), asc(helpSession.id)],
  });
  const feedback = await db
    .select({
      id: helpFeedback.id,
      authorId: helpFeedback.authorId,
      authorName: user.name,
      text: helpFeedback.text,
      createdAt: helpFeedback.createdAt,
    })
    .from(helpFeedback)
    .leftJoin(user, eq(user.id, helpFeedback.authorId))
    .where(eq(helpFeedback.requestId, request.id))
    .orderBy(asc(helpFeedback.createdAt));
  const matched = request.status === "matched";
  const now = ctx.now();
  return {
    request: {
      id: request.id,
      kind: request.kind,
      status: request.status,
      timeZone: request.timeZone,
      endedAt: request.endedAt,
      endReason: request.endReason,
    },
    volunteerName: request.matchedVolunteerId ? (names.get(request.matchedVolunteerId) ?? null) : null,
    requesterName: seesRequester && request.requesterId ? (names.get(request.requesterId) ?? null) : null,
    sides: [...sides],
    sessions: sessions.map((s) => ({
      id: s.id,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      status: s.status,
      cancelReason: s.cancelReason,
      confirmedAt: s.confirmedAt,
      /** The volunteer confirmed from a reminder that they will come. */
      comingConfirmedAt: s.comingConfirmedAt,
      minutes: s.minutes,
      upcoming: s.startsAt > now,
      over: s.endsAt <= now,
    })),
    // Feedback is for the coordinator; an author sees only their own, to change it.
    feedback: sides.has("coordinator") ? feedback : [],
    ownFeedback: feedback.find((f) => f.authorId === actor.userId)?.text ?? null,
    may: {
      schedule: matched && (sides.has("coordinator") || sides.has("volunteer")),
      cancel: matched,
      end: matched,
      confirm: sides.has("volunteer"),
      feedback: request.status === "completed" && (sides.has("requester") || sides.has("volunteer")),
    },
  };
}

export type HelpSessionForPerson = {
  id: number;
  requestId: number;
  kind: MatchRow["kind"];
  role: "requester" | "volunteer";
  startsAt: number;
  endsAt: number;
  status: "scheduled" | "cancelled";
  confirmedAt: number | null;
  otherName: string | null;
};

/**
 * The signed-in person's helping sessions between `from` and `to` (overlapping), as requester or
 * as matched volunteer, for a personal schedule. No care details: the kind and the other side's name.
 */
export async function helpSessionsForPerson(ctx: Ctx, from: number, to: number): Promise<HelpSessionForPerson[]> {
  const actor = requireActor(ctx.actor);
  const requester = alias(user, "requester");
  const volunteer = alias(user, "volunteer");
  const rows = await ctx.database.db
    .select({
      id: helpSession.id,
      requestId: helpRequest.id,
      kind: helpRequest.kind,
      requestStatus: helpRequest.status,
      requesterId: helpRequest.requesterId,
      startsAt: helpSession.startsAt,
      endsAt: helpSession.endsAt,
      status: helpSession.status,
      confirmedAt: helpSession.confirmedAt,
      requesterName: requester.name,
      volunteerName: volunteer.name,
    })
    .from(helpSession)
    .innerJoin(helpRequest, eq(helpRequest.id, helpSession.requestId))
    .leftJoin(requester, eq(requester.id, helpRequest.requesterId))
    .leftJoin(volunteer, eq(volunteer.id, helpRequest.matchedVolunteerId))
    .where(
      and(
        or(
          eq(helpRequest.requesterId, actor.userId),
          and(eq(helpRequest.matchedVolunteerId, actor.userId), inArray(helpRequest.status, ["matched", "completed"])),
        ),
        lt(helpSession.startsAt, to),
        gt(helpSession.endsAt, from),
      ),
    )
    .orderBy(asc(helpSession.startsAt), asc(helpSession.id));
  return rows.map((r) => {
    const role = r.requesterId === actor.userId ? "requester" : "volunteer";
    return {
      id: r.id,
      requestId: r.requestId,
      kind: r.kind,
      role,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      status: r.status,
      confirmedAt: r.confirmedAt,
      // The requester's name is a care detail for the volunteer: only while the match lasts.
      otherName: role === "requester" ? r.volunteerName : r.requestStatus === "matched" ? r.requesterName : null,
    };
  });
}

// ── Scheduling and cancelling ──────────────────────────────────────────────────────────────────

function ruleFor(input: ScheduleSessionsInput, timeZone: string): RecurrenceRule {
  const durationMinutes = minutesOf(input.endTime) - minutesOf(input.startTime);
  const base = { startDate: input.date, startTime: input.startTime, durationMinutes, timeZone };
  return input.repeat === "once"
    ? { ...base, pattern: { kind: "once" } }
    : {
        ...base,
        pattern: { kind: "weekly", interval: input.interval ?? 1, weekdays: input.weekdays ?? [] },
        end: { count: input.count ?? 1 },
      };
}

/**
 * Schedules one session or a weekly series for a match, in the request's time zone (so 14:00 stays
 * 14:00 across a DST change). The coordinator or the matched volunteer; sessions must lie in the
 * future and must not overlap a session already planned for this match.
 */
export async function scheduleHelpSessions({ ctx, input }: VerbArgs<{ requestId: number } & Record<string, unknown>>) {
  const values = parse(scheduleSessionsSchema, input);
  return ctx.database.write(async (tx) => {
    const { request, sides } = await loadMatch(ctx, tx, input.requestId);
    requireSide(sides, "coordinator", "volunteer");
    requireStatus(request, "matched");
    const expanded = expandRecurrence(ruleFor(values, request.timeZone));
    if (!expanded.ok) {
      throw new Validation(
        expanded.error.code === "nonexistent-time"
          ? { startTime: ["helpMatch.errors.nonexistentTime"] }
          : { form: ["helpMatch.errors.invalidPattern"] },
      );
    }
    const now = ctx.now();
    if (expanded.occurrences.some((o) => o.startsAt <= now)) throw new Validation({ date: ["helpMatch.errors.past"] });
    const planned = await tx
      .select({ startsAt: helpSession.startsAt, endsAt: helpSession.endsAt })
      .from(helpSession)
      .where(and(eq(helpSession.requestId, request.id), eq(helpSession.status, "scheduled")));
    if (expanded.occurrences.some((o) => planned.some((p) => o.startsAt < p.endsAt && p.startsAt < o.endsAt))) {
      throw new Validation({ date: ["helpMatch.errors.overlap"] });
    }
    const rows = await tx
      .insert(helpSession)
      .values(expanded.occurrences.map((o) => ({ requestId: request.id, startsAt: o.startsAt, endsAt: o.endsAt, createdAt: now })))
      .returning({ id: helpSession.id });
    await syncHelpSessionReminders(
      ctx,
      tx,
      rows.map((r) => r.id),
    );
    return { created: rows.length };
  });
}

/** Cancels one planned session with a reason; tells the other side and the coordinators. */
export async function cancelHelpSession({ ctx, input }: VerbArgs<{ requestId: number } & Record<string, unknown>>) {
  const values = parse(cancelSessionSchema, input);
  return ctx.database.write(async (tx) => {
    const { actor, request } = await loadMatch(ctx, tx, input.requestId);
    requireStatus(request, "matched");
    const session = await tx.query.helpSession.findFirst({
      where: and(eq(helpSession.id, values.sessionId), eq(helpSession.requestId, request.id)),
    });
    if (!session) throw new NotFound();
    if (session.status === "cancelled") throw new Conflict("helpMatch.errors.alreadyCancelled");
    const now = ctx.now();
    if (session.startsAt <= now) throw new Conflict("helpMatch.errors.started");
    const updated = await tx
      .update(helpSession)
      .set({ status: "cancelled", cancelledById: actor.userId, cancelReason: values.reason, sequence: session.sequence + 1 })
      .where(and(eq(helpSession.id, session.id), eq(helpSession.status, "scheduled")))
      .returning({ id: helpSession.id });
    if (updated.length === 0) throw new Conflict("helpMatch.errors.alreadyCancelled");
    await syncHelpSessionReminders(ctx, tx, [session.id]);
    for (const userId of await partiesToTell(tx, request, actor.userId)) {
      await notifyHelp(ctx, tx, {
        userId,
        requestId: request.id,
        variant: "sessionCancelled",
        key: `${session.id}-${session.sequence + 1}/${userId}`,
      });
    }
    return { sessionId: session.id };
  });
}

/**
 * Ends the match with a reason: the request is completed (with endedAt and the reason), sessions
 * still to come are cancelled, and the other side and the coordinators are told.
 */
export async function endHelpMatch({ ctx, input }: VerbArgs<{ requestId: number } & Record<string, unknown>>) {
  const values = parse(endMatchSchema, input);
  return ctx.database.write(async (tx) => {
    const { actor, request } = await loadMatch(ctx, tx, input.requestId);
    requireStatus(request, "matched");
    const now = ctx.now();
    await transitionRequest(ctx, tx, request.id, "complete", { endedAt: now, endReason: values.reason }, values.reason);
    const upcoming = await tx.query.helpSession.findMany({
      where: and(eq(helpSession.requestId, request.id), eq(helpSession.status, "scheduled"), gt(helpSession.startsAt, now)),
      columns: { id: true, sequence: true },
    });
    for (const s of upcoming) {
      await tx
        .update(helpSession)
        .set({ status: "cancelled", cancelledById: actor.userId, cancelReason: values.reason, sequence: s.sequence + 1 })
        .where(eq(helpSession.id, s.id));
    }
    await syncHelpSessionReminders(
      ctx,
      tx,
      upcoming.map((s) => s.id),
    );
    for (const userId of await partiesToTell(tx, request, actor.userId)) {
      await notifyHelp(ctx, tx, { userId, requestId: request.id, variant: "matchEnded", key: `${request.id}/${userId}` });
    }
    return { cancelledSessions: upcoming.length };
  });
}

// ── Hours and feedback ─────────────────────────────────────────────────────────────────────────

/**
 * The matched volunteer confirms that a session took place, once it is over. Minutes default to
 * the session's length; confirming again changes them (the first confirmation time is kept).
 */
export async function confirmHelpSession({ ctx, input }: VerbArgs<{ requestId: number } & Record<string, unknown>>) {
  const values = parse(confirmSessionSchema, input);
  return ctx.database.write(async (tx) => {
    const { request, sides } = await loadMatch(ctx, tx, input.requestId);
    requireSide(sides, "volunteer");
    const session = await tx.query.helpSession.findFirst({
      where: and(eq(helpSession.id, values.sessionId), eq(helpSession.requestId, request.id)),
    });
    if (!session) throw new NotFound();
    if (session.status === "cancelled") throw new Conflict("helpMatch.errors.alreadyCancelled");
    const now = ctx.now();
    if (session.endsAt > now) throw new Validation({ minutes: ["helpMatch.errors.notOverYet"] });
    const minutes = values.minutes ?? Math.round((session.endsAt - session.startsAt) / 60_000);
    await tx
      .update(helpSession)
      .set({ confirmedAt: session.confirmedAt ?? now, minutes })
      .where(eq(helpSession.id, session.id));
    return { sessionId: session.id, minutes };
  });
}

/** The matched volunteer logs hours of help that was not planned in Noaber: a confirmed session in the past. */
export async function logHelpHours({ ctx, input }: VerbArgs<{ requestId: number } & Record<string, unknown>>) {
  const values = parse(logHoursSchema, input);
  return ctx.database.write(async (tx) => {
    const { request, sides } = await loadMatch(ctx, tx, input.requestId);
    requireSide(sides, "volunteer");
    const start = localToInstant(values.date, values.startTime, request.timeZone);
    if (!start.ok) throw new Validation({ startTime: ["helpMatch.errors.nonexistentTime"] });
    const endsAt = start.epochMs + values.minutes * 60_000;
    const now = ctx.now();
    if (endsAt > now) throw new Validation({ date: ["helpMatch.errors.logFuture"] });
    if (request.matchedAt !== null && start.epochMs < request.matchedAt) throw new Validation({ date: ["helpMatch.errors.beforeMatch"] });
    if (request.endedAt !== null && start.epochMs > request.endedAt) throw new Validation({ date: ["helpMatch.errors.afterEnd"] });
    const [row] = await tx
      .insert(helpSession)
      .values({ requestId: request.id, startsAt: start.epochMs, endsAt, confirmedAt: now, minutes: values.minutes, createdAt: now })
      .returning({ id: helpSession.id });
    return { sessionId: row!.id };
  });
}

/** Short feedback for the coordinator once the match has ended: one per author (writing again replaces it). */
export async function leaveHelpFeedback({ ctx, input }: VerbArgs<{ requestId: number } & Record<string, unknown>>) {
  const values = parse(feedbackSchema, input);
  return ctx.database.write(async (tx) => {
    const { actor, request, sides } = await loadMatch(ctx, tx, input.requestId);
    requireSide(sides, "requester", "volunteer");
    if (request.status !== "completed") throw new Conflict("helpMatch.errors.feedbackNotYet");
    const now = ctx.now();
    await tx
      .insert(helpFeedback)
      .values({ requestId: request.id, authorId: actor.userId, text: values.text, createdAt: now })
      .onConflictDoUpdate({ target: [helpFeedback.requestId, helpFeedback.authorId], set: { text: values.text, createdAt: now } });
    return { requestId: request.id };
  });
}
