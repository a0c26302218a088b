import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { activitySession, helpRequest, signup } from "#db/schema";
import { guardEmail } from "~/domain/notifications/email-guard.server";
import { reminderGuard } from "~/domain/notifications/reminder-guard.server";
import { signUp } from "~/domain/activities/signups.server";
import { createMemoryLogger } from "#tests/support/logger";
import type { OutgoingEmail } from "~/server/email-transport.server";
import { createOutboxWorker } from "~/server/outbox-worker.server";
import { defaultTestKeys } from "#tests/support/ctx";
import { as, at, clock, database, helpSessionOn, p, reminders, sessionAt, setUpRemindersWorld } from "./reminders-world";

setUpRemindersWorld();

describe("stale-reminder guard at send time", () => {
  const deps = () => ({ database, keys: defaultTestKeys, appUrl: "http://localhost:3000", now: () => clock.now });

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
    await database.write((tx) => tx.update(signup).set({ status: "cancelled", cancelledAt: clock.now }).where(eq(signup.id, signupId)));
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
    clock.now = session.startsAt;
    expect(await guardEmail(deps(), row)).toMatchObject({ send: false, reason: "stale reminder: session started" });
  });

  test("the worker, asking the guard, marks a reminder for a place cancelled after it was written as cancelled and sends nothing", async () => {
    const { signupId } = await scheduled();
    const otherSession = await sessionAt(at("2026-03-26T20:00"));
    await signUp({ ctx: await as("bob"), input: { sessionId: otherSession.id, shiftId: null } });
    await database.write((tx) => tx.update(signup).set({ status: "cancelled", cancelledAt: clock.now }).where(eq(signup.id, signupId)));
    const sent: OutgoingEmail[] = [];
    const worker = createOutboxWorker({
      database,
      transport: { name: "memory", send: async (email) => (sent.push(email), { ok: true, providerId: `m-${sent.length}` }) },
      keys: defaultTestKeys,
      logger: createMemoryLogger(),
      from: "Noaber <noreply@example.org>",
      now: () => clock.now,
      guard: (row) => guardEmail(deps(), row),
    });
    clock.now = at("2026-03-25T18:00");
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
    const request = await helpSessionOn("2026-03-28");
    const [row] = await reminders({ userId: p.volunteer });
    expect(await reminderGuard(deps(), row!)).toEqual({ send: true, headers: {} });
    await database.write((tx) => tx.update(helpRequest).set({ status: "withdrawn" }).where(eq(helpRequest.id, request.id)));
    expect(await guardEmail(deps(), row!)).toMatchObject({ send: false, reason: "stale reminder: match no longer active" });
    expect(await reminderGuard(deps(), { ...row!, template: "signup-confirmed" })).toEqual({ send: true, headers: {} });
  });
});
