import { and, asc, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { activitySeries, shift, signup } from "#db/schema";
import { renderEmail } from "#emails/render";
import { cancelSeries, cancelSession, changeCapacity, moveSession } from "~/domain/activities/activities.server";
import { NotFound } from "~/domain/errors";
import { signUp } from "~/domain/activities/signups.server";
import {
  HOUR,
  MINUTE,
  T0,
  activityWithSignups,
  amsterdam,
  ctxFor,
  database,
  fieldErrors,
  ids,
  mailsLike,
  newPeople,
  sessionsOf,
  setUpOrganiserWorld,
} from "./activities-organiser-world";

// The organiser changes what exists: moving and cancelling sessions, and capacity.

setUpOrganiserWorld();

describe("moving one session", () => {
  test("moves the session and its shifts, detaches it, and mails everyone signed up the old and new time", async () => {
    const a = await activityWithSignups(3, 1); // 2 confirmed, 1 waitlisted, 1 volunteer
    const result = await moveSession({
      ctx: await ctxFor(ids.member),
      input: { sessionId: a.first.id, date: "2026-03-19", startTime: "18:30" },
    });
    expect(result).toEqual({ moved: true, notified: 4 });
    const sessions = await sessionsOf(a.activityId);
    const moved = sessions.find((s) => s.id === a.first.id)!;
    expect(amsterdam(moved.startsAt)).toBe("19-03-2026 18:30");
    expect(moved.endsAt - moved.startsAt).toBe(2 * HOUR);
    expect(moved).toMatchObject({ detached: true, sequence: 1, occurrenceDate: "2026-03-17" });
    // The rest of the series is untouched.
    expect(
      sessions.filter((s) => s.id !== a.first.id).every((s) => !s.detached && s.sequence === 0 && amsterdam(s.startsAt).endsWith("19:00")),
    ).toBe(true);
    const [movedShift] = await database.db.select().from(shift).where(eq(shift.id, a.firstShift.id));
    expect(amsterdam(movedShift!.startsAt)).toBe("19-03-2026 18:30");
    expect(movedShift!.endsAt - movedShift!.startsAt).toBe(90 * MINUTE);
    const mails = await mailsLike("session-changed/%");
    const mine = mails.filter((m) => a.signups.some((id) => m.idempotencyKey === `session-changed/${id}/1`));
    expect(mine).toHaveLength(4);
    const volunteerMail = mine.find((m) => m.idempotencyKey === `session-changed/${a.signups[3]}/1`)!;
    expect(volunteerMail.props).toMatchObject({ role: "Gastheer", oldStartsAt: a.firstShift.startsAt, startsAt: movedShift!.startsAt });
    // Rendered in the recipient's language and time zone, with both times.
    const rendered = await renderEmail({
      template: "session-changed",
      locale: "nl",
      timeZone: "Europe/Amsterdam",
      props: volunteerMail.props,
      secrets: {},
    });
    expect(rendered.subject).toBe("Gewijzigd: Wandelvoetbal voor 60-plussers");
    expect(rendered.text).toContain("Was: di 17 mrt 2026, 19:00 – 20:30");
    expect(rendered.text).toContain("Nu: do 19 mrt 2026, 18:30 – 20:00");
    const english = await renderEmail({
      template: "session-changed",
      locale: "en",
      timeZone: "Europe/London",
      props: volunteerMail.props,
      secrets: {},
    });
    expect(english.text).toContain("Now: Thu, Mar 19, 2026, 17:30 – 19:00");
    // A second move bumps the sequence again and mails again.
    await moveSession({ ctx: await ctxFor(ids.member), input: { sessionId: a.first.id, date: "2026-03-19", startTime: "19:00" } });
    expect((await mailsLike(`session-changed/${a.signups[0]}/%`)).map((m) => m.idempotencyKey)).toEqual([
      `session-changed/${a.signups[0]}/1`,
      `session-changed/${a.signups[0]}/2`,
    ]);
  });

  test("a time that does not exist, a past date, or a past session is refused", async () => {
    const a = await activityWithSignups(0);
    const ctx = await ctxFor(ids.member);
    expect(await fieldErrors(moveSession({ ctx, input: { sessionId: a.first.id, date: "2026-03-29", startTime: "02:15" } }))).toEqual({
      startTime: ["organiser.errors.nonexistentTime?date=zondag+29+maart+2026&time=02%3A15"],
    });
    expect(await fieldErrors(moveSession({ ctx, input: { sessionId: a.first.id, date: "2026-02-28", startTime: "19:00" } }))).toEqual({
      date: ["organiser.errors.dateInPast"],
    });
    expect(await fieldErrors(moveSession({ ctx, input: { sessionId: a.first.id, date: "2026-3-1", startTime: "19:00" } }))).toEqual({
      date: ["organiser.errors.date"],
    });
    const later = await ctxFor(ids.member, a.first.startsAt + MINUTE);
    expect(
      await fieldErrors(moveSession({ ctx: later, input: { sessionId: a.first.id, date: "2026-04-30", startTime: "19:00" } })),
    ).toEqual({
      form: ["organiser.errors.sessionStarted"],
    });
  });

  test("only the organisation may move: not another organisation, a resident, or the neighbourhood's coordinator", async () => {
    const a = await activityWithSignups(0);
    for (const who of [ids.otherMember, ids.resident, ids.coordinatorA]) {
      await expect(
        moveSession({ ctx: await ctxFor(who), input: { sessionId: a.first.id, date: "2026-03-18", startTime: "19:00" } }),
      ).rejects.toBeInstanceOf(NotFound);
    }
    expect((await sessionsOf(a.activityId))[0]!.startsAt).toBe(a.first.startsAt);
  });
});

describe("cancelling", () => {
  test("one session: its sign-ups are cancelled by the organiser and each gets a mail; the series stays", async () => {
    const a = await activityWithSignups(3, 1);
    const result = await cancelSession({ ctx: await ctxFor(ids.member), input: { sessionId: a.first.id } });
    expect(result).toEqual({ sessions: 1, signups: 4 });
    const sessions = await sessionsOf(a.activityId);
    expect(sessions[0]).toMatchObject({ status: "cancelled", sequence: 1 });
    expect(sessions.slice(1).every((s) => s.status === "scheduled")).toBe(true);
    const rows = await database.db.select().from(signup).where(eq(signup.sessionId, a.first.id));
    expect(rows.every((r) => r.status === "cancelled" && r.cancelledBy === "organiser" && r.cancelledAt === T0)).toBe(true);
    const mails = await mailsLike("session-cancelled/%");
    expect(a.signups.every((id) => mails.some((m) => m.idempotencyKey === `session-cancelled/${id}`))).toBe(true);
    // No one was promoted into a cancelled session.
    expect(await mailsLike(`signup-promoted/${a.signups[2]}`)).toHaveLength(0);
    const rendered = await renderEmail({
      template: "session-cancelled",
      locale: "en",
      timeZone: "Europe/Amsterdam",
      props: mails.find((m) => m.idempotencyKey === `session-cancelled/${a.signups[0]}`)!.props,
      secrets: {},
    });
    expect(rendered.subject).toBe("Cancelled: Wandelvoetbal voor 60-plussers");
    expect(rendered.text).toContain("When: Tue, Mar 17, 2026, 19:00 – 21:00");
    // Again: nothing more happens.
    expect(await cancelSession({ ctx: await ctxFor(ids.member), input: { sessionId: a.first.id } })).toEqual({ sessions: 0, signups: 0 });
  });

  test("the whole series: every future session, past ones kept, one mail per person", async () => {
    const a = await activityWithSignups(0);
    const [p1, p2] = await newPeople(2);
    // p1 signs up for all four sessions, p2 for the last one only.
    for (const s of a.sessions) await signUp({ ctx: await ctxFor(p1!), input: { sessionId: s.id, shiftId: null } });
    await signUp({ ctx: await ctxFor(p2!), input: { sessionId: a.sessions[3]!.id, shiftId: null } });
    // After the first session has begun, the organiser cancels the rest.
    const afterFirst = a.sessions[0]!.startsAt + HOUR;
    const result = await cancelSeries({ ctx: await ctxFor(ids.member, afterFirst), input: { seriesId: a.seriesId } });
    expect(result).toEqual({ sessions: 3, signups: 4 });
    const sessions = await sessionsOf(a.activityId);
    expect(sessions.map((s) => s.status)).toEqual(["scheduled", "cancelled", "cancelled", "cancelled"]);
    const series = await database.db.query.activitySeries.findFirst({ where: eq(activitySeries.id, a.seriesId) });
    expect(series?.cancelledAt).toBe(afterFirst);
    const firstSignup = await database.db.query.signup.findFirst({
      where: and(eq(signup.sessionId, a.sessions[0]!.id), eq(signup.userId, p1!)),
    });
    expect(firstSignup?.status).toBe("confirmed");
    const p1Signups = await database.db.select().from(signup).where(eq(signup.userId, p1!)).orderBy(asc(signup.id));
    const p2Signup = await database.db.query.signup.findFirst({ where: eq(signup.userId, p2!) });
    const mails = (await mailsLike("session-cancelled/%")).filter((m) =>
      [...p1Signups.map((s) => s.id), p2Signup!.id].some((id) => m.idempotencyKey === `session-cancelled/${id}`),
    );
    expect(mails.map((m) => m.idempotencyKey)).toEqual([`session-cancelled/${p1Signups[1]!.id}`, `session-cancelled/${p2Signup!.id}`]);
    expect(mails[0]!.props).toMatchObject({ scope: "series", sessionCount: 3, startsAt: a.sessions[1]!.startsAt });
    const rendered = await renderEmail({
      template: "session-cancelled",
      locale: "nl",
      timeZone: "Europe/Amsterdam",
      props: mails[0]!.props,
      secrets: {},
    });
    expect(rendered.subject).toBe("Gaat niet meer door: Wandelvoetbal voor 60-plussers");
    expect(rendered.text).toContain("Dit gaat over 3 bijeenkomsten");
  });

  test("only the organisation may cancel", async () => {
    const a = await activityWithSignups(1);
    for (const who of [ids.otherMember, ids.resident, ids.coordinatorA]) {
      await expect(cancelSession({ ctx: await ctxFor(who), input: { sessionId: a.first.id } })).rejects.toBeInstanceOf(NotFound);
      await expect(cancelSeries({ ctx: await ctxFor(who), input: { seriesId: a.seriesId } })).rejects.toBeInstanceOf(NotFound);
    }
    expect((await sessionsOf(a.activityId)).every((s) => s.status === "scheduled")).toBe(true);
  });
});

describe("changing capacity", () => {
  test("below the number confirmed is refused; raising it promotes from the waitlist in arrival order", async () => {
    const a = await activityWithSignups(5); // capacity 2: 2 confirmed, 3 waitlisted
    const ctx = await ctxFor(ids.member);
    expect(await fieldErrors(changeCapacity({ ctx, input: { sessionId: a.first.id, capacity: 1 } }))).toEqual({
      capacity: ["organiser.errors.capacityBelowConfirmed?count=2"],
    });
    expect(await fieldErrors(changeCapacity({ ctx, input: { sessionId: a.first.id, capacity: 0 } }))).toEqual({
      capacity: ["organiser.errors.capacityMin"],
    });
    const raised = await changeCapacity({ ctx, input: { sessionId: a.first.id, capacity: 3 } });
    expect(raised.promoted).toEqual([a.signups[2]]);
    const session = (await sessionsOf(a.activityId))[0]!;
    expect(session).toMatchObject({ capacity: 3, detached: true });
    expect(await mailsLike(`signup-promoted/${a.signups[2]}`)).toHaveLength(1);
    const unlimited = await changeCapacity({ ctx, input: { sessionId: a.first.id, capacity: null } });
    expect(unlimited.promoted).toEqual([a.signups[3], a.signups[4]]);
    const statuses = (await database.db.select().from(signup).where(eq(signup.sessionId, a.first.id)).orderBy(asc(signup.id))).map(
      (s) => s.status,
    );
    expect(statuses).toEqual(["confirmed", "confirmed", "confirmed", "confirmed", "confirmed"]);
    // The same number as confirmed is fine.
    expect((await changeCapacity({ ctx, input: { sessionId: a.first.id, capacity: 5 } })).promoted).toEqual([]);
  });

  test("only the organisation may change it", async () => {
    const a = await activityWithSignups(0);
    for (const who of [ids.otherMember, ids.resident, ids.coordinatorA, ids.coordinatorB]) {
      await expect(changeCapacity({ ctx: await ctxFor(who), input: { sessionId: a.first.id, capacity: 10 } })).rejects.toBeInstanceOf(
        NotFound,
      );
    }
  });
});
