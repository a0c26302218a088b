import { and, asc, count, eq, gt, gte, inArray, isNull, lt, sql } from "drizzle-orm";
import type { Queryable, Tx } from "#db/client";
import { circleMember, circleTask, circleTaskClaim, circleTaskOccurrence, user } from "#db/schema";
import type { Ctx, VerbArgs } from "../context.server";
import { Conflict, NotFound, Validation } from "../errors";
import { withValues } from "../message-keys";
import { longDate, parseOrThrow } from "../activities/activity-rules.server";
import { isRealDate, startOfDay } from "../calendar/schedule.server";
import { enqueueEmail } from "../notifications/outbox.server";
import { syncCircleClaimReminders, syncCircleOccurrenceReminders } from "../notifications/reminders.server";
import { addDays, localDateOf, minutesOf, weekdayOf, type LocalDate } from "../scheduling/local-time";
import { expandRecurrence, type RecurrencePattern, type RecurrenceRule } from "../scheduling/recurrence";
import type { CircleTaskKind } from "../vocabulary";
import { loadCircleForMember, logCircleCareRead, type CircleAccess } from "./access.server";
import { LOAD_WEEKS, STRAIN_THRESHOLDS, strainReasons } from "./strain";
import { cancelCircleTaskSchema, circleTaskActionSchema, createCircleTaskSchema, type CreateCircleTaskInput } from "./task-schemas";
import type { z } from "zod";

// The task calendar of a care circle (issue 16): tasks (one-off or recurring, expanded into
// occurrences in the circle's time zone), places taken by members (claimed, or assigned by a lead),
// the load over the last weeks and the lead's hand-off suggestion.
//
// Who may do what: any current member adds a task and takes or gives back a place; a lead (lead or
// co-lead) assigns a member to an open place, releases anyone's place and cancels any task; the
// member who added a task may cancel it too. Everyone else gets NotFound (decision 048).
//
// Places are enforced by one conditional INSERT (active claims < places), so two members racing
// for the last place get one place and one Conflict ("someone just took the last place").

const DAY = 24 * 3_600_000;
const WEEK = 7 * DAY;

function patternOf(v: z.output<typeof createCircleTaskSchema>): RecurrencePattern {
  if (v.repeat === "weekly") return { kind: "weekly", interval: v.interval ?? 1, weekdays: v.weekdays ?? [] };
  if (v.repeat === "monthly") return { kind: "monthly", weekday: v.monthlyWeekday ?? 1, nth: (v.monthlyNth ?? 1) as 1 | 2 | 3 | 4 | -1 };
  return { kind: "once" };
}

function endOf(v: z.output<typeof createCircleTaskSchema>): Pick<RecurrenceRule, "end"> {
  if (v.repeat === "once") return {};
  if (v.endKind === "until" && v.until) return { end: { until: v.until } };
  if (v.endKind === "count" && v.count) return { end: { count: v.count } };
  return {};
}

/** The rule's occurrences, or a Validation error next to the field that caused the problem. */
function expandOrRefuse(v: z.output<typeof createCircleTaskSchema>, rule: RecurrenceRule, locale: string) {
  const expansion = expandRecurrence(rule);
  if (!expansion.ok) {
    const e = expansion.error;
    if (e.code === "nonexistent-time")
      throw new Validation({
        startTime: [withValues("circleTasks.errors.nonexistentTime", { date: longDate(e.localDate, locale), time: v.startTime })],
      });
    if (e.code === "no-end") throw new Validation({ endKind: ["circleTasks.errors.noEnd"] });
    if (e.code === "too-many")
      throw new Validation({ [v.endKind === "count" ? "count" : "until"]: [withValues("circleTasks.errors.tooMany", { max: e.max })] });
    throw new Validation({ form: ["errors.validation"] });
  }
  if (expansion.occurrences.length === 0) throw new Validation({ until: ["circleTasks.errors.noOccurrences"] });
  return expansion.occurrences;
}

/** Adds a task to the circle (any member), with its occurrences. */
export async function createCircleTask({ ctx, input }: VerbArgs<CreateCircleTaskInput & { circleId: number }>) {
  const { circleId, ...form } = input;
  const now = ctx.now();
  return ctx.database.write(async (tx) => {
    const access = await loadCircleForMember(ctx, circleId, tx);
    const v = parseOrThrow(createCircleTaskSchema, form);
    const zone = access.circle.timeZone;
    if (v.startDate < localDateOf(now, zone)) throw new Validation({ startDate: ["circleTasks.errors.dateInPast"] });
    const rule: RecurrenceRule = {
      startDate: v.startDate,
      startTime: v.startTime,
      durationMinutes: minutesOf(v.endTime) - minutesOf(v.startTime),
      timeZone: zone,
      pattern: patternOf(v),
      ...endOf(v),
    };
    const occurrences = expandOrRefuse(v, rule, ctx.locale);
    if (occurrences[0]!.startsAt <= now) throw new Validation({ startTime: ["circleTasks.errors.timeInPast"] });
    const [task] = await tx
      .insert(circleTask)
      .values({
        circleId,
        kind: v.kind,
        title: v.title,
        notes: v.notes ?? "",
        places: v.places,
        rule: { ...rule },
        createdById: access.member.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: circleTask.id });
    for (let i = 0; i < occurrences.length; i += 100) {
      await tx.insert(circleTaskOccurrence).values(
        occurrences.slice(i, i + 100).map((o) => ({
          taskId: task!.id,
          circleId,
          occurrenceDate: o.localDate,
          startsAt: o.startsAt,
          endsAt: o.endsAt,
          places: v.places,
          updatedAt: now,
        })),
      );
    }
    return { taskId: task!.id, occurrences: occurrences.length };
  });
}

/** A task of this circle; NotFound for a task of another circle. */
async function loadTask(db: Queryable, circleId: number, taskId: number) {
  if (!Number.isSafeInteger(taskId) || taskId <= 0) throw new NotFound();
  const [task] = await db
    .select()
    .from(circleTask)
    .where(and(eq(circleTask.id, taskId), eq(circleTask.circleId, circleId)));
  if (!task) throw new NotFound();
  return task;
}

/** The lead, a co-lead, or the member who added the task. */
const mayCancel = (access: CircleAccess, task: { createdById: number | null }) => access.leads || task.createdById === access.member.userId;

/** A task with its coming occurrences, for its own page (cancel the task or one occurrence). */
export async function getCircleTask({ ctx, input }: VerbArgs<{ circleId: number; taskId: number }>) {
  const access = await loadCircleForMember(ctx, input.circleId);
  const db = ctx.database.db;
  const task = await loadTask(db, input.circleId, input.taskId);
  const occurrences = await db
    .select({ id: circleTaskOccurrence.id, startsAt: circleTaskOccurrence.startsAt, endsAt: circleTaskOccurrence.endsAt })
    .from(circleTaskOccurrence)
    .where(
      and(
        eq(circleTaskOccurrence.taskId, task.id),
        eq(circleTaskOccurrence.status, "scheduled"),
        gt(circleTaskOccurrence.startsAt, ctx.now()),
      ),
    )
    .orderBy(asc(circleTaskOccurrence.startsAt))
    .limit(50);
  const showsNotes = task.notes !== "" && task.createdById !== access.member.userId;
  if (showsNotes) await logCircleCareRead(ctx, input.circleId, ["task-notes"]);
  return {
    circle: access.circle,
    task: { id: task.id, kind: task.kind, title: task.title, notes: task.notes, places: task.places, cancelled: task.cancelledAt !== null },
    mayCancel: mayCancel(access, task) && task.cancelledAt === null,
    occurrences,
  };
}

/** Cancels every occurrence still ahead (places given back, reminders cancelled) and the task. */
async function cancelTask(ctx: Ctx, tx: Tx, access: CircleAccess, taskId: number) {
  const now = ctx.now();
  const task = await loadTask(tx, access.circle.id, taskId);
  if (!mayCancel(access, task)) throw new NotFound();
  if (task.cancelledAt !== null) return { cancelled: 0 };
  await tx.update(circleTask).set({ cancelledAt: now, updatedAt: now }).where(eq(circleTask.id, task.id));
  const cancelled = await tx
    .update(circleTaskOccurrence)
    .set({ status: "cancelled", sequence: sql`${circleTaskOccurrence.sequence} + 1`, updatedAt: now })
    .where(
      and(eq(circleTaskOccurrence.taskId, task.id), eq(circleTaskOccurrence.status, "scheduled"), gt(circleTaskOccurrence.startsAt, now)),
    )
    .returning({ id: circleTaskOccurrence.id });
  await releaseAndResync(
    ctx,
    tx,
    cancelled.map((o) => o.id),
  );
  return { cancelled: cancelled.length };
}

/** Gives back every active place of these (cancelled) occurrences and cancels their reminders. */
async function releaseAndResync(ctx: Ctx, tx: Tx, occurrenceIds: number[]) {
  for (let i = 0; i < occurrenceIds.length; i += 500) {
    const chunk = occurrenceIds.slice(i, i + 500);
    await tx
      .update(circleTaskClaim)
      .set({ releasedAt: ctx.now() })
      .where(and(inArray(circleTaskClaim.occurrenceId, chunk), isNull(circleTaskClaim.releasedAt)));
    await syncCircleOccurrenceReminders(ctx, tx, chunk);
  }
}

/** Cancels one occurrence still ahead (lead or the task's creator). */
async function cancelOccurrence(ctx: Ctx, tx: Tx, access: CircleAccess, taskId: number, occurrenceId: number) {
  const now = ctx.now();
  const task = await loadTask(tx, access.circle.id, taskId);
  if (!mayCancel(access, task)) throw new NotFound();
  const occurrence = await tx.query.circleTaskOccurrence.findFirst({
    where: and(eq(circleTaskOccurrence.id, occurrenceId), eq(circleTaskOccurrence.taskId, task.id)),
  });
  if (!occurrence) throw new NotFound();
  if (occurrence.status === "cancelled") return { cancelled: 0 };
  if (occurrence.startsAt <= now) throw new Validation({ form: ["circleTasks.errors.past"] });
  await tx
    .update(circleTaskOccurrence)
    .set({ status: "cancelled", sequence: sql`${circleTaskOccurrence.sequence} + 1`, updatedAt: now })
    .where(eq(circleTaskOccurrence.id, occurrence.id));
  await releaseAndResync(ctx, tx, [occurrence.id]);
  return { cancelled: 1 };
}

/** The task page's forms: cancel the task from now on, or one occurrence. */
export async function cancelCircleTask({ ctx, input }: VerbArgs<{ circleId: number; taskId: number; form: unknown }>) {
  const form = parseOrThrow(cancelCircleTaskSchema, input.form);
  return ctx.database.write(async (tx) => {
    const access = await loadCircleForMember(ctx, input.circleId, tx);
    return form.intent === "cancel-task"
      ? cancelTask(ctx, tx, access, input.taskId)
      : cancelOccurrence(ctx, tx, access, input.taskId, form.occurrenceId);
  });
}

// ── Places ───────────────────────────────────────────────────────────────────────────────────────

/**
 * Takes a place for `userId` in one conditional statement: only for a scheduled occurrence of this
 * circle that has not started, only while it has a place open, and (for an assignment) only for a
 * current member. Null when nothing was inserted.
 */
async function insertClaim(tx: Tx, circleId: number, occurrenceId: number, userId: number, assignedById: number | null, now: number) {
  const result = await tx.run(sql`
    INSERT INTO ${circleTaskClaim} (occurrence_id, user_id, assigned_by_id, claimed_at)
    SELECT o.id, ${userId}, ${assignedById}, ${now}
    FROM ${circleTaskOccurrence} o
    WHERE o.id = ${occurrenceId} AND o.circle_id = ${circleId} AND o.status = 'scheduled' AND o.starts_at > ${now}
      AND (SELECT count(*) FROM ${circleTaskClaim} c WHERE c.occurrence_id = o.id AND c.released_at IS NULL) < o.places
      AND EXISTS (SELECT 1 FROM ${circleMember} m WHERE m.circle_id = ${circleId} AND m.user_id = ${userId} AND m.left_at IS NULL)
    ON CONFLICT DO NOTHING
    RETURNING id`);
  const row = result.rows[0] as unknown as { id: number } | undefined;
  return row ? Number(row.id) : null;
}

/** Why a place could not be taken: NotFound, past or cancelled (Validation), taken already, or full. */
async function whyNoPlace(tx: Tx, circleId: number, occurrenceId: number, userId: number, now: number): Promise<never | number> {
  const occurrence = await tx.query.circleTaskOccurrence.findFirst({
    where: and(eq(circleTaskOccurrence.id, occurrenceId), eq(circleTaskOccurrence.circleId, circleId)),
  });
  if (!occurrence) throw new NotFound();
  if (occurrence.status !== "scheduled") throw new Validation({ form: ["circleTasks.errors.cancelled"] });
  if (occurrence.startsAt <= now) throw new Validation({ form: ["circleTasks.errors.past"] });
  const mine = await tx.query.circleTaskClaim.findFirst({
    where: and(eq(circleTaskClaim.occurrenceId, occurrenceId), eq(circleTaskClaim.userId, userId), isNull(circleTaskClaim.releasedAt)),
  });
  if (mine) return mine.id;
  const member = await tx.query.circleMember.findFirst({
    where: and(eq(circleMember.circleId, circleId), eq(circleMember.userId, userId), isNull(circleMember.leftAt)),
  });
  if (!member) throw new Validation({ userId: ["circleTasks.errors.notMember"] });
  throw new Conflict("circleTasks.errors.full");
}

async function takePlace(ctx: Ctx, tx: Tx, circleId: number, occurrenceId: number, userId: number, assignedById: number | null) {
  const now = ctx.now();
  const inserted = await insertClaim(tx, circleId, occurrenceId, userId, assignedById, now);
  if (inserted === null) return { claimId: await whyNoPlace(tx, circleId, occurrenceId, userId, now), already: true };
  await syncCircleClaimReminders(ctx, tx, [inserted]);
  if (assignedById !== null && assignedById !== userId) await mailAssignment(ctx, tx, inserted);
  return { claimId: inserted, already: false };
}

/** Tells the member a lead assigned: the kind, the time and a link to the circle, nothing more. */
async function mailAssignment(ctx: Ctx, tx: Tx, claimId: number) {
  const [row] = await tx
    .select({
      circleId: circleTaskOccurrence.circleId,
      kind: circleTask.kind,
      startsAt: circleTaskOccurrence.startsAt,
      endsAt: circleTaskOccurrence.endsAt,
      userId: user.id,
      email: user.email,
      name: user.name,
      locale: user.locale,
      timeZone: user.timeZone,
    })
    .from(circleTaskClaim)
    .innerJoin(circleTaskOccurrence, eq(circleTaskOccurrence.id, circleTaskClaim.occurrenceId))
    .innerJoin(circleTask, eq(circleTask.id, circleTaskOccurrence.taskId))
    .innerJoin(user, eq(user.id, circleTaskClaim.userId))
    .where(eq(circleTaskClaim.id, claimId));
  if (!row) return;
  await enqueueEmail(ctx, tx, {
    template: "circle-task-assigned",
    idempotencyKey: `circle-task-assigned/${claimId}`,
    to: row.email,
    userId: row.userId,
    locale: row.locale,
    timeZone: row.timeZone,
    props: { name: row.name, kind: row.kind, startsAt: row.startsAt, endsAt: row.endsAt, url: `${ctx.appUrl}/circles/${row.circleId}` },
  });
}

/** Gives back a place (the member's own, or any for a lead) of an occurrence not yet started. */
async function releaseClaim(ctx: Ctx, tx: Tx, circleId: number, where: ReturnType<typeof and>) {
  const now = ctx.now();
  const [claim] = await tx
    .select({ id: circleTaskClaim.id, startsAt: circleTaskOccurrence.startsAt })
    .from(circleTaskClaim)
    .innerJoin(circleTaskOccurrence, eq(circleTaskOccurrence.id, circleTaskClaim.occurrenceId))
    .where(and(eq(circleTaskOccurrence.circleId, circleId), isNull(circleTaskClaim.releasedAt), where));
  if (!claim) return { released: false };
  if (claim.startsAt <= now) throw new Validation({ form: ["circleTasks.errors.past"] });
  await tx.update(circleTaskClaim).set({ releasedAt: now }).where(eq(circleTaskClaim.id, claim.id));
  await syncCircleClaimReminders(ctx, tx, [claim.id]);
  return { released: true };
}

/**
 * The small forms of the calendar: claim and unclaim (any member, for themselves), assign and
 * release (leads). A full occurrence is a Conflict with the key `circleTasks.errors.full`.
 */
export async function changeCirclePlace({ ctx, input }: VerbArgs<{ circleId: number; form: unknown }>) {
  const form = parseOrThrow(circleTaskActionSchema, input.form);
  return ctx.database.write(async (tx) => {
    const access = await loadCircleForMember(ctx, input.circleId, tx);
    const me = access.member.userId;
    const circleId = access.circle.id;
    switch (form.intent) {
      case "claim":
        return { intent: form.intent, ...(await takePlace(ctx, tx, circleId, form.occurrenceId, me, null)) };
      case "unclaim":
        return {
          intent: form.intent,
          ...(await releaseClaim(
            ctx,
            tx,
            circleId,
            and(eq(circleTaskClaim.occurrenceId, form.occurrenceId), eq(circleTaskClaim.userId, me)),
          )),
        };
      case "assign":
        if (!access.leads) throw new NotFound();
        return { intent: form.intent, ...(await takePlace(ctx, tx, circleId, form.occurrenceId, form.userId, me)) };
      case "release":
        if (!access.leads) throw new NotFound();
        return { intent: form.intent, ...(await releaseClaim(ctx, tx, circleId, eq(circleTaskClaim.id, form.claimId))) };
    }
  });
}

// ── The calendar, the load and the suggestion ────────────────────────────────────────────────────

/** The Monday of the week asked for (`?week=` any date in it), or of this week with a problem key. */
function weekOf(asked: string | undefined, today: LocalDate) {
  const valid = asked !== undefined && asked !== "" && isRealDate(asked);
  const day = valid ? asked : today;
  return { monday: addDays(day, 1 - weekdayOf(day)), problem: asked && !valid ? "circleTasks.calendar.badWeek" : null };
}

const nameOf = sql<string | null>`${user.name}`;

/**
 * The circle's calendar for one week (Monday–Sunday in the circle's zone): every occurrence with
 * its task, who took the places, the actor's own place; the load per person over the last
 * `LOAD_WEEKS` weeks; for leads the hand-off suggestion. A fixed number of statements.
 */
export async function getTaskCalendar({ ctx, input }: VerbArgs<{ circleId: number; week?: string }>) {
  const access = await loadCircleForMember(ctx, input.circleId);
  const { circle } = access;
  const zone = circle.timeZone;
  const now = ctx.now();
  const db = ctx.database.db;
  const { monday, problem } = weekOf(input.week, localDateOf(now, zone));
  const from = startOfDay(monday, zone);
  const to = startOfDay(addDays(monday, 7), zone);
  const activeClaim = and(eq(circleTaskClaim.occurrenceId, circleTaskOccurrence.id), isNull(circleTaskClaim.releasedAt));
  // One statement for the week: each occurrence with its task and, as JSON, the active places
  // ([claim id, user id, name, assigned]) in the order they were taken.
  const takenJson = sql<string>`(SELECT json_group_array(json_array(c.id, c.user_id, u.name, c.assigned_by_id IS NOT NULL)) FROM (SELECT * FROM ${circleTaskClaim} WHERE ${circleTaskClaim.occurrenceId} = ${circleTaskOccurrence.id} AND ${circleTaskClaim.releasedAt} IS NULL ORDER BY ${circleTaskClaim.id}) c LEFT JOIN ${user} u ON u.id = c.user_id)`;
  const [occurrences, members, load, openSoon] = await Promise.all([
    db
      .select({
        id: circleTaskOccurrence.id,
        taskId: circleTask.id,
        kind: circleTask.kind,
        title: circleTask.title,
        notes: circleTask.notes,
        createdById: circleTask.createdById,
        startsAt: circleTaskOccurrence.startsAt,
        endsAt: circleTaskOccurrence.endsAt,
        places: circleTaskOccurrence.places,
        status: circleTaskOccurrence.status,
        takenJson,
      })
      .from(circleTaskOccurrence)
      .innerJoin(circleTask, eq(circleTask.id, circleTaskOccurrence.taskId))
      .where(
        and(eq(circleTaskOccurrence.circleId, circle.id), gte(circleTaskOccurrence.startsAt, from), lt(circleTaskOccurrence.startsAt, to)),
      )
      .orderBy(asc(circleTaskOccurrence.startsAt), asc(circleTaskOccurrence.id)),
    // The members: whom a lead can assign, and who the lead is (the suggestion). Members need neither.
    access.leads
      ? db
          .select({ userId: circleMember.userId, name: user.name, role: circleMember.role })
          .from(circleMember)
          .innerJoin(user, eq(user.id, circleMember.userId))
          .where(and(eq(circleMember.circleId, circle.id), isNull(circleMember.leftAt)))
          .orderBy(asc(user.name), asc(circleMember.id))
      : Promise.resolve([]),
    db
      .select({ userId: circleTaskClaim.userId, name: nameOf, kind: circleTask.kind, n: count() })
      .from(circleTaskClaim)
      .innerJoin(circleTaskOccurrence, activeClaim)
      .innerJoin(circleTask, eq(circleTask.id, circleTaskOccurrence.taskId))
      .leftJoin(user, eq(user.id, circleTaskClaim.userId))
      .where(
        and(
          eq(circleTaskOccurrence.circleId, circle.id),
          eq(circleTaskOccurrence.status, "scheduled"),
          gte(circleTaskOccurrence.startsAt, now - LOAD_WEEKS * WEEK),
          lt(circleTaskOccurrence.startsAt, now),
        ),
      )
      .groupBy(circleTaskClaim.userId, circleTask.kind),
    access.leads ? countOpenSoon(ctx, circle.id) : Promise.resolve(0),
  ]);

  // Notes serve the people who still have to do a task: a time that is over is sent without them.
  for (const o of occurrences) if (o.startsAt <= now) o.notes = "";
  const showsNotesOfOthers = occurrences.some((o) => o.notes !== "" && o.createdById !== access.member.userId);
  if (showsNotesOfOthers) await logCircleCareRead(ctx, circle.id, ["task-notes"]);

  const me = access.member.userId;
  type Taken = { id: number; userId: number | null; name: string | null; assigned: boolean };
  const takenBy = new Map<number, Taken[]>(
    occurrences.map((o) => [
      o.id,
      (JSON.parse(o.takenJson) as [number, number | null, string | null, number][]).map(([id, userId, name, assigned]) => ({
        id,
        userId,
        name,
        assigned: assigned === 1,
      })),
    ]),
  );
  const byDate = new Map<LocalDate, typeof occurrences>();
  for (const o of occurrences) {
    const date = localDateOf(o.startsAt, zone);
    byDate.set(date, [...(byDate.get(date) ?? []), o]);
  }
  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i)).map((date) => ({
    date,
    occurrences: (byDate.get(date) ?? []).map((o) => {
      const taken = takenBy.get(o.id) ?? [];
      const { createdById: _createdBy, takenJson: _taken, ...shown } = o;
      return {
        ...shown,
        over: o.startsAt <= now,
        taken: taken.map((c) => ({ claimId: c.id, userId: c.userId, name: c.name, assigned: c.assigned })),
        open: Math.max(0, o.places - taken.length),
        mine: taken.some((c) => c.userId === me),
      };
    }),
  }));
  const people = new Map<
    string,
    { userId: number | null; name: string | null; total: number; byKind: Partial<Record<CircleTaskKind, number>> }
  >();
  for (const row of load) {
    const key = String(row.userId);
    const person = people.get(key) ?? { userId: row.userId, name: row.name, total: 0, byKind: {} };
    person.total += row.n;
    person.byKind[row.kind] = (person.byKind[row.kind] ?? 0) + row.n;
    people.set(key, person);
  }
  const lead = members.find((m) => m.role === "lead");
  const claimsByPerson = new Map([...people.values()].filter((p) => p.userId !== null).map((p) => [p.userId!, p.total]));
  return {
    circle,
    leads: access.leads,
    me,
    problem,
    week: { monday, sunday: addDays(monday, 6), previous: addDays(monday, -7), next: addDays(monday, 7) },
    days,
    // Whom a lead can assign; nobody else needs the list.
    members: access.leads ? members.map(({ userId, name }) => ({ userId, name })) : [],
    load: [...people.values()].sort((a, b) => b.total - a.total || (a.name ?? "").localeCompare(b.name ?? "")),
    suggestion:
      access.leads && lead ? strainReasons({ claimsByPerson, leadId: lead.userId, openSoon }) : ([] as ReturnType<typeof strainReasons>),
  };
}

/** Occurrences in the coming `unclaimedWithinDays` days that still have a place open. */
async function countOpenSoon(ctx: Ctx, circleId: number): Promise<number> {
  const now = ctx.now();
  const [row] = await ctx.database.db
    .select({ n: count() })
    .from(circleTaskOccurrence)
    .where(
      and(
        eq(circleTaskOccurrence.circleId, circleId),
        eq(circleTaskOccurrence.status, "scheduled"),
        gt(circleTaskOccurrence.startsAt, now),
        lt(circleTaskOccurrence.startsAt, now + STRAIN_THRESHOLDS.unclaimedWithinDays * DAY),
        sql`(SELECT count(*) FROM ${circleTaskClaim} WHERE ${circleTaskClaim.occurrenceId} = ${circleTaskOccurrence.id} AND ${circleTaskClaim.releasedAt} IS NULL) < ${circleTaskOccurrence.places}`,
      ),
    );
  return row?.n ?? 0;
}

/** The form's start values: the circle (for the navigation) and its time zone. */
export async function getNewTaskOptions({ ctx, input }: VerbArgs<{ circleId: number }>) {
  const access = await loadCircleForMember(ctx, input.circleId);
  return { circle: access.circle, today: localDateOf(ctx.now(), access.circle.timeZone) };
}
