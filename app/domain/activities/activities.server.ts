import { and, asc, eq, inArray } from "drizzle-orm";
import { activity, activitySeries, activitySession, initiative, neighbourhood, organisation, shift, skill } from "#db/schema";
import type { Ctx } from "../context.server";
import { NotFound, Validation } from "../errors";
import { withValues } from "../message-keys";
import { createActivitySchema, type CreateActivityInput } from "./organiser-schemas";
import { can, ensure, requireActor } from "../permissions";
import { expandRecurrence, type RecurrencePattern, type RecurrenceRule } from "../scheduling/recurrence";
import { localDateOf, minutesOf } from "../scheduling/local-time";
import { isValidTimeZone } from "../time";
import type { z } from "zod";
import { longDate, parseOrThrow, type FieldErrors } from "./activity-rules.server";

export { conformFieldErrors, loadActivity, mayEditActivity, mayViewSignups } from "./activity-rules.server";
export { cancelSeries, cancelSession, changeCapacity, moveSession } from "./session-changes.server";

// The organiser's verbs on activities and their sessions: create (with the series materialised),
// and (in session-changes.server.ts) changes to single occurrences or the whole series. Reading
// views live in organiser.server.ts.

const MINUTE = 60_000;

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
