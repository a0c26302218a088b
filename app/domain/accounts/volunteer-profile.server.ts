import { and, asc, count, eq, gte, inArray, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { neighbourhood, skill, user, volunteerAvailability, volunteerProfile, volunteerSkill, volunteerUnavailableDate } from "#db/schema";
import { fieldErrorsOf, fieldName } from "../forms";
import { commonLanguages, vogSchema, type VolunteerProfileForm } from "../organisations/schemas";
import type { Ctx } from "../context.server";
import { suppressedUserIds } from "../notifications/suppression.server";
import { Forbidden, NotFound, Validation } from "../errors";
import { can, ensure, ensureFound, requireActor } from "../permissions";
import { addDays, localDateOf } from "../scheduling/local-time";
import { type VogStatus } from "~/domain/vocabulary";

const E = "community.errors";
export const VOLUNTEERS_PER_PAGE = 50;

/** What a VOG means on a given day: a "valid" one whose date has passed counts as expired. */
export function effectiveVog(status: VogStatus, validUntil: string | null, today: string): "none" | "requested" | "valid" | "expired" {
  if (status !== "valid") return status;
  return validUntil && validUntil >= today ? "valid" : "expired";
}

/** Consecutive dates as ranges: ["2026-12-24","2026-12-25","2026-12-31"] → 24-25 and 31. */
export function collapseDates(dates: readonly string[]): { from: string; to: string }[] {
  const ranges: { from: string; to: string }[] = [];
  for (const date of [...dates].sort()) {
    const last = ranges[ranges.length - 1];
    if (last && addDays(last.to, 1) === date) last.to = date;
    else if (!last || last.to !== date) ranges.push({ from: date, to: date });
  }
  return ranges;
}

function datesOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

const todayFor = (ctx: Ctx, zone: string) => localDateOf(ctx.now(), zone);

/** The signed-in person's volunteer profile as form values, with the maintained skill list. */
export async function getOwnVolunteerProfile({ ctx }: { ctx: Ctx }) {
  const actor = requireActor(ctx.actor);
  const db = ctx.database.db;
  const today = todayFor(ctx, actor.timeZone);
  const [profile, skills, chosen, availability, unavailable] = await Promise.all([
    db.query.volunteerProfile.findFirst({ where: eq(volunteerProfile.userId, actor.userId) }),
    db
      .select()
      .from(skill)
      .orderBy(asc(skill.kind), asc(actor.locale === "en" ? skill.nameEn : skill.nameNl)),
    db.select({ id: volunteerSkill.skillId }).from(volunteerSkill).where(eq(volunteerSkill.userId, actor.userId)),
    db
      .select()
      .from(volunteerAvailability)
      .where(eq(volunteerAvailability.userId, actor.userId))
      .orderBy(asc(volunteerAvailability.weekday), asc(volunteerAvailability.startTime)),
    db
      .select({ date: volunteerUnavailableDate.date })
      .from(volunteerUnavailableDate)
      .where(and(eq(volunteerUnavailableDate.userId, actor.userId), gte(volunteerUnavailableDate.date, today))),
  ]);
  const known = new Set<string>(commonLanguages);
  const languages = profile?.languages ?? [];
  return {
    exists: !!profile,
    timeZone: actor.timeZone,
    today,
    skills: skills.map((s) => ({ id: s.id, kind: s.kind, name: actor.locale === "en" ? s.nameEn : s.nameNl })),
    vog: {
      status: effectiveVog(profile?.vogStatus ?? "none", profile?.vogValidUntil ?? null, today),
      validUntil: profile?.vogValidUntil ?? null,
    },
    values: {
      skillIds: chosen.map((c) => String(c.id)),
      tags: (profile?.tags ?? []).join(", "),
      languages: languages.filter((l) => known.has(l)),
      otherLanguages: languages.filter((l) => !known.has(l)).join(", "),
      availability: availability.map((a) => ({ weekday: String(a.weekday), startTime: a.startTime, endTime: a.endTime })),
      unavailable: collapseDates(unavailable.map((u) => u.date)).map((r) => ({ from: r.from, to: r.to === r.from ? undefined : r.to })),
      travelRange: profile?.travelRange ?? "own",
      // A pause that is over is no longer shown (and would not pass "not in the past").
      pausedUntil: profile?.pausedUntil && profile.pausedUntil >= today ? profile.pausedUntil : undefined,
      maxHoursPerMonth: profile?.maxHoursPerMonth ?? undefined,
    },
  };
}

/** A short summary for /me, or null for someone who has no volunteer profile. */
export async function getOwnVolunteerSummary({ ctx }: { ctx: Ctx }) {
  const actor = requireActor(ctx.actor);
  const db = ctx.database.db;
  const profile = await db.query.volunteerProfile.findFirst({ where: eq(volunteerProfile.userId, actor.userId) });
  if (!profile) return null;
  const today = todayFor(ctx, actor.timeZone);
  const [[skills], [slots]] = await Promise.all([
    db.select({ n: count() }).from(volunteerSkill).where(eq(volunteerSkill.userId, actor.userId)),
    db.select({ n: count() }).from(volunteerAvailability).where(eq(volunteerAvailability.userId, actor.userId)),
  ]);
  return {
    skills: skills?.n ?? 0,
    availabilitySlots: slots?.n ?? 0,
    travelRange: profile.travelRange,
    vog: effectiveVog(profile.vogStatus, profile.vogValidUntil, today),
    vogValidUntil: profile.vogValidUntil,
    pausedUntil: profile.pausedUntil && profile.pausedUntil >= today ? profile.pausedUntil : null,
  };
}

/**
 * Saves the actor's own volunteer profile (creating it the first time). The VOG is left alone:
 * only a coordinator sets it. Holidays are stored as single dates from today on.
 */
export async function saveOwnVolunteerProfile({ ctx, input }: { ctx: Ctx; input: VolunteerProfileForm }) {
  const actor = requireActor(ctx.actor);
  const today = todayFor(ctx, actor.timeZone);
  const errors: Record<string, string[]> = {};
  const add = (name: string, key: string) => (errors[name] ??= []).push(`${E}.${key}`);

  const slots = input.availability.flatMap((row) =>
    row?.weekday && row.startTime && row.endTime ? [{ weekday: Number(row.weekday), startTime: row.startTime, endTime: row.endTime }] : [],
  );
  const unavailable = new Set<string>();
  input.unavailable.forEach((row, index) => {
    if (!row?.from) return;
    const to = row.to ?? row.from;
    if (to < today) return add(fieldName(["unavailable", index, row.to ? "to" : "from"]), "dateInPast");
    for (const date of datesOf(row.from < today ? today : row.from, to)) unavailable.add(date);
  });
  if (input.pausedUntil && input.pausedUntil < today) add("pausedUntil", "dateInPast");
  const skillIds = [...new Set(input.skillIds)];
  if (skillIds.length) {
    const found = await ctx.database.db.select({ id: skill.id }).from(skill).where(inArray(skill.id, skillIds));
    if (found.length !== skillIds.length) add("skillIds", "skillUnknown");
  }
  if (Object.keys(errors).length) throw new Validation(errors);

  const now = ctx.now();
  const values = {
    languages: [...new Set([...input.languages, ...input.otherLanguages])],
    tags: input.tags,
    travelRange: input.travelRange,
    pausedUntil: input.pausedUntil ?? null,
    maxHoursPerMonth: input.maxHoursPerMonth ?? null,
    updatedAt: now,
  };
  await ctx.database.write(async (tx) => {
    await tx
      .insert(volunteerProfile)
      .values({ userId: actor.userId, ...values })
      .onConflictDoUpdate({ target: volunteerProfile.userId, set: values });
    await tx.delete(volunteerSkill).where(eq(volunteerSkill.userId, actor.userId));
    if (skillIds.length) await tx.insert(volunteerSkill).values(skillIds.map((skillId) => ({ userId: actor.userId, skillId })));
    await tx.delete(volunteerAvailability).where(eq(volunteerAvailability.userId, actor.userId));
    if (slots.length) await tx.insert(volunteerAvailability).values(slots.map((s) => ({ userId: actor.userId, ...s })));
    await tx.delete(volunteerUnavailableDate).where(eq(volunteerUnavailableDate.userId, actor.userId));
    if (unavailable.size)
      await tx.insert(volunteerUnavailableDate).values([...unavailable].map((date) => ({ userId: actor.userId, date })));
  });
}

/** Neighbourhoods whose volunteers the actor may see for VOG checks; null means all (an admin). */
function vogScope(actor: ReturnType<typeof requireActor>): SQL | undefined {
  return actor.isAdmin ? undefined : inArray(user.neighbourhoodId, [...actor.coordinatorOf]);
}

/** Volunteers living in the neighbourhoods the actor coordinates, with their VOG status. */
export async function listVolunteersForVog({ ctx, input }: { ctx: Ctx; input: { page: number; status: VogStatus | null } }) {
  const actor = requireActor(ctx.actor);
  ensure(can.coordinateAnywhere(actor));
  const db = ctx.database.db;
  const setter = alias(user, "vog_setter");
  const where = and(vogScope(actor), input.status ? eq(volunteerProfile.vogStatus, input.status) : undefined);
  const page = Math.max(1, Math.floor(input.page) || 1);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        userId: user.id,
        name: user.name,
        email: user.email,
        timeZone: user.timeZone,
        neighbourhood: neighbourhood.name,
        vogStatus: volunteerProfile.vogStatus,
        vogValidUntil: volunteerProfile.vogValidUntil,
        vogSetAt: volunteerProfile.vogSetAt,
        vogSetBy: setter.name,
      })
      .from(volunteerProfile)
      .innerJoin(user, eq(user.id, volunteerProfile.userId))
      .innerJoin(neighbourhood, eq(neighbourhood.id, user.neighbourhoodId))
      .leftJoin(setter, eq(setter.id, volunteerProfile.vogSetBy))
      .where(where)
      .orderBy(asc(neighbourhood.name), asc(user.name), asc(user.id))
      .limit(VOLUNTEERS_PER_PAGE)
      .offset((page - 1) * VOLUNTEERS_PER_PAGE),
    db.select({ n: count() }).from(volunteerProfile).innerJoin(user, eq(user.id, volunteerProfile.userId)).where(where),
  ]);
  const today = todayFor(ctx, actor.timeZone);
  const mayMiss = await suppressedUserIds(
    db,
    rows.map((r) => r.userId),
  );
  return {
    volunteers: rows.map((r) => ({
      ...r,
      effective: effectiveVog(r.vogStatus, r.vogValidUntil, today),
      mayMissReminders: mayMiss.has(r.userId),
    })),
    page,
    pages: Math.max(1, Math.ceil((total?.n ?? 0) / VOLUNTEERS_PER_PAGE)),
    total: total?.n ?? 0,
    today,
  };
}

/**
 * Sets a volunteer's VOG status, by a coordinator of the neighbourhood the volunteer lives in (or an
 * admin), and records who did it and when. Nobody sets their own.
 */
export async function setVolunteerVog({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { userId: number; vogStatus: VogStatus; vogValidUntil?: string | undefined };
}) {
  const actor = requireActor(ctx.actor);
  ensure(can.coordinateAnywhere(actor));
  const parsed = vogSchema.safeParse(input);
  if (!parsed.success) throw new Validation(fieldErrorsOf(parsed.error));
  const [volunteer] = await ctx.database.db
    .select({ neighbourhoodId: user.neighbourhoodId, timeZone: user.timeZone })
    .from(volunteerProfile)
    .innerJoin(user, eq(user.id, volunteerProfile.userId))
    .where(eq(volunteerProfile.userId, input.userId));
  if (!volunteer) throw new NotFound();
  ensureFound(can.coordinateNeighbourhood(actor, volunteer.neighbourhoodId));
  if (input.userId === actor.userId) throw new Forbidden();
  const { vogStatus, vogValidUntil } = parsed.data;
  if (vogStatus === "valid" && vogValidUntil! < todayFor(ctx, volunteer.timeZone))
    throw new Validation({ vogValidUntil: [`${E}.dateInPast`] });
  const now = ctx.now();
  await ctx.database.write((tx) =>
    tx
      .update(volunteerProfile)
      .set({
        vogStatus,
        vogValidUntil: vogStatus === "valid" ? vogValidUntil! : null,
        vogSetBy: actor.userId,
        vogSetAt: now,
        updatedAt: now,
      })
      .where(eq(volunteerProfile.userId, input.userId)),
  );
}
