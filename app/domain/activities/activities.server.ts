import { and, asc, eq, gt, inArray, ne, sql } from "drizzle-orm";
import type { Queryable, Tx } from "#db/client";
import { activity, activitySeries, activitySession, initiative, neighbourhood, organisation, shift, signup, skill, user } from "#db/schema";
import type { Ctx } from "../context.server";
import { NotFound, Validation } from "../errors";
import { enqueueEmail } from "../notifications/outbox.server";
import { capacityChangeSchema, createActivitySchema, moveSessionSchema, withValues, type CreateActivityInput } from "./organiser-schemas";
import { can, ensure, ensureFound, requireActor, type Actor } from "../permissions";
import { expandRecurrence, type RecurrencePattern, type RecurrenceRule } from "../scheduling/recurrence";
import { localDateOf, localToInstant, minutesOf } from "../scheduling/local-time";
import { selectSignupPlaces, signupEndsAt, signupStartsAt } from "./signup-places.server";
import { promoteFromWaitlist } from "./signups.server";
import { syncSessionReminders } from "../notifications/reminders.server";
import { isValidTimeZone } from "../time";
import type { z } from "zod";

// The organiser's verbs on activities and their sessions: create (with the series materialised),
// and changes to single occurrences or the whole series. Reading views live in organiser.server.ts.

const MINUTE = 60_000;

type FieldErrors = Record<string, string[]>;

/** Zod issues as field errors named the way Conform names fields (`shifts[0].role`). */
export function conformFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const name = issue.path.reduce<string>(
      (acc, part) => (typeof part === "number" ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part),
      "",
    );
    (out[name || "form"] ??= []).push(issue.message);
  }
  return out;
}

function parseOrThrow<S extends z.ZodTypeAny>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new Validation(conformFieldErrors(parsed.error));
  return parsed.data;
}

/** "zondag 29 maart 2026" for a local date, in the language of the request. */
export function longDate(localDate: string, locale: string): string {
  const [y, m, d] = localDate.split("-").map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(locale, { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(
    Date.UTC(y, m - 1, d),
  );
}

/** Members and admins of the organisation, and platform admins, may change its activities. */
export const mayEditActivity = (actor: Actor | null, a: { organisationId: number }) => can.postForOrganisation(actor, a.organisationId);

/** Editors, and coordinators of the activity's neighbourhood, may see who signed up. */
export const mayViewSignups = (actor: Actor | null, a: { organisationId: number; neighbourhoodId: number }) =>
  mayEditActivity(actor, a) || can.coordinateNeighbourhood(actor, a.neighbourhoodId);

export async function loadActivity(db: Queryable, activityId: number) {
  const row = await db.query.activity.findFirst({ where: eq(activity.id, activityId) });
  if (!row) throw new NotFound();
  return row;
}

async function loadSessionForEdit(ctx: Ctx, tx: Tx, sessionId: number) {
  const [row] = await tx
    .select({ session: activitySession, activity })
    .from(activitySession)
    .innerJoin(activity, eq(activity.id, activitySession.activityId))
    .where(eq(activitySession.id, sessionId));
  if (!row) throw new NotFound();
  ensureFound(mayEditActivity(ctx.actor, row.activity));
  return row;
}

/** What the "new activity" form offers: the organisations the actor may post for, and lists. */
export async function getCreateActivityOptions({ ctx }: { ctx: Ctx }) {
  const actor = requireActor(ctx.actor);
  const db = ctx.database.db;
  const orgIds = actor.memberships.map((m) => m.organisationId);
  const organisations = await db
    .select({ id: organisation.id, name: organisation.name })
    .from(organisation)
    .where(actor.isAdmin ? eq(organisation.status, "approved") : and(eq(organisation.status, "approved"), inArray(organisation.id, orgIds)))
    .orderBy(asc(organisation.name));
  if (organisations.length === 0)
    return { organisations, initiatives: [], neighbourhoods: [], skills: [], defaultTimeZone: ctx.defaultTimeZone };
  const [initiatives, neighbourhoods, skills] = await Promise.all([
    db
      .select({ id: initiative.id, title: initiative.title, organisationId: initiative.organisationId })
      .from(initiative)
      .where(
        inArray(
          initiative.organisationId,
          organisations.map((o) => o.id),
        ),
      )
      .orderBy(asc(initiative.title)),
    db.select({ id: neighbourhood.id, name: neighbourhood.name }).from(neighbourhood).orderBy(asc(neighbourhood.name)),
    db.select({ id: skill.id, nameNl: skill.nameNl, nameEn: skill.nameEn }).from(skill).orderBy(asc(skill.nameNl)),
  ]);
  return { organisations, initiatives, neighbourhoods, skills, defaultTimeZone: ctx.defaultTimeZone };
}

function patternOf(v: z.output<typeof createActivitySchema>): RecurrencePattern {
  if (v.repeat === "weekly") return { kind: "weekly", interval: v.interval ?? 1, weekdays: v.weekdays ?? [] };
  if (v.repeat === "monthly") return { kind: "monthly", weekday: v.monthlyWeekday ?? 1, nth: (v.monthlyNth ?? 1) as 1 | 2 | 3 | 4 | -1 };
  return { kind: "once" };
}

async function chunkedInsert<T>(items: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) await insert(items.slice(i, i + size));
}

/**
 * Creates an activity with its schedule: the rule is stored on the series, every occurrence is
 * materialised as a session, and the shift templates are copied onto each session, in one
 * transaction. Shift times are offsets from the session's start, so a shift always stays inside
 * its session, also on the night of a daylight-saving change.
 */
export async function createActivity({ ctx, input }: { ctx: Ctx; input: CreateActivityInput }) {
  const actor = requireActor(ctx.actor);
  const v = parseOrThrow(createActivitySchema, input);
  ensure(can.postForOrganisation(actor, v.organisationId));
  const db = ctx.database.db;
  const now = ctx.now();
  const errors: FieldErrors = {};
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);

  const org = await db.query.organisation.findFirst({ where: eq(organisation.id, v.organisationId) });
  if (!org) throw new NotFound();
  if (org.status !== "approved") add("organisationId", "organiser.errors.organisationNotApproved");
  if (v.initiativeId !== undefined) {
    const ini = await db.query.initiative.findFirst({ where: eq(initiative.id, v.initiativeId) });
    if (!ini || ini.organisationId !== org.id) add("initiativeId", "organiser.errors.initiativeOfOther");
  }
  if (!(await db.query.neighbourhood.findFirst({ where: eq(neighbourhood.id, v.neighbourhoodId) })))
    add("neighbourhoodId", "organiser.errors.required");
  const shifts = v.shifts ?? [];
  const skillIds = [...new Set(shifts.flatMap((s) => (s.requiredSkillId === undefined ? [] : [s.requiredSkillId])))];
  const knownSkills = skillIds.length
    ? new Set((await db.select({ id: skill.id }).from(skill).where(inArray(skill.id, skillIds))).map((s) => s.id))
    : new Set<number>();
  shifts.forEach((s, i) => {
    if (s.requiredSkillId !== undefined && !knownSkills.has(s.requiredSkillId))
      add(`shifts[${i}].requiredSkillId`, "organiser.errors.required");
  });
  const timeZone = v.timeZone || ctx.defaultTimeZone;
  if (!isValidTimeZone(timeZone)) add("timeZone", "organiser.errors.timeZone");
  if (Object.keys(errors).length) throw new Validation(errors);

  if (v.startDate < localDateOf(now, timeZone)) throw new Validation({ startDate: ["organiser.errors.dateInPast"] });
  const durationMinutes = minutesOf(v.endTime) - minutesOf(v.startTime);
  const rule: RecurrenceRule = {
    startDate: v.startDate,
    startTime: v.startTime,
    durationMinutes,
    timeZone,
    pattern: patternOf(v),
    ...(v.repeat === "once"
      ? {}
      : v.endKind === "until" && v.until
        ? { end: { until: v.until } }
        : v.endKind === "count" && v.count
          ? { end: { count: v.count } }
          : {}),
  };
  const expansion = expandRecurrence(rule);
  if (!expansion.ok) {
    const e = expansion.error;
    if (e.code === "nonexistent-time") {
      throw new Validation({
        startTime: [withValues("organiser.errors.nonexistentTime", { date: longDate(e.localDate, ctx.locale), time: v.startTime })],
      });
    }
    if (e.code === "no-end") throw new Validation({ endKind: ["organiser.errors.recurrenceNoEnd"] });
    if (e.code === "too-many")
      throw new Validation({
        [v.endKind === "count" ? "count" : "until"]: [withValues("organiser.errors.tooManySessions", { max: e.max })],
      });
    throw new Validation({ form: ["errors.validation"] });
  }
  const occurrences = expansion.occurrences;
  if (occurrences.length === 0) throw new Validation({ until: ["organiser.errors.noSessions"] });
  if (occurrences[0]!.startsAt <= now) throw new Validation({ startTime: ["organiser.errors.timeInPast"] });

  const sessionStart = minutesOf(v.startTime);
  const templates = shifts.map((s) => ({
    role: s.role,
    needed: s.needed,
    startOffset: (minutesOf(s.startTime) - sessionStart) * MINUTE,
    endOffset: (minutesOf(s.endTime) - sessionStart) * MINUTE,
    requiresVog: s.requiresVog ?? false,
    requiredSkillId: s.requiredSkillId ?? null,
  }));

  return ctx.database.write(async (tx) => {
    const [created] = await tx
      .insert(activity)
      .values({
        organisationId: org.id,
        initiativeId: v.initiativeId ?? null,
        title: v.title,
        description: v.description,
        category: v.category,
        address: v.address,
        neighbourhoodId: v.neighbourhoodId,
        accessibility: v.accessibility ?? "",
        targetGroups: [...new Set(v.targetGroups)],
        timeZone,
        cancelCutoffHours: v.cancelCutoffHours ?? 0,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: activity.id });
    const activityId = created!.id;
    const [series] = await tx
      .insert(activitySeries)
      .values({
        activityId,
        rule: {
          ...rule,
          shiftTemplates: shifts.map((s) => ({ ...s, requiresVog: s.requiresVog ?? false, requiredSkillId: s.requiredSkillId ?? null })),
        },
        capacity: v.capacity ?? null,
        createdAt: now,
      })
      .returning({ id: activitySeries.id });
    const sessions: { id: number; startsAt: number }[] = [];
    await chunkedInsert(occurrences, 200, async (chunk) => {
      const rows = await tx
        .insert(activitySession)
        .values(
          chunk.map((o) => ({
            activityId,
            seriesId: series!.id,
            occurrenceDate: o.localDate,
            startsAt: o.startsAt,
            endsAt: o.endsAt,
            capacity: v.capacity ?? null,
            updatedAt: now,
          })),
        )
        .returning({ id: activitySession.id, startsAt: activitySession.startsAt });
      sessions.push(...rows);
    });
    const shiftRows = sessions.flatMap((s) =>
      templates.map((t) => ({
        sessionId: s.id,
        role: t.role,
        needed: t.needed,
        startsAt: s.startsAt + t.startOffset,
        endsAt: s.startsAt + t.endOffset,
        requiresVog: t.requiresVog,
        requiredSkillId: t.requiredSkillId,
      })),
    );
    await chunkedInsert(shiftRows, 500, (chunk) => tx.insert(shift).values(chunk));
    return { activityId, seriesId: series!.id, sessionIds: sessions.map((s) => s.id) };
  });
}

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
