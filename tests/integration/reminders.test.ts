import { and, asc, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { activitySeries, activitySession, emailOutbox, helpRequest, helpSession, notificationSetting, signup } from "#db/schema";
import { renderEmail } from "#emails/render";
import { cancelSeries, cancelSession, moveSession } from "~/domain/activities/activities.server";
import type { Ctx } from "~/domain/context.server";
import { guardEmail } from "~/domain/notifications/email-guard.server";
import { withdrawHelpRequest } from "~/domain/help";
import { cancelHelpSession, endHelpMatch, scheduleHelpSessions } from "~/domain/help/sessions.server";
import { reminderGuard } from "~/domain/notifications/reminder-guard.server";
import { verifyReminderLink } from "~/domain/notifications/reminder-links.server";
import { rescheduleRemindersForUser } from "~/domain/notifications/reminders.server";
import { cancelOwnSignup, signUp, signUpForSeries } from "~/domain/activities/signups.server";
import {
  addMember,
  createActivity,
  createHelpRequest,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createSession,
  createShift,
  createUser,
} from "~/demo/builders";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { createMemoryLogger } from "#tests/support/logger";
import type { OutgoingEmail } from "~/server/email-transport.server";
import { createOutboxWorker } from "~/server/outbox-worker.server";
import { ctxAs, defaultTestKeys } from "#tests/support/ctx";

// Reminders as outbox rows: scheduled when a place is confirmed, moved or cancelled with the
// session in the same transaction, recomputed when settings change, and checked at send time.

const zone = "Europe/Amsterdam";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (iso: string, z = zone) => DateTime.fromISO(iso, { zone: z }).toMillis();
const local = (ms: number, z = zone) => DateTime.fromMillis(ms, { zone: z }).toFormat("yyyy-MM-dd HH:mm ZZ");

let database: TestDatabase;
let now = at("2026-03-20T10:00");
let neighbourhoodId: number;
let organisationId: number;
const p = {} as Record<"organiser" | "alice" | "bob" | "carol" | "newYorker" | "volunteer" | "carer", number>;

beforeAll(async () => {
  database = await createTestDatabase();
  await database.write(async (tx) => {
    const town = await createMunicipality(tx);
    neighbourhoodId = (await createNeighbourhood(tx, { municipalityId: town.id })).id;
    organisationId = (await createOrganisation(tx)).id;
    for (const key of ["organiser", "alice", "bob", "carol", "volunteer", "carer"] as const) {
      p[key] = (await createUser(tx, { neighbourhoodId, name: key })).id;
    }
    p.newYorker = (await createUser(tx, { neighbourhoodId, name: "newYorker", timeZone: "America/New_York", locale: "en" })).id;
    await addMember(tx, organisationId, p.organiser, "admin");
  });
});
afterAll(() => database.cleanup());
beforeEach(async () => {
  now = at("2026-03-20T10:00");
  await database.write(async (tx) => {
    await tx.delete(emailOutbox);
    await tx.delete(notificationSetting);
  });
});

const as = (who: keyof typeof p): Promise<Ctx> => ctxAs(database, p[who], { now: () => now });

async function sessionAt(startsAt: number, values: { capacity?: number | null; cancelCutoffHours?: number } = {}) {
  return database.write(async (tx) => {
    const a = await createActivity(tx, { organisationId, neighbourhoodId, cancelCutoffHours: values.cancelCutoffHours ?? 0 });
    return createSession(tx, { activityId: a.id, startsAt, capacity: values.capacity ?? null });
  });
}

async function reminders(filter: { userId?: number; topic?: string } = {}) {
  const rows = await database.db
    .select()
    .from(emailOutbox)
    .where(
      and(
        eq(emailOutbox.template, "reminder"),
        filter.userId === undefined ? undefined : eq(emailOutbox.userId, filter.userId),
        filter.topic === undefined ? undefined : eq(emailOutbox.topic, filter.topic),
      ),
    )
    .orderBy(asc(emailOutbox.runAt), asc(emailOutbox.id));
  return rows;
}

const brief = (rows: Awaited<ReturnType<typeof reminders>>, z = zone) =>
  rows.map((r) => ({ key: r.idempotencyKey, status: r.status, at: local(r.runAt, z) }));

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
    const confirm = verifyReminderLink(defaultTestKeys, secrets.confirmUrl.split("/reminders/")[1]!, now);
    expect(confirm).toEqual({
      ok: true,
      payload: { kind: "signup", id: signupId, userId: p.alice, action: "confirm", expiresAt: session.startsAt },
    });
    expect(verifyReminderLink(defaultTestKeys, secrets.cancelUrl.split("/reminders/")[1]!, now)).toMatchObject({
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
    now = at("2026-03-24T20:00");
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
      const [sr] = await tx.insert(activitySeries).values({ activityId: a.id, rule: {}, createdAt: now }).returning();
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
    now = at("2026-03-25T18:30");
    const [dayBefore] = await reminders({ userId: p.alice });
    await database.write((tx) => tx.update(emailOutbox).set({ status: "sent", sentAt: now }).where(eq(emailOutbox.id, dayBefore!.id)));
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
      const [sr] = await tx.insert(activitySeries).values({ activityId: a.id, rule: {}, createdAt: now }).returning();
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

describe("settings change (rescheduleRemindersForUser)", () => {
  async function setSettings(userId: number, values: { dayBeforeAt: string | null; hoursBefore: number | null }) {
    await database.write(async (tx) => {
      await tx
        .insert(notificationSetting)
        .values({ userId, ...values, updatedAt: now })
        .onConflictDoUpdate({ target: notificationSetting.userId, set: { ...values, updatedAt: now } });
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
    now = at("2026-03-20T18:05");
    const [sent] = await reminders({ userId: p.alice });
    await database.write((tx) => tx.update(emailOutbox).set({ status: "sent", sentAt: now }).where(eq(emailOutbox.id, sent!.id)));
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
    const request = await database.write((tx) =>
      createHelpRequest(tx, {
        neighbourhoodId,
        requesterId: p.carer,
        status: "matched",
        matchedVolunteerId: p.volunteer,
        matchedAt: now - DAY,
      }),
    );
    await scheduleHelpSessions({
      ctx: await as("volunteer"),
      input: { requestId: request.id, date: "2026-04-01", startTime: "14:00", endTime: "16:00", repeat: "once" },
    });
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
  async function matched() {
    return database.write((tx) =>
      createHelpRequest(tx, {
        neighbourhoodId,
        requesterId: p.carer,
        status: "matched",
        matchedVolunteerId: p.volunteer,
        matchedAt: now - DAY,
      }),
    );
  }

  test("a planned session reminds the volunteer (with Confirm) and the requester (without), with no care details", async () => {
    const request = await matched();
    await scheduleHelpSessions({
      ctx: await as("volunteer"),
      input: { requestId: request.id, date: "2026-03-28", startTime: "14:00", endTime: "16:00", repeat: "once" },
    });
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
    const request = await matched();
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
    const request = await matched();
    await scheduleHelpSessions({
      ctx: await as("volunteer"),
      input: { requestId: request.id, date: "2026-03-28", startTime: "14:00", endTime: "16:00", repeat: "once" },
    });
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

describe("stale-reminder guard at send time", () => {
  const deps = () => ({ database, keys: defaultTestKeys, appUrl: "http://localhost:3000", now: () => now });

  async function scheduled() {
    const session = await sessionAt(at("2026-03-26T19:00"));
    const { signupId } = (await signUp({ ctx: await as("alice"), input: { sessionId: session.id, shiftId: null } })) as {
      signupId: number;
    };
    const [row] = await reminders({ userId: p.alice });
    return { session, signupId, row: row! };
  }

  test("a reminder whose session and sign-up still stand is sent", async () => {
    const { row } = await scheduled();
    expect(await reminderGuard(deps(), row)).toEqual({ send: true, headers: {} });
  });

  test("a sign-up cancelled behind the reminders' back (after the row was written) stops it", async () => {
    const { signupId, row } = await scheduled();
    await database.write((tx) => tx.update(signup).set({ status: "cancelled", cancelledAt: now }).where(eq(signup.id, signupId)));
    expect(await guardEmail(deps(), row)).toEqual({ send: false, reason: "stale reminder: sign-up cancelled" });
  });

  test("a cancelled, moved or started session stops it", async () => {
    const { session, row } = await scheduled();
    await database.write((tx) => tx.update(activitySession).set({ sequence: 1 }).where(eq(activitySession.id, session.id)));
    expect(await guardEmail(deps(), row)).toMatchObject({ send: false, reason: expect.stringContaining("session changed") });
    await database.write((tx) =>
      tx.update(activitySession).set({ sequence: 0, status: "cancelled" }).where(eq(activitySession.id, session.id)),
    );
    expect(await guardEmail(deps(), row)).toMatchObject({ send: false, reason: "stale reminder: session cancelled" });
    await database.write((tx) => tx.update(activitySession).set({ status: "scheduled" }).where(eq(activitySession.id, session.id)));
    now = session.startsAt;
    expect(await guardEmail(deps(), row)).toMatchObject({ send: false, reason: "stale reminder: session started" });
  });

  test("the worker, asking the guard, marks a reminder for a place cancelled after it was written as cancelled and sends nothing", async () => {
    const { signupId } = await scheduled();
    const otherSession = await sessionAt(at("2026-03-26T20:00"));
    await signUp({ ctx: await as("bob"), input: { sessionId: otherSession.id, shiftId: null } });
    await database.write((tx) => tx.update(signup).set({ status: "cancelled", cancelledAt: now }).where(eq(signup.id, signupId)));
    const sent: OutgoingEmail[] = [];
    const worker = createOutboxWorker({
      database,
      transport: { name: "memory", send: async (email) => (sent.push(email), { ok: true, providerId: `m-${sent.length}` }) },
      keys: defaultTestKeys,
      logger: createMemoryLogger(),
      from: "Noaber <noreply@example.org>",
      now: () => now,
      guard: (row) => guardEmail(deps(), row),
    });
    now = at("2026-03-25T18:00");
    await worker.runOnce();
    const rows = await reminders();
    const alice = rows.find((r) => r.userId === p.alice && r.idempotencyKey.endsWith("/day-before"))!;
    expect(alice).toMatchObject({ status: "cancelled", lastError: "stale reminder: sign-up cancelled" });
    const bob = rows.find((r) => r.userId === p.bob && r.idempotencyKey.endsWith("/day-before"))!;
    expect(bob.status).toBe("sent");
    const sentReminders = sent.filter((e) => e.idempotencyKey.startsWith("reminder/"));
    expect(sentReminders.map((e) => e.idempotencyKey)).toEqual([bob.idempotencyKey]);
    expect(sentReminders[0]!.text).toContain("Ja, ik kom");
  });

  test("a helping session whose match ended stops it; other templates pass untouched", async () => {
    const request = await database.write((tx) =>
      createHelpRequest(tx, {
        neighbourhoodId,
        requesterId: p.carer,
        status: "matched",
        matchedVolunteerId: p.volunteer,
        matchedAt: now - DAY,
      }),
    );
    await scheduleHelpSessions({
      ctx: await as("volunteer"),
      input: { requestId: request.id, date: "2026-03-28", startTime: "14:00", endTime: "16:00", repeat: "once" },
    });
    const [row] = await reminders({ userId: p.volunteer });
    expect(await reminderGuard(deps(), row!)).toEqual({ send: true, headers: {} });
    await database.write((tx) => tx.update(helpRequest).set({ status: "withdrawn" }).where(eq(helpRequest.id, request.id)));
    expect(await guardEmail(deps(), row!)).toMatchObject({ send: false, reason: "stale reminder: match no longer active" });
    expect(await reminderGuard(deps(), { ...row!, template: "signup-confirmed" })).toEqual({ send: true, headers: {} });
  });
});
