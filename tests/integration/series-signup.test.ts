import { and, asc, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { activitySeries, emailOutbox, signup } from "#db/schema";
import type { Ctx } from "~/domain/context.server";
import { Validation } from "~/domain/errors";
import { signUp, signUpForSeries } from "~/domain/activities/signups.server";
import { createActivity, createSession, createShift, createUser, createVolunteerProfile } from "~/demo/builders";
import type { TestDatabase } from "#tests/support/database";
import { ctxAs } from "#tests/support/ctx";
import { signupWorldPerFile } from "#tests/support/signup-world";

let database: TestDatabase;
const t = Date.UTC(2026, 10, 28, 9, 0);
const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;
let neighbourhoodId: number;
let organisationId: number;

signupWorldPerFile((world) => ({ database, neighbourhoodId, organisationId } = world));

function ctxFor(userId: number): Promise<Ctx> {
  return ctxAs(database, userId, { now: () => t });
}

/** A weekly series: one session in the past and `upcoming` to come, each with a "Gastheer" shift (except week 2 when asked). */
async function weeklySeries(options: { upcoming: number; capacity?: number | null; requiresVog?: boolean; skipRoleInWeek?: number }) {
  return database.write(async (tx) => {
    const a = await createActivity(tx, { organisationId, neighbourhoodId });
    const [series] = await tx.insert(activitySeries).values({ activityId: a.id, rule: {}, createdAt: t }).returning();
    const sessions = [];
    for (let week = -1; week < options.upcoming; week++) {
      const startsAt = t + 2 * HOUR + week * WEEK;
      const s = await createSession(tx, {
        activityId: a.id,
        seriesId: series!.id,
        startsAt,
        capacity: options.capacity ?? null,
        occurrenceDate: `week-${week}`,
      });
      const shiftRow =
        week === options.skipRoleInWeek
          ? await createShift(tx, { sessionId: s.id, startsAt, endsAt: startsAt + HOUR, role: "Kassa" })
          : await createShift(tx, {
              sessionId: s.id,
              startsAt,
              endsAt: startsAt + HOUR,
              role: "Gastheer",
              requiresVog: options.requiresVog ?? false,
            });
      sessions.push({ ...s, shiftId: shiftRow.id });
    }
    return { activityId: a.id, seriesId: series!.id, past: sessions[0]!, sessions: sessions.slice(1) };
  });
}

const person = (values: Partial<Parameters<typeof createUser>[1]> = {}) =>
  database.write(async (tx) => (await createUser(tx, { neighbourhoodId, ...values })).id);

describe("signing up for a whole series", () => {
  test("as participant: every future session, confirmed while there is room and waitlisted after; one summary mail", async () => {
    const s = await weeklySeries({ upcoming: 4, capacity: 1 });
    const [early, me] = [await person(), await person()];
    await signUp({ ctx: await ctxFor(early), input: { sessionId: s.sessions[1]!.id, shiftId: null } });
    const result = await signUpForSeries({ ctx: await ctxFor(me), input: { seriesId: s.seriesId, shiftRole: null } });
    expect(result).toEqual({ outcome: "done", confirmed: 3, waitlisted: 1, already: 0, refused: [], skipped: 0 });
    const mine = await database.db.select().from(signup).where(eq(signup.userId, me)).orderBy(asc(signup.sessionId));
    expect(mine.map((r) => [r.sessionId, r.status])).toEqual(s.sessions.map((x, i) => [x.id, i === 1 ? "waitlisted" : "confirmed"]));
    expect(mine.some((r) => r.sessionId === s.past.id)).toBe(false);
    const mails = await database.db.select().from(emailOutbox).where(eq(emailOutbox.template, "signup-series"));
    expect(mails.filter((m) => (m.props as { dates: unknown[] }).dates.length === 4)).toHaveLength(1);
    // Doing it again takes nothing twice.
    expect(await signUpForSeries({ ctx: await ctxFor(me), input: { seriesId: s.seriesId, shiftRole: null } })).toMatchObject({
      confirmed: 0,
      waitlisted: 0,
      already: 4,
    });
  });

  test("for a shift role: sessions without that role are skipped; cancelled sessions are left out", async () => {
    const s = await weeklySeries({ upcoming: 4, skipRoleInWeek: 2 });
    await database.client.execute({ sql: "UPDATE activity_session SET status = 'cancelled' WHERE id = ?", args: [s.sessions[3]!.id] });
    const me = await person();
    const result = await signUpForSeries({ ctx: await ctxFor(me), input: { seriesId: s.seriesId, shiftRole: "Gastheer" } });
    expect(result).toMatchObject({ outcome: "done", confirmed: 2, skipped: 1 });
    const rows = await database.db.select().from(signup).where(eq(signup.userId, me));
    expect(rows.map((r) => r.shiftId).sort()).toEqual([s.sessions[0]!.shiftId, s.sessions[1]!.shiftId].sort());
  });

  test("a VOG that runs out part-way: the sessions after it are refused with the reason, the others taken", async () => {
    const s = await weeklySeries({ upcoming: 3, requiresVog: true });
    const me = await person();
    // Valid through 6 December: covers the sessions on 28 November and 5 December, not 12 December.
    await database.write((tx) => createVolunteerProfile(tx, { userId: me, vogStatus: "valid", vogValidUntil: "2026-12-06" }));
    const result = await signUpForSeries({ ctx: await ctxFor(me), input: { seriesId: s.seriesId, shiftRole: "Gastheer" } });
    expect(result).toMatchObject({ outcome: "done", confirmed: 2, refused: [{ sessionId: s.sessions[2]!.id, reasons: ["vog-required"] }] });
  });

  test("refused everywhere: a validation error with the reason, nothing taken", async () => {
    const s = await weeklySeries({ upcoming: 2, requiresVog: true });
    const me = await person();
    const error = await signUpForSeries({ ctx: await ctxFor(me), input: { seriesId: s.seriesId, shiftRole: "Gastheer" } }).catch((e) => e);
    expect(error).toBeInstanceOf(Validation);
    expect(error.fieldErrors.form).toEqual(["activities.requirements.vog-required"]);
    expect(await database.db.select().from(signup).where(eq(signup.userId, me))).toEqual([]);
  });

  test("overlaps with other commitments are reported for the whole series first, then taken when accepted", async () => {
    const s = await weeklySeries({ upcoming: 3 });
    const other = await weeklySeries({ upcoming: 1 });
    const me = await person();
    await signUp({ ctx: await ctxFor(me), input: { sessionId: other.sessions[0]!.id, shiftId: other.sessions[0]!.shiftId } });
    const warned = await signUpForSeries({ ctx: await ctxFor(me), input: { seriesId: s.seriesId, shiftRole: "Gastheer" } });
    expect(warned.outcome).toBe("clash");
    expect(warned.outcome === "clash" && warned.clashes.map((c) => c.sessionStartsAt)).toEqual([s.sessions[0]!.startsAt]);
    expect(
      await database.db
        .select()
        .from(signup)
        .where(and(eq(signup.userId, me), eq(signup.sessionId, s.sessions[1]!.id))),
    ).toEqual([]);
    const accepted = await signUpForSeries({
      ctx: await ctxFor(me),
      input: { seriesId: s.seriesId, shiftRole: "Gastheer", acceptClash: true },
    });
    expect(accepted).toMatchObject({ outcome: "done", confirmed: 3 });
  });

  test("a cancelled series, a series with nothing left, an unknown series and an unknown role are refused", async () => {
    const me = await person();
    const cancelled = await weeklySeries({ upcoming: 2 });
    await database.write((tx) => tx.update(activitySeries).set({ cancelledAt: t }).where(eq(activitySeries.id, cancelled.seriesId)));
    await expect(
      signUpForSeries({ ctx: await ctxFor(me), input: { seriesId: cancelled.seriesId, shiftRole: null } }),
    ).rejects.toBeInstanceOf(Validation);
    const over = await weeklySeries({ upcoming: 0 });
    const error = await signUpForSeries({ ctx: await ctxFor(me), input: { seriesId: over.seriesId, shiftRole: null } }).catch((e) => e);
    expect(error.fieldErrors.form).toEqual(["activityPages.errors.seriesOver"]);
    await expect(signUpForSeries({ ctx: await ctxFor(me), input: { seriesId: 999_999, shiftRole: null } })).rejects.toThrow(
      "errors.notFound",
    );
    const live = await weeklySeries({ upcoming: 1 });
    await expect(signUpForSeries({ ctx: await ctxFor(me), input: { seriesId: live.seriesId, shiftRole: "Bestaat niet" } })).rejects.toThrow(
      "errors.notFound",
    );
  });

  test("concurrent series sign-ups for the last places: never overbooked, the rest waitlisted", async () => {
    const s = await weeklySeries({ upcoming: 2, capacity: 3 });
    const people = await Promise.all(Array.from({ length: 8 }, () => person()));
    await Promise.all(
      (await Promise.all(people.map(ctxFor))).map((ctx) => signUpForSeries({ ctx, input: { seriesId: s.seriesId, shiftRole: null } })),
    );
    for (const session of s.sessions) {
      const rows = await database.db.select().from(signup).where(eq(signup.sessionId, session.id));
      expect(rows.filter((r) => r.status === "confirmed")).toHaveLength(3);
      expect(rows.filter((r) => r.status === "waitlisted")).toHaveLength(5);
    }
  });
});
