import { and, asc, desc, eq, gte, isNull, lt, notInArray, sql } from "drizzle-orm";
import type { Queryable } from "#db/client";
import { circleTask, circleTaskClaim, circleTaskOccurrence, helpRequest } from "#db/schema";
import { CLOSED_REQUEST_STATUSES } from "../privacy/shared";
import type { Ctx } from "../context.server";
import { requireActor } from "../permissions";
import { addDays, instantToLocal, localToInstant } from "../scheduling/local-time";
import { helpKindForTasks } from "./hand-off";
import { loadCircleForLead } from "./access.server";

// The warm hand-off (decision 048): a lead turns the circle's open tasks of the coming weeks into a
// help request for the coordinator. What leaves the circle is only what the form shows the lead:
// the kind of help, the times and a public text of kinds and days — never task titles or notes.

/** How far ahead open tasks are handed off. */
export const HAND_OFF_WEEKS = 4;

/** The end of the hand-off horizon: the same wall-clock time 4 weeks on in the circle's zone (DST-safe). */
function horizon(now: number, zone: string) {
  const local = instantToLocal(now, zone);
  const end = localToInstant(addDays(local.date, HAND_OFF_WEEKS * 7), local.time, zone);
  return end.ok ? end.epochMs : now + HAND_OFF_WEEKS * 7 * 86_400_000;
}

/**
 * The circle's open occurrences of the coming 4 weeks: scheduled, starting after now, of a task
 * not cancelled, with fewer active claims than places. Earliest first.
 */
export async function openOccurrences(db: Queryable, circle: { id: number; timeZone: string }, now: number) {
  const taken = sql<number>`(SELECT count(*) FROM ${circleTaskClaim} WHERE ${circleTaskClaim.occurrenceId} = ${circleTaskOccurrence.id} AND ${circleTaskClaim.releasedAt} IS NULL)`;
  return db
    .select({ startsAt: circleTaskOccurrence.startsAt, endsAt: circleTaskOccurrence.endsAt, kind: circleTask.kind })
    .from(circleTaskOccurrence)
    .innerJoin(circleTask, eq(circleTask.id, circleTaskOccurrence.taskId))
    .where(
      and(
        eq(circleTaskOccurrence.circleId, circle.id),
        eq(circleTaskOccurrence.status, "scheduled"),
        isNull(circleTask.cancelledAt),
        gte(circleTaskOccurrence.startsAt, now),
        lt(circleTaskOccurrence.startsAt, horizon(now, circle.timeZone)),
        sql`${taken} < ${circleTaskOccurrence.places}`,
      ),
    )
    .orderBy(asc(circleTaskOccurrence.startsAt));
}

/**
 * The circle a hand-off is for, checked for the actor: NotFound unless they lead it (lead or
 * co-lead). `openTasks` is how many occurrences can be handed off now (0: nothing to hand off).
 */
export async function handOffCircle(ctx: Ctx, circleId: number) {
  const { circle } = await loadCircleForLead(ctx, circleId);
  const open = await openOccurrences(ctx.database.db, circle, ctx.now());
  return { id: circle.id, careRecipientId: circle.careRecipientId, neighbourhoodId: circle.neighbourhoodId, openTasks: open.length };
}

/** Merges windows that overlap or touch (two tasks at the same time are one time to help). */
function mergeWindows(windows: { startsAt: number; endsAt: number }[]) {
  const merged: { startsAt: number; endsAt: number }[] = [];
  for (const w of [...windows].sort((a, b) => a.startsAt - b.startsAt)) {
    const last = merged[merged.length - 1];
    if (last && w.startsAt <= last.endsAt) last.endsAt = Math.max(last.endsAt, w.endsAt);
    else merged.push({ ...w });
  }
  return merged;
}

/**
 * What the hand-off form starts with, for a lead: the kind of help (from the task kinds), the
 * open times as windows in the lead's own zone (the form's zone), the circle's neighbourhood, and
 * the task kinds and local days for the public text. No titles, no notes.
 */
export async function getCircleHandOff({ ctx, input }: { ctx: Ctx; input: { id: number } }) {
  const actor = requireActor(ctx.actor);
  const { circle } = await loadCircleForLead(ctx, input.id);
  const open = await openOccurrences(ctx.database.db, circle, ctx.now());
  const kinds = [...new Set(open.map((o) => o.kind))];
  const windows = mergeWindows(open).slice(0, 20);
  // Hand-offs of this circle the coordinator is still working on, so a lead does not send the same
  // tasks twice. Only status and date (a link only for the lead who sent it: it is their request).
  const running = await ctx.database.db
    .select({ id: helpRequest.id, requesterId: helpRequest.requesterId, status: helpRequest.status, createdAt: helpRequest.createdAt })
    .from(helpRequest)
    .where(and(eq(helpRequest.circleId, circle.id), notInArray(helpRequest.status, [...CLOSED_REQUEST_STATUSES])))
    .orderBy(desc(helpRequest.createdAt), desc(helpRequest.id))
    .limit(3);
  return {
    circle: { id: circle.id, name: circle.name },
    running: running.map((r) => ({ id: r.requesterId === actor.userId ? r.id : null, status: r.status, createdAt: r.createdAt })),
    openTasks: open.length,
    kinds,
    days: [...new Set(open.map((o) => instantToLocal(o.startsAt, circle.timeZone).date))],
    values: {
      kind: helpKindForTasks(open.map((o) => o.kind)),
      neighbourhoodId: circle.neighbourhoodId,
      windows: windows.map((w) => {
        const start = instantToLocal(w.startsAt, actor.timeZone);
        const end = instantToLocal(w.endsAt, actor.timeZone);
        // A window is one day in the form: a task past midnight ends at 23:59 there.
        return { date: start.date, startTime: start.time, endTime: end.date === start.date ? end.time : "23:59" };
      }),
    },
  };
}
