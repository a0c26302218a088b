import { asc, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { emailOutbox, helpSession, notificationSetting } from "#db/schema";
import { renderEmail } from "#emails/render";
import { withdrawHelpRequest } from "~/domain/help";
import { cancelHelpSession, endHelpMatch, scheduleHelpSessions } from "~/domain/help/sessions.server";
import { rescheduleRemindersForUser } from "~/domain/notifications/reminders.server";
import { signUp } from "~/domain/activities/signups.server";
import { defaultTestKeys } from "#tests/support/ctx";
import {
  as,
  at,
  brief,
  clock,
  database,
  helpSessionOn,
  matchedHelpRequest,
  p,
  reminders,
  sessionAt,
  setUpRemindersWorld,
  zone,
} from "./reminders-world";

setUpRemindersWorld();

describe("settings change (rescheduleRemindersForUser)", () => {
  async function setSettings(userId: number, values: { dayBeforeAt: string | null; hoursBefore: number | null }) {
    await database.write(async (tx) => {
      await tx
        .insert(notificationSetting)
        .values({ userId, ...values, updatedAt: clock.now })
        .onConflictDoUpdate({ target: notificationSetting.userId, set: { ...values, updatedAt: clock.now } });
      await rescheduleRemindersForUser(await as("alice"), tx, userId);
    });
  }

  test("new times move pending reminders in place; switching one off cancels it; switching it on again revives it", async () => {
    const session = await sessionAt(at("2026-03-31T19:30"));
    const { signupId } = (await signUp({ ctx: await as("alice"), input: { sessionId: session.id, shiftId: null } })) as {
      signupId: number;
    };
    const topic = `activity-session:${session.id}`;
    await setSettings(p.alice, { dayBeforeAt: "09:00", hoursBefore: null });
    expect(brief(await reminders({ userId: p.alice, topic }))).toEqual([
      { key: `reminder/signup-${signupId}/0/day-before`, status: "pending", at: "2026-03-30 09:00 +02:00" },
      { key: `reminder/signup-${signupId}/0/hours-before`, status: "cancelled", at: "2026-03-31 17:30 +02:00" },
    ]);
    await setSettings(p.alice, { dayBeforeAt: null, hoursBefore: 4 });
    expect(brief(await reminders({ userId: p.alice, topic }))).toEqual([
      { key: `reminder/signup-${signupId}/0/day-before`, status: "cancelled", at: "2026-03-30 09:00 +02:00" },
      { key: `reminder/signup-${signupId}/0/hours-before`, status: "pending", at: "2026-03-31 15:30 +02:00" },
    ]);
  });

  test("a reminder already sent is not sent again, and other people's reminders are left alone", async () => {
    const session = await sessionAt(at("2026-03-21T19:30"));
    await signUp({ ctx: await as("alice"), input: { sessionId: session.id, shiftId: null } });
    await signUp({ ctx: await as("bob"), input: { sessionId: session.id, shiftId: null } });
    clock.now = at("2026-03-20T18:05");
    const [sent] = await reminders({ userId: p.alice });
    await database.write((tx) => tx.update(emailOutbox).set({ status: "sent", sentAt: clock.now }).where(eq(emailOutbox.id, sent!.id)));
    await setSettings(p.alice, { dayBeforeAt: "20:00", hoursBefore: 3 });
    const topic = `activity-session:${session.id}`;
    expect(brief(await reminders({ userId: p.alice, topic })).map((r) => [r.status, r.at])).toEqual([
      ["sent", "2026-03-20 18:00 +01:00"],
      ["pending", "2026-03-21 16:30 +01:00"],
    ]);
    expect(brief(await reminders({ userId: p.bob })).map((r) => [r.status, r.at])).toEqual([
      ["pending", "2026-03-20 18:00 +01:00"],
      ["pending", "2026-03-21 17:30 +01:00"],
    ]);
  });

  test("new settings also apply to future helping sessions", async () => {
    const request = await helpSessionOn("2026-04-01");
    const [session] = await database.db.select().from(helpSession).where(eq(helpSession.requestId, request.id));
    const topic = `help-session:${session!.id}`;
    await setSettings(p.volunteer, { dayBeforeAt: "08:00", hoursBefore: null });
    expect(brief((await reminders({ userId: p.volunteer, topic })).filter((r) => r.status === "pending")).map((r) => r.at)).toEqual([
      "2026-03-31 08:00 +02:00",
    ]);
    // The requester's reminders follow the requester's settings (the defaults).
    expect((await reminders({ userId: p.carer, topic })).filter((r) => r.status === "pending")).toHaveLength(2);
  });
});

describe("helping sessions", () => {
  test("a planned session reminds the volunteer (with Confirm) and the requester (without), with no care details", async () => {
    const request = await helpSessionOn("2026-03-28");
    const [session] = await database.db.select().from(helpSession).where(eq(helpSession.requestId, request.id));
    const vol = await reminders({ userId: p.volunteer });
    expect(brief(vol)).toEqual([
      { key: `reminder/help-session-${session!.id}-${p.volunteer}/0/day-before`, status: "pending", at: "2026-03-27 18:00 +01:00" },
      { key: `reminder/help-session-${session!.id}-${p.volunteer}/0/hours-before`, status: "pending", at: "2026-03-28 12:00 +01:00" },
    ]);
    expect(vol[0]!.topic).toBe(`help-session:${session!.id}`);
    expect(Object.keys(defaultTestKeys.open(vol[0]!.sealedSecrets!) as object)).toEqual(["confirmUrl"]);
    const carer = await reminders({ userId: p.carer });
    expect(carer).toHaveLength(2);
    expect(defaultTestKeys.open(carer[0]!.sealedSecrets!)).toEqual({});
    const mail = await renderEmail({ template: "reminder", locale: "nl", timeZone: zone, props: vol[0]!.props, secrets: {} });
    expect(mail.text).not.toContain("Dorpsstraat");
    expect(mail.text).not.toContain("carer");
  });

  test("cancelling a helping session, or ending the match, cancels the pending reminders", async () => {
    const request = await matchedHelpRequest();
    await scheduleHelpSessions({
      ctx: await as("volunteer"),
      input: {
        requestId: request.id,
        date: "2026-03-24",
        startTime: "14:00",
        endTime: "16:00",
        repeat: "weekly",
        interval: 1,
        weekdays: [2],
        count: 2,
      },
    });
    const [first, second] = await database.db
      .select()
      .from(helpSession)
      .where(eq(helpSession.requestId, request.id))
      .orderBy(asc(helpSession.startsAt));
    await cancelHelpSession({ ctx: await as("carer"), input: { requestId: request.id, sessionId: first!.id, reason: "Ziek" } });
    expect((await reminders({ topic: `help-session:${first!.id}` })).map((r) => r.status)).toEqual([
      "cancelled",
      "cancelled",
      "cancelled",
      "cancelled",
    ]);
    expect((await reminders({ topic: `help-session:${second!.id}` })).every((r) => r.status === "pending")).toBe(true);
    await endHelpMatch({ ctx: await as("volunteer"), input: { requestId: request.id, reason: "Klaar" } });
    expect((await reminders({ topic: `help-session:${second!.id}` })).map((r) => r.status)).toEqual([
      "cancelled",
      "cancelled",
      "cancelled",
      "cancelled",
    ]);
  });

  test("the requester withdrawing a matched request cancels its pending reminders in the same transaction", async () => {
    const request = await helpSessionOn("2026-03-28");
    const [session] = await database.db.select().from(helpSession).where(eq(helpSession.requestId, request.id));
    expect((await reminders({ topic: `help-session:${session!.id}` })).every((r) => r.status === "pending")).toBe(true);
    await withdrawHelpRequest({ ctx: await as("carer"), input: { id: request.id } });
    expect((await reminders({ topic: `help-session:${session!.id}` })).map((r) => r.status)).toEqual([
      "cancelled",
      "cancelled",
      "cancelled",
      "cancelled",
    ]);
  });
});
