import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { activitySeries, emailOutbox } from "#db/schema";
import { renderEmail } from "#emails/render";
import { cancelSeries, cancelSession, moveSession } from "~/domain/activities/activities.server";
import { verifyReminderLink } from "~/domain/notifications/reminder-links.server";
import { cancelOwnSignup, signUp, signUpForSeries } from "~/domain/activities/signups.server";
import { createActivity, createSession, createShift } from "~/demo/builders";
import { defaultTestKeys } from "#tests/support/ctx";
import {
  as,
  at,
  brief,
  clock,
  database,
  local,
  neighbourhoodId,
  organisationId,
  p,
  reminders,
  sessionAt,
  setUpRemindersWorld,
} from "./reminders-world";

setUpRemindersWorld();

// Reminders as outbox rows: scheduled when a place is confirmed, moved or cancelled with the
// session in the same transaction, recomputed when settings change, and checked at send time.

describe("scheduling when a place is confirmed", () => {
  test("a confirmed sign-up gets the day before at 18:00 and 2 hours before, for the person, about the session", async () => {
    const session = await sessionAt(at("2026-03-25T19:30"));
    const { signupId } = (await signUp({ ctx: await as("alice"), input: { sessionId: session.id, shiftId: null } })) as {
      signupId: number;
    };
    const rows = await reminders({ userId: p.alice });
    expect(brief(rows)).toEqual([
      { key: `reminder/signup-${signupId}/0/day-before`, status: "pending", at: "2026-03-24 18:00 +01:00" },
      { key: `reminder/signup-${signupId}/0/hours-before`, status: "pending", at: "2026-03-25 17:30 +01:00" },
    ]);
    expect(rows.every((r) => r.topic === `activity-session:${session.id}` && r.userId === p.alice && r.locale === "nl")).toBe(true);
    // The one-click links are sealed (wiped once sent) and name this sign-up, expiring at the start.
    const secrets = defaultTestKeys.open(rows[0]!.sealedSecrets!) as { confirmUrl: string; cancelUrl: string };
    const confirm = verifyReminderLink(defaultTestKeys, secrets.confirmUrl.split("/reminders/")[1]!, clock.now);
    expect(confirm).toEqual({
      ok: true,
      payload: { kind: "signup", id: signupId, userId: p.alice, action: "confirm", expiresAt: session.startsAt },
    });
    expect(verifyReminderLink(defaultTestKeys, secrets.cancelUrl.split("/reminders/")[1]!, clock.now)).toMatchObject({
      ok: true,
      payload: { action: "cancel" },
    });
    expect(JSON.stringify(rows[0]!.props)).not.toContain("/reminders/");
  });

  test("the reminder renders in the person's language and zone, with Confirm and Cancel", async () => {
    const session = await sessionAt(at("2026-03-25T19:30"));
    await signUp({ ctx: await as("newYorker"), input: { sessionId: session.id, shiftId: null } });
    const [first] = await reminders({ userId: p.newYorker });
    expect(local(first!.runAt, "America/New_York")).toBe("2026-03-24 18:00 -04:00");
    const secrets = defaultTestKeys.open(first!.sealedSecrets!) as { confirmUrl: string; cancelUrl: string };
    const mail = await renderEmail({ template: "reminder", locale: "en", timeZone: first!.timeZone, props: first!.props, secrets });
    expect(mail.subject).toMatch(/^Reminder: /);
    expect(mail.text).toContain("Yes, I am coming");
    expect(mail.html).toContain(secrets.confirmUrl);
    expect(mail.html).toContain(secrets.cancelUrl);
    // 19:30 in Amsterdam (winter time) is 14:30 in New York (already on summer time).
    expect(mail.text).toContain("14:30");
  });

  test("a waitlisted sign-up gets no reminders; promotion schedules them and the leaver's are cancelled, in one go", async () => {
    const session = await sessionAt(at("2026-03-25T19:30"), { capacity: 1 });
    const first = (await signUp({ ctx: await as("alice"), input: { sessionId: session.id, shiftId: null } })) as { signupId: number };
    const second = await signUp({ ctx: await as("bob"), input: { sessionId: session.id, shiftId: null } });
    expect(second).toMatchObject({ outcome: "waitlisted" });
    expect(await reminders({ userId: p.bob })).toEqual([]);
    await cancelOwnSignup({ ctx: await as("alice"), input: { signupId: first.signupId } });
    expect((await reminders({ userId: p.alice })).map((r) => r.status)).toEqual(["cancelled", "cancelled"]);
    expect(brief(await reminders({ userId: p.bob })).map((r) => [r.status, r.at])).toEqual([
      ["pending", "2026-03-24 18:00 +01:00"],
      ["pending", "2026-03-25 17:30 +01:00"],
    ]);
  });

  test("reminders already in the past are left out (signing up the evening before)", async () => {
    clock.now = at("2026-03-24T20:00");
    const session = await sessionAt(at("2026-03-25T19:30"));
    await signUp({ ctx: await as("alice"), input: { sessionId: session.id, shiftId: null } });
    expect(brief(await reminders({ userId: p.alice })).map((r) => r.at)).toEqual(["2026-03-25 17:30 +01:00"]);
  });

  test("a shift's reminders follow the shift's start, not the session's", async () => {
    const session = await sessionAt(at("2026-03-25T19:30"));
    const s = await database.write((tx) =>
      createShift(tx, { sessionId: session.id, role: "Bar", needed: 2, startsAt: at("2026-03-25T18:00"), endsAt: at("2026-03-25T22:00") }),
    );
    await signUp({ ctx: await as("carol"), input: { sessionId: session.id, shiftId: s.id } });
    expect(brief(await reminders({ userId: p.carol })).map((r) => r.at)).toEqual(["2026-03-24 18:00 +01:00", "2026-03-25 16:00 +01:00"]);
  });

  test("a series sign-up schedules reminders for each confirmed session only", async () => {
    const [series, sessions] = await database.write(async (tx) => {
      const a = await createActivity(tx, { organisationId, neighbourhoodId });
      const [sr] = await tx.insert(activitySeries).values({ activityId: a.id, rule: {}, createdAt: clock.now }).returning();
      const list = [];
      for (const [i, start] of [at("2026-03-26T19:00"), at("2026-04-02T19:00")].entries()) {
        list.push(
          await createSession(tx, {
            activityId: a.id,
            seriesId: sr!.id,
            startsAt: start,
            capacity: i === 0 ? 1 : null,
            occurrenceDate: `d${i}`,
          }),
        );
      }
      return [sr!, list] as const;
    });
    await signUp({ ctx: await as("bob"), input: { sessionId: sessions[0]!.id, shiftId: null } });
    const result = await signUpForSeries({ ctx: await as("alice"), input: { seriesId: series.id, shiftRole: null } });
    expect(result).toMatchObject({ outcome: "done", confirmed: 1, waitlisted: 1 });
    const rows = await reminders({ userId: p.alice });
    expect(new Set(rows.map((r) => r.topic))).toEqual(new Set([`activity-session:${sessions[1]!.id}`]));
    // 2 April is after the spring change: 18:00 CEST the day before.
    expect(brief(rows).map((r) => r.at)).toEqual(["2026-04-01 18:00 +02:00", "2026-04-02 17:00 +02:00"]);
  });
});

describe("moving and cancelling sessions", () => {
  test("a session moved across the spring DST change gets fresh reminders at the new local times; the old ones are cancelled", async () => {
    const session = await sessionAt(at("2026-03-26T19:00"));
    const { signupId } = (await signUp({ ctx: await as("alice"), input: { sessionId: session.id, shiftId: null } })) as {
      signupId: number;
    };
    await signUp({ ctx: await as("newYorker"), input: { sessionId: session.id, shiftId: null } });
    await moveSession({ ctx: await as("organiser"), input: { sessionId: session.id, date: "2026-03-30", startTime: "19:00" } });
    expect(brief(await reminders({ userId: p.alice }))).toEqual([
      { key: `reminder/signup-${signupId}/0/day-before`, status: "cancelled", at: "2026-03-25 18:00 +01:00" },
      { key: `reminder/signup-${signupId}/0/hours-before`, status: "cancelled", at: "2026-03-26 17:00 +01:00" },
      // Monday after the change: Sunday 18:00 is summer time already.
      { key: `reminder/signup-${signupId}/1/day-before`, status: "pending", at: "2026-03-29 18:00 +02:00" },
      { key: `reminder/signup-${signupId}/1/hours-before`, status: "pending", at: "2026-03-30 17:00 +02:00" },
    ]);
    // Each person's own zone: 18:00 in New York the day before the new time.
    const ny = (await reminders({ userId: p.newYorker })).filter((r) => r.status === "pending");
    expect(ny.map((r) => local(r.runAt, "America/New_York"))).toEqual(["2026-03-29 18:00 -04:00", "2026-03-30 11:00 -04:00"]);
  });

  test("moving a session whose day-before reminder was already sent sends a fresh one for the new time", async () => {
    const session = await sessionAt(at("2026-03-26T19:00"));
    await signUp({ ctx: await as("alice"), input: { sessionId: session.id, shiftId: null } });
    clock.now = at("2026-03-25T18:30");
    const [dayBefore] = await reminders({ userId: p.alice });
    await database.write((tx) =>
      tx.update(emailOutbox).set({ status: "sent", sentAt: clock.now }).where(eq(emailOutbox.id, dayBefore!.id)),
    );
    await moveSession({ ctx: await as("organiser"), input: { sessionId: session.id, date: "2026-03-28", startTime: "10:00" } });
    expect(brief(await reminders({ userId: p.alice })).map((r) => [r.status, r.at])).toEqual([
      ["sent", "2026-03-25 18:00 +01:00"],
      ["cancelled", "2026-03-26 17:00 +01:00"],
      ["pending", "2026-03-27 18:00 +01:00"],
      ["pending", "2026-03-28 08:00 +01:00"],
    ]);
  });

  test("cancelling a session cancels its pending reminders in the same transaction", async () => {
    const session = await sessionAt(at("2026-03-26T19:00"));
    await signUp({ ctx: await as("alice"), input: { sessionId: session.id, shiftId: null } });
    await signUp({ ctx: await as("bob"), input: { sessionId: session.id, shiftId: null } });
    await cancelSession({ ctx: await as("organiser"), input: { sessionId: session.id } });
    const rows = await reminders({ topic: `activity-session:${session.id}` });
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.status === "cancelled")).toBe(true);
  });

  test("cancelling a series cancels the reminders of all its future sessions", async () => {
    const { seriesId, sessionIds } = await database.write(async (tx) => {
      const a = await createActivity(tx, { organisationId, neighbourhoodId });
      const [sr] = await tx.insert(activitySeries).values({ activityId: a.id, rule: {}, createdAt: clock.now }).returning();
      const ids = [];
      for (const [i, start] of [at("2026-03-26T19:00"), at("2026-04-02T19:00")].entries()) {
        ids.push((await createSession(tx, { activityId: a.id, seriesId: sr!.id, startsAt: start, occurrenceDate: `c${i}` })).id);
      }
      return { seriesId: sr!.id, sessionIds: ids };
    });
    await signUpForSeries({ ctx: await as("carol"), input: { seriesId, shiftRole: null } });
    expect((await reminders({ userId: p.carol })).filter((r) => r.status === "pending")).toHaveLength(4);
    await cancelSeries({ ctx: await as("organiser"), input: { seriesId } });
    const rows = await reminders({ userId: p.carol });
    expect(rows.map((r) => r.status)).toEqual(["cancelled", "cancelled", "cancelled", "cancelled"]);
    expect(new Set(rows.map((r) => r.topic))).toEqual(new Set(sessionIds.map((id) => `activity-session:${id}`)));
  });
});
