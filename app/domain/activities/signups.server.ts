import { and, asc, eq, gt, inArray, isNull, lt, ne, sql } from "drizzle-orm";
import type { Tx } from "#db/client";
import { activity, activitySeries, activitySession, shift, signup, user, volunteerProfile, volunteerSkill } from "#db/schema";
import type { Ctx } from "../context.server";
import { Conflict, NotFound, Validation } from "../errors";
import { enqueueEmail } from "../notifications/outbox.server";
import { syncSignupReminders } from "../notifications/reminders.server";
import { requireActor } from "../permissions";
import { localDateOf } from "../scheduling/local-time";
import { selectSignupPlaces, signupEndsAt, signupStartsAt } from "./signup-places.server";

export type SignUpOutcome =
  | { outcome: "confirmed" | "waitlisted"; signupId: number }
  | { outcome: "already"; signupId: number; status: "confirmed" | "waitlisted" }
  | { outcome: "clash"; clashes: Clash[] };

export interface Clash {
  signupId: number;
  title: string;
  startsAt: number;
  endsAt: number;
}

/** Why a volunteer may not take a shift; each is a translation key shown with the refusal. */
export type RequirementFailure = "vog-required" | "skill-required" | "paused";

/** Checks a shift's requirements against a volunteer's profile on the shift's local date. */
export function shiftRequirementFailures(
  requirement: { requiresVog: boolean; requiredSkillId: number | null },
  volunteer: { vogStatus: string; vogValidUntil: string | null; pausedUntil: string | null; skillIds: readonly number[] } | null,
  shiftLocalDate: string,
): RequirementFailure[] {
  const failures: RequirementFailure[] = [];
  if (volunteer?.pausedUntil && volunteer.pausedUntil >= shiftLocalDate) failures.push("paused");
  if (
    requirement.requiresVog &&
    !(volunteer?.vogStatus === "valid" && volunteer.vogValidUntil && volunteer.vogValidUntil >= shiftLocalDate)
  ) {
    failures.push("vog-required");
  }
  if (requirement.requiredSkillId !== null && !volunteer?.skillIds.includes(requirement.requiredSkillId)) failures.push("skill-required");
  return failures;
}

async function loadSlot(tx: Tx, sessionId: number, shiftId: number | null) {
  const [row] = await tx
    .select({
      session: activitySession,
      activity: { id: activity.id, title: activity.title, timeZone: activity.timeZone, cancelCutoffHours: activity.cancelCutoffHours },
    })
    .from(activitySession)
    .innerJoin(activity, eq(activity.id, activitySession.activityId))
    .where(eq(activitySession.id, sessionId));
  if (!row) throw new NotFound();
  const slotShift =
    shiftId === null ? null : await tx.query.shift.findFirst({ where: and(eq(shift.id, shiftId), eq(shift.sessionId, sessionId)) });
  if (shiftId !== null && !slotShift) throw new NotFound();
  return { ...row, shift: slotShift ?? null };
}

/** The person's active sign-ups that overlap [startsAt, endsAt), for the clash warning. */
async function findClashes(tx: Tx, userId: number, startsAt: number, endsAt: number): Promise<Clash[]> {
  const start = signupStartsAt;
  const end = signupEndsAt;
  return selectSignupPlaces(tx, { signupId: signup.id, title: activity.title, startsAt: start, endsAt: end }).where(
    and(
      eq(signup.userId, userId),
      ne(signup.status, "cancelled"),
      eq(activitySession.status, "scheduled"),
      lt(start, endsAt),
      gt(end, startsAt),
    ),
  );
}

/**
 * Takes a place in one conditional statement: confirmed while the slot has room, otherwise on the
 * waitlist. Two people racing for the last place therefore get one place and one waitlist entry,
 * never an error and never an overbooking (on one process, several, or several instances).
 */
async function insertSignup(tx: Tx, sessionId: number, shiftId: number | null, userId: number, now: number) {
  const capacity =
    shiftId === null
      ? sql`(SELECT ${activitySession.capacity} FROM ${activitySession} WHERE ${activitySession.id} = ${sessionId})`
      : sql`(SELECT ${shift.needed} FROM ${shift} WHERE ${shift.id} = ${shiftId})`;
  const result = await tx.run(sql`
    INSERT INTO ${signup} (session_id, shift_id, user_id, status, created_at)
    SELECT ${sessionId}, ${shiftId}, ${userId},
      CASE WHEN ${capacity} IS NULL
             OR (SELECT count(*) FROM ${signup} WHERE session_id = ${sessionId} AND shift_id IS ${shiftId} AND status = 'confirmed') < ${capacity}
           THEN 'confirmed' ELSE 'waitlisted' END,
      ${now}
    ON CONFLICT DO NOTHING
    RETURNING id, status`);
  const row = result.rows[0] as unknown as { id: number; status: "confirmed" | "waitlisted" } | undefined;
  return row ? { id: Number(row.id), status: row.status } : null;
}

/** What a sign-up mail needs: the person, the activity, and the slot's times (shift or session). */
function signupMailFacts(tx: Tx) {
  return selectSignupPlaces(tx, {
    signupId: signup.id,
    status: signup.status,
    email: user.email,
    locale: user.locale,
    timeZone: user.timeZone,
    name: user.name,
    title: activity.title,
    activityId: activity.id,
    address: activity.address,
    startsAt: signupStartsAt,
    endsAt: signupEndsAt,
    role: shift.role,
  }).innerJoin(user, eq(user.id, signup.userId));
}

async function enqueueSignupMail(
  ctx: Ctx,
  tx: Tx,
  template: "signup-confirmed" | "signup-waitlisted" | "signup-promoted",
  signupId: number,
) {
  const [row] = await signupMailFacts(tx).where(eq(signup.id, signupId));
  if (!row) return;
  await enqueueEmail(ctx, tx, {
    template,
    idempotencyKey: `${template}/${signupId}`,
    to: row.email,
    locale: row.locale,
    timeZone: row.timeZone,
    props: {
      name: row.name,
      activityTitle: row.title,
      role: row.role,
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      address: row.address,
      url: `${ctx.appUrl}/activities/${row.activityId}`,
    },
  });
}

/**
 * Signs the actor up as participant (shiftId null) or for a shift. A shift's requirements are
 * enforced with the reason; an overlap with another commitment returns a warning unless the
 * person already chose to go ahead (`acceptClash`).
 */
export async function signUp({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { sessionId: number; shiftId: number | null; acceptClash?: boolean };
}): Promise<SignUpOutcome> {
  const actor = requireActor(ctx.actor);
  const now = ctx.now();
  return ctx.database.write(async (tx) => {
    const slot = await loadSlot(tx, input.sessionId, input.shiftId);
    if (slot.session.status !== "scheduled") throw new Validation({ form: ["activities.errors.sessionCancelled"] });
    if (slot.session.startsAt <= now) throw new Validation({ form: ["activities.errors.sessionPast"] });
    const existing = await tx.query.signup.findFirst({
      where: and(
        eq(signup.sessionId, input.sessionId),
        input.shiftId === null ? isNull(signup.shiftId) : eq(signup.shiftId, input.shiftId),
        eq(signup.userId, actor.userId),
        ne(signup.status, "cancelled"),
      ),
    });
    if (existing) return { outcome: "already", signupId: existing.id, status: existing.status as "confirmed" | "waitlisted" };
    if (slot.shift) {
      const profile = await tx.query.volunteerProfile.findFirst({ where: eq(volunteerProfile.userId, actor.userId) });
      const skills = await tx.select({ id: volunteerSkill.skillId }).from(volunteerSkill).where(eq(volunteerSkill.userId, actor.userId));
      const failures = shiftRequirementFailures(
        slot.shift,
        profile ? { ...profile, skillIds: skills.map((s) => s.id) } : null,
        localDateOf(slot.shift.startsAt, slot.activity.timeZone),
      );
      if (failures.length > 0) throw new Validation({ form: failures.map((f) => `activities.requirements.${f}`) });
      if (!input.acceptClash) {
        const clashes = await findClashes(tx, actor.userId, slot.shift.startsAt, slot.shift.endsAt);
        if (clashes.length > 0) return { outcome: "clash", clashes };
      }
    }
    const inserted = await insertSignup(tx, input.sessionId, input.shiftId, actor.userId, now);
    if (!inserted) throw new Conflict();
    await enqueueSignupMail(ctx, tx, inserted.status === "confirmed" ? "signup-confirmed" : "signup-waitlisted", inserted.id);
    if (inserted.status === "confirmed") await syncSignupReminders(ctx, tx, [inserted.id]);
    return { outcome: inserted.status, signupId: inserted.id };
  });
}

/**
 * Promotes the first people on the slot's waitlist, in arrival order, while there is room, and
 * queues their emails. Runs inside the transaction that freed the place.
 */
export async function promoteFromWaitlist(ctx: Ctx, tx: Tx, sessionId: number, shiftId: number | null): Promise<number[]> {
  const capacity =
    shiftId === null
      ? sql`(SELECT ${activitySession.capacity} FROM ${activitySession} WHERE ${activitySession.id} = ${sessionId})`
      : sql`(SELECT ${shift.needed} FROM ${shift} WHERE ${shift.id} = ${shiftId})`;
  const promoted: number[] = [];
  for (;;) {
    const result = await tx.run(sql`
      UPDATE ${signup} SET status = 'confirmed', promoted_at = ${ctx.now()}
      WHERE id = (SELECT id FROM ${signup} WHERE session_id = ${sessionId} AND shift_id IS ${shiftId} AND status = 'waitlisted' ORDER BY id LIMIT 1)
        AND (${capacity} IS NULL OR (SELECT count(*) FROM ${signup} WHERE session_id = ${sessionId} AND shift_id IS ${shiftId} AND status = 'confirmed') < ${capacity})
      RETURNING id`);
    const row = result.rows[0] as unknown as { id: number } | undefined;
    if (!row) return promoted;
    promoted.push(Number(row.id));
    await enqueueSignupMail(ctx, tx, "signup-promoted", Number(row.id));
    await syncSignupReminders(ctx, tx, [Number(row.id)]);
  }
}

/**
 * Cancels the actor's own sign-up, until the organiser's cut-off. A freed place goes to the first
 * person on the waitlist in the same transaction.
 */
export async function cancelOwnSignup({ ctx, input }: { ctx: Ctx; input: { signupId: number } }) {
  const actor = requireActor(ctx.actor);
  return ctx.database.write(async (tx) => {
    const own = await tx.query.signup.findFirst({ where: and(eq(signup.id, input.signupId), eq(signup.userId, actor.userId)) });
    if (!own) throw new NotFound();
    return cancelSignupByPerson(ctx, tx, own);
  });
}

/**
 * The person's own cancellation, inside the caller's transaction, for a sign-up already known to
 * be theirs (signed in, or holding a signed link from a reminder): the cut-off applies, the place
 * goes to the waitlist, and pending reminders are cancelled.
 */
export async function cancelSignupByPerson(ctx: Ctx, tx: Tx, own: typeof signup.$inferSelect) {
  const now = ctx.now();
  if (own.status === "cancelled") return { cancelled: false, promoted: [] as number[] };
  const slot = await loadSlot(tx, own.sessionId, own.shiftId);
  const startsAt = slot.shift?.startsAt ?? slot.session.startsAt;
  // The cut-off protects the organiser's planning; leaving a waitlist frees nobody's place.
  if (own.status === "confirmed" && now > startsAt - slot.activity.cancelCutoffHours * 3_600_000) {
    throw new Validation({ form: ["activities.errors.cutoffPassed"] });
  }
  await tx
    .update(signup)
    .set({ status: "cancelled", cancelledAt: now, cancelledBy: "person" })
    .where(and(eq(signup.id, own.id), ne(signup.status, "cancelled")));
  await syncSignupReminders(ctx, tx, [own.id]);
  const promoted = own.status === "confirmed" ? await promoteFromWaitlist(ctx, tx, own.sessionId, own.shiftId) : [];
  return { cancelled: true, promoted };
}

export type SeriesSignUpOutcome =
  | {
      outcome: "done";
      confirmed: number;
      waitlisted: number;
      already: number;
      /** Sessions whose shift asks for something the person does not have (e.g. the VOG runs out). */
      refused: { sessionId: number; startsAt: number; reasons: RequirementFailure[] }[];
      /** Sessions without a shift of the chosen role. */
      skipped: number;
    }
  | { outcome: "clash"; clashes: (Clash & { sessionStartsAt: number })[] };

/**
 * Signs the actor up for every future scheduled session of a series: as participant, or for the
 * shift with the given role in each session. Each place is taken by the same conditional insert
 * as a single sign-up (confirmed while there is room, otherwise waitlisted), all in one
 * transaction. Overlaps with other commitments are reported for the whole series first; nothing
 * is taken until the person accepts them. One summary mail lists what they got.
 */
export async function signUpForSeries({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { seriesId: number; shiftRole: string | null; acceptClash?: boolean };
}): Promise<SeriesSignUpOutcome> {
  const actor = requireActor(ctx.actor);
  const now = ctx.now();
  return ctx.database.write(async (tx) => {
    const series = await tx.query.activitySeries.findFirst({ where: eq(activitySeries.id, input.seriesId) });
    if (!series) throw new NotFound();
    if (series.cancelledAt !== null) throw new Validation({ form: ["activities.errors.sessionCancelled"] });
    const sessions = await tx
      .select({ id: activitySession.id, startsAt: activitySession.startsAt })
      .from(activitySession)
      .where(and(eq(activitySession.seriesId, series.id), eq(activitySession.status, "scheduled"), gt(activitySession.startsAt, now)))
      .orderBy(asc(activitySession.startsAt));
    if (sessions.length === 0) throw new Validation({ form: ["activityPages.errors.seriesOver"] });

    const slots: { sessionId: number; startsAt: number; shift: typeof shift.$inferSelect | null }[] = [];
    let skipped = 0;
    if (input.shiftRole === null) {
      for (const s of sessions) slots.push({ sessionId: s.id, startsAt: s.startsAt, shift: null });
    } else {
      const shifts = await tx
        .select()
        .from(shift)
        .where(
          and(
            inArray(
              shift.sessionId,
              sessions.map((s) => s.id),
            ),
            eq(shift.role, input.shiftRole),
          ),
        )
        .orderBy(asc(shift.id));
      for (const s of sessions) {
        const match = shifts.find((sh) => sh.sessionId === s.id);
        if (match) slots.push({ sessionId: s.id, startsAt: s.startsAt, shift: match });
        else skipped++;
      }
      if (slots.length === 0) throw new NotFound();
    }

    const own = await tx
      .select({ sessionId: signup.sessionId, shiftId: signup.shiftId })
      .from(signup)
      .where(
        and(
          eq(signup.userId, actor.userId),
          inArray(
            signup.sessionId,
            sessions.map((s) => s.id),
          ),
          ne(signup.status, "cancelled"),
        ),
      );
    const isTaken = (slot: (typeof slots)[number]) =>
      own.some((o) => o.sessionId === slot.sessionId && o.shiftId === (slot.shift?.id ?? null));
    const open = slots.filter((slot) => !isTaken(slot));
    const already = slots.length - open.length;

    const activityRow = await tx.query.activity.findFirst({ where: eq(activity.id, series.activityId), columns: { timeZone: true } });
    const zone = activityRow?.timeZone ?? ctx.defaultTimeZone;
    const refused: { sessionId: number; startsAt: number; reasons: RequirementFailure[] }[] = [];
    let eligible = open;
    if (input.shiftRole !== null) {
      const profile = await tx.query.volunteerProfile.findFirst({ where: eq(volunteerProfile.userId, actor.userId) });
      const skills = await tx.select({ id: volunteerSkill.skillId }).from(volunteerSkill).where(eq(volunteerSkill.userId, actor.userId));
      const volunteer = profile ? { ...profile, skillIds: skills.map((s) => s.id) } : null;
      eligible = [];
      for (const slot of open) {
        const reasons = shiftRequirementFailures(slot.shift!, volunteer, localDateOf(slot.shift!.startsAt, zone));
        if (reasons.length > 0) refused.push({ sessionId: slot.sessionId, startsAt: slot.startsAt, reasons });
        else eligible.push(slot);
      }
      if (eligible.length === 0 && refused.length > 0) {
        throw new Validation({ form: [...new Set(refused.flatMap((r) => r.reasons))].map((f) => `activities.requirements.${f}`) });
      }
      if (!input.acceptClash) {
        const clashes: (Clash & { sessionStartsAt: number })[] = [];
        for (const slot of eligible) {
          for (const c of await findClashes(tx, actor.userId, slot.shift!.startsAt, slot.shift!.endsAt))
            clashes.push({ ...c, sessionStartsAt: slot.startsAt });
        }
        if (clashes.length > 0) return { outcome: "clash", clashes };
      }
    }

    const taken: { id: number; status: "confirmed" | "waitlisted" }[] = [];
    for (const slot of eligible) {
      const inserted = await insertSignup(tx, slot.sessionId, slot.shift?.id ?? null, actor.userId, now);
      if (inserted) taken.push(inserted);
    }
    if (taken.length > 0) await enqueueSeriesMail(ctx, tx, taken);
    await syncSignupReminders(
      ctx,
      tx,
      taken.filter((t) => t.status === "confirmed").map((t) => t.id),
    );
    return {
      outcome: "done",
      confirmed: taken.filter((t) => t.status === "confirmed").length,
      waitlisted: taken.filter((t) => t.status === "waitlisted").length,
      already,
      refused,
      skipped,
    };
  });
}

/** One mail for a series sign-up, listing each date with confirmed or waitlisted. */
async function enqueueSeriesMail(ctx: Ctx, tx: Tx, taken: { id: number; status: "confirmed" | "waitlisted" }[]) {
  const rows = await signupMailFacts(tx)
    .where(
      inArray(
        signup.id,
        taken.map((t) => t.id),
      ),
    )
    .orderBy(asc(activitySession.startsAt));
  const first = rows[0];
  if (!first) return;
  await enqueueEmail(ctx, tx, {
    template: "signup-series",
    idempotencyKey: `signup-series/${Math.min(...taken.map((t) => t.id))}`,
    to: first.email,
    locale: first.locale,
    timeZone: first.timeZone,
    props: {
      name: first.name,
      activityTitle: first.title,
      role: first.role,
      address: first.address,
      url: `${ctx.appUrl}/activities/${first.activityId}`,
      dates: rows.map((r) => ({
        startsAt: Number(r.startsAt),
        endsAt: Number(r.endsAt),
        status: r.status === "confirmed" ? "confirmed" : "waitlisted",
      })),
    },
  });
}
