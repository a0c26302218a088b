import { and, asc, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { emailOutbox, signup } from "#db/schema";
import type { Ctx } from "~/domain/context.server";
import { Validation } from "~/domain/errors";
import { cancelOwnSignup, signUp } from "~/domain/activities/signups.server";
import { createActivity, createSession, createShift, createUser, createVolunteerProfile } from "~/demo/builders";
import type { TestDatabase } from "#tests/support/database";
import { ctxAs } from "#tests/support/ctx";
import { signupWorldPerFile } from "#tests/support/signup-world";

let database: TestDatabase;
const t = Date.UTC(2026, 10, 28, 9, 0);
const HOUR = 3_600_000;
let neighbourhoodId: number;
let organisationId: number;

signupWorldPerFile((world) => ({ database, neighbourhoodId, organisationId } = world));

function ctxFor(userId: number): Promise<Ctx> {
  return ctxAs(database, userId, { now: () => t });
}

async function people(n: number) {
  return database.write(async (tx) => {
    const ids = [];
    for (let i = 0; i < n; i++) ids.push((await createUser(tx, { neighbourhoodId })).id);
    return ids;
  });
}

async function sessionWithCapacity(capacity: number | null, startsAt = t + 48 * HOUR, cancelCutoffHours = 0) {
  return database.write(async (tx) => {
    const a = await createActivity(tx, { organisationId, neighbourhoodId, cancelCutoffHours });
    return createSession(tx, { activityId: a.id, startsAt, capacity });
  });
}

describe("capacity under concurrency", () => {
  test("50 concurrent sign-ups for 5 places: exactly 5 confirmed, 45 waitlisted in arrival order, none lost", async () => {
    const session = await sessionWithCapacity(5);
    const ids = await people(50);
    const ctxs = await Promise.all(ids.map(ctxFor));
    const results = await Promise.all(ctxs.map((ctx) => signUp({ ctx, input: { sessionId: session.id, shiftId: null } })));
    expect(results.filter((r) => r.outcome === "confirmed")).toHaveLength(5);
    expect(results.filter((r) => r.outcome === "waitlisted")).toHaveLength(45);
    const rows = await database.db.select().from(signup).where(eq(signup.sessionId, session.id)).orderBy(asc(signup.id));
    expect(rows).toHaveLength(50);
    expect(new Set(rows.map((r) => r.userId)).size).toBe(50);
    // Arrival order is the id: the first five rows hold the places.
    expect(rows.slice(0, 5).every((r) => r.status === "confirmed")).toBe(true);
    expect(rows.slice(5).every((r) => r.status === "waitlisted")).toBe(true);
    // Everyone was told: 5 confirmation mails, 45 waitlist mails, in the same transactions.
    const mails = await database.db.select({ template: emailOutbox.template }).from(emailOutbox);
    expect(mails.filter((m) => m.template === "signup-confirmed")).toHaveLength(5);
    expect(mails.filter((m) => m.template === "signup-waitlisted")).toHaveLength(45);
  });

  test("signing up twice for the same slot keeps one place", async () => {
    const session = await sessionWithCapacity(3);
    const [a] = await people(1);
    const ctx = await ctxFor(a!);
    const first = await signUp({ ctx, input: { sessionId: session.id, shiftId: null } });
    const second = await signUp({ ctx, input: { sessionId: session.id, shiftId: null } });
    expect(first.outcome).toBe("confirmed");
    expect(second).toMatchObject({ outcome: "already", status: "confirmed" });
  });

  test("no capacity means everyone is confirmed", async () => {
    const session = await sessionWithCapacity(null);
    const ids = await people(8);
    const results = await Promise.all(
      (await Promise.all(ids.map(ctxFor))).map((ctx) => signUp({ ctx, input: { sessionId: session.id, shiftId: null } })),
    );
    expect(results.every((r) => r.outcome === "confirmed")).toBe(true);
  });
});

describe("cancellation and promotion", () => {
  test("cancelling a confirmed place promotes the first on the waitlist and mails them", async () => {
    const session = await sessionWithCapacity(1);
    const [first, second, third] = await people(3);
    const results = [];
    for (const id of [first!, second!, third!])
      results.push(await signUp({ ctx: await ctxFor(id), input: { sessionId: session.id, shiftId: null } }));
    expect(results.map((r) => r.outcome)).toEqual(["confirmed", "waitlisted", "waitlisted"]);
    const cancelled = await cancelOwnSignup({
      ctx: await ctxFor(first!),
      input: { signupId: (results[0] as { signupId: number }).signupId },
    });
    expect(cancelled.promoted).toEqual([(results[1] as { signupId: number }).signupId]);
    const rows = await database.db.select().from(signup).where(eq(signup.sessionId, session.id)).orderBy(asc(signup.id));
    expect(rows.map((r) => r.status)).toEqual(["cancelled", "confirmed", "waitlisted"]);
    const promotedMail = await database.db.query.emailOutbox.findFirst({
      where: eq(emailOutbox.idempotencyKey, `signup-promoted/${rows[1]!.id}`),
    });
    expect(promotedMail).toBeTruthy();
  });

  test("cancelling a waitlist place promotes nobody", async () => {
    const session = await sessionWithCapacity(1);
    const [a, b, c] = await people(3);
    const r = [];
    for (const id of [a!, b!, c!]) r.push(await signUp({ ctx: await ctxFor(id), input: { sessionId: session.id, shiftId: null } }));
    const result = await cancelOwnSignup({ ctx: await ctxFor(b!), input: { signupId: (r[1] as { signupId: number }).signupId } });
    expect(result.promoted).toEqual([]);
    const statuses = (await database.db.select().from(signup).where(eq(signup.sessionId, session.id)).orderBy(asc(signup.id))).map(
      (x) => x.status,
    );
    expect(statuses).toEqual(["confirmed", "cancelled", "waitlisted"]);
  });

  test("after the organiser's cut-off a person cannot cancel; someone else cannot cancel it at all", async () => {
    const session = await sessionWithCapacity(5, t + 10 * HOUR, 24);
    const [a, b] = await people(2);
    const mine = (await signUp({ ctx: await ctxFor(a!), input: { sessionId: session.id, shiftId: null } })) as { signupId: number };
    await expect(cancelOwnSignup({ ctx: await ctxFor(b!), input: { signupId: mine.signupId } })).rejects.toThrow("errors.notFound");
    const error = await cancelOwnSignup({ ctx: await ctxFor(a!), input: { signupId: mine.signupId } }).catch((e) => e);
    expect(error).toBeInstanceOf(Validation);
    expect(error.fieldErrors.form).toEqual(["activities.errors.cutoffPassed"]);
  });

  test("after the cut-off a person can still leave the waitlist (it frees nobody's place)", async () => {
    const session = await sessionWithCapacity(1, t + 10 * HOUR, 24);
    const [a, b] = await people(2);
    await signUp({ ctx: await ctxFor(a!), input: { sessionId: session.id, shiftId: null } });
    const waiting = (await signUp({ ctx: await ctxFor(b!), input: { sessionId: session.id, shiftId: null } })) as {
      outcome: string;
      signupId: number;
    };
    expect(waiting.outcome).toBe("waitlisted");
    const left = await cancelOwnSignup({ ctx: await ctxFor(b!), input: { signupId: waiting.signupId } });
    expect(left).toEqual({ cancelled: true, promoted: [] });
  });
});

describe("shift requirements and clashes", () => {
  test("a shift that needs a VOG refuses a volunteer without a valid one, with the reason", async () => {
    const start = t + 72 * HOUR;
    const { sessionId, shiftId } = await database.write(async (tx) => {
      const a = await createActivity(tx, { organisationId, neighbourhoodId });
      const s = await createSession(tx, { activityId: a.id, startsAt: start });
      const sh = await createShift(tx, { sessionId: s.id, startsAt: start, endsAt: start + HOUR, requiresVog: true });
      return { sessionId: s.id, shiftId: sh.id };
    });
    const [none, expired, valid] = await people(3);
    await database.write(async (tx) => {
      await createVolunteerProfile(tx, { userId: expired!, vogStatus: "valid", vogValidUntil: "2026-11-30" });
      await createVolunteerProfile(tx, { userId: valid!, vogStatus: "valid", vogValidUntil: "2027-11-30" });
    });
    for (const id of [none!, expired!]) {
      const error = await signUp({ ctx: await ctxFor(id), input: { sessionId, shiftId } }).catch((e) => e);
      expect(error).toBeInstanceOf(Validation);
      expect(error.fieldErrors.form).toEqual(["activities.requirements.vog-required"]);
    }
    expect((await signUp({ ctx: await ctxFor(valid!), input: { sessionId, shiftId } })).outcome).toBe("confirmed");
  });

  test("an overlapping shift gives a warning first, and signs up when the volunteer goes ahead", async () => {
    const start = t + 96 * HOUR;
    const ids = await database.write(async (tx) => {
      const a = await createActivity(tx, { organisationId, neighbourhoodId });
      const s = await createSession(tx, { activityId: a.id, startsAt: start });
      const early = await createShift(tx, { sessionId: s.id, startsAt: start, endsAt: start + 2 * HOUR });
      const b = await createActivity(tx, { organisationId, neighbourhoodId, title: "Taalcafé" });
      const s2 = await createSession(tx, { activityId: b.id, startsAt: start + HOUR });
      const overlapping = await createShift(tx, { sessionId: s2.id, startsAt: start + HOUR, endsAt: start + 3 * HOUR });
      return { s: s.id, early: early.id, s2: s2.id, overlapping: overlapping.id };
    });
    const [v] = await people(1);
    const ctx = await ctxFor(v!);
    expect((await signUp({ ctx, input: { sessionId: ids.s, shiftId: ids.early } })).outcome).toBe("confirmed");
    const warned = await signUp({ ctx, input: { sessionId: ids.s2, shiftId: ids.overlapping } });
    expect(warned.outcome).toBe("clash");
    expect(warned.outcome === "clash" && warned.clashes.map((c) => c.signupId)).toHaveLength(1);
    expect(
      await database.db
        .select()
        .from(signup)
        .where(and(eq(signup.userId, v!), eq(signup.shiftId, ids.overlapping))),
    ).toHaveLength(0);
    const chosen = await signUp({ ctx, input: { sessionId: ids.s2, shiftId: ids.overlapping, acceptClash: true } });
    expect(chosen.outcome).toBe("confirmed");
  });

  test("a session in the past cannot be signed up for", async () => {
    const session = await sessionWithCapacity(5, t - HOUR);
    const [a] = await people(1);
    const error = await signUp({ ctx: await ctxFor(a!), input: { sessionId: session.id, shiftId: null } }).catch((e) => e);
    expect(error.fieldErrors.form).toEqual(["activities.errors.sessionPast"]);
  });
});
