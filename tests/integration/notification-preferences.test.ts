import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { emailOutbox, emailSuppression, notificationSetting } from "#db/schema";
import { renderEmail } from "#emails/render";
import { emailKindOf, emailTemplates } from "#emails/registry";
import {
  createActivity,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createSession,
  createSignupRecord,
  createUser,
} from "~/demo/builders";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { ctxAs, defaultTestKeys } from "#tests/support/ctx";
import { guardEmail, type OutboxRow } from "~/domain/notifications/email-guard.server";
import { Unauthenticated, Validation } from "~/domain/errors";
import {
  getOwnNotificationSettings,
  preferenceGuard,
  readUnsubscribeToken,
  resumeOwnMail,
  unsubscribeToken,
  updateNotificationSettings,
} from "~/domain/notifications/preferences.server";
import { createKeyring } from "~/domain/keyring.server";
import { enqueueEmail } from "~/domain/notifications/outbox.server";
import { createResendTransport } from "~/server/email-transport.server";
import { createOutboxWorker } from "~/server/outbox-worker.server";
import { createResendMock, RESEND_TEST_API_KEY, RESEND_TEST_BASE_URL } from "#tests/mocks/resend";
import { createMemoryLogger } from "#tests/support/logger";

// Mail settings on /me (saved, validated, reminders follow), and the send-time preference guard:
// switched-off kinds and suppressed addresses are cancelled, essential mail never is, and optional
// mail carries RFC 8058 one-click unsubscribe headers and a footer link.

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 2, 2, 10, 0); // Monday 2 March 2026, 11:00 in Amsterdam
const now = () => NOW;
const APP_URL = "https://noaber.test";

const mock = createResendMock();
let database: TestDatabase;
let neighbourhoodId: number;
let activityId: number;

beforeAll(async () => {
  mock.server.listen({
    // Loopback is the libSQL server when the suite runs against sqld (TEST_DATABASE=sqld).
    onUnhandledRequest: (request, print) => {
      if (new URL(request.url).hostname !== "127.0.0.1") print.error();
    },
  });
  database = await createTestDatabase();
  await database.write(async (tx) => {
    const town = await createMunicipality(tx);
    neighbourhoodId = (await createNeighbourhood(tx, { municipalityId: town.id })).id;
    const org = await createOrganisation(tx);
    activityId = (await createActivity(tx, { organisationId: org.id, neighbourhoodId })).id;
  });
});
afterAll(async () => {
  mock.server.close();
  await database.cleanup();
});

const newPerson = (values: { email?: string } = {}) => database.write((tx) => createUser(tx, { neighbourhoodId, ...values }));
const ctxFor = (userId: number | null) => ctxAs(database, userId, { now, appUrl: APP_URL });
const deps = () => ({ database, keys: defaultTestKeys, appUrl: APP_URL, now });

async function fieldErrors(promise: Promise<unknown>): Promise<Record<string, string[]>> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Validation);
  return (error as Validation).fieldErrors;
}

let rowSeq = 0;
async function outboxRow(values: {
  template: string;
  userId: number | null;
  to: string;
  props?: Record<string, unknown>;
}): Promise<OutboxRow> {
  rowSeq += 1;
  const [row] = await database.write((tx) =>
    tx
      .insert(emailOutbox)
      .values({
        template: values.template,
        idempotencyKey: `test/${values.template}/${rowSeq}`,
        toAddress: values.to,
        userId: values.userId,
        locale: "nl",
        timeZone: "Europe/Amsterdam",
        props: values.props ?? {},
        runAt: NOW,
        createdAt: NOW,
      })
      .returning(),
  );
  return row!;
}

describe("the registry", () => {
  test("every template has a kind; sign-in and changes are essential, reminders, after-session, digest, circle news and new messages optional", () => {
    for (const template of Object.keys(emailTemplates) as (keyof typeof emailTemplates)[]) {
      expect(["essential", "reminder", "after-session", "digest", "circle-update", "message"]).toContain(emailKindOf(template));
    }
    expect(emailKindOf("circle-update")).toBe("circle-update");
    expect(emailKindOf("new-message")).toBe("message");
    expect(emailKindOf("sign-in")).toBe("essential");
    expect(emailKindOf("session-changed")).toBe("essential");
    expect(emailKindOf("reminder")).toBe("reminder");
    expect(emailKindOf("after-session")).toBe("after-session");
    expect(emailKindOf("digest")).toBe("digest");
  });
});

describe("reading and saving settings", () => {
  test("someone who never changed anything gets the defaults: 18:00 the day before, 2 hours before, after-session on, digest off", async () => {
    const person = await newPerson();
    const own = await getOwnNotificationSettings({ ctx: await ctxFor(person.id) });
    expect(own).toMatchObject({
      settings: { dayBeforeAt: "18:00", hoursBefore: 2, afterSession: true, digest: false, circleUpdates: true, messages: true },
      suppressed: null,
      email: person.email,
    });
  });

  test("saved settings are read back; a switched-off reminder is stored as off whatever was typed", async () => {
    const person = await newPerson();
    const ctx = await ctxFor(person.id);
    await updateNotificationSettings({
      ctx,
      input: { dayBeforeOn: true, dayBeforeAt: "19.30", hoursBefore: 12, afterSession: false, digest: true, messages: true },
    });
    expect((await getOwnNotificationSettings({ ctx })).settings).toEqual({
      dayBeforeAt: "19:30",
      hoursBefore: null,
      afterSession: false,
      digest: true,
      circleUpdates: false,
      messages: true,
    });
    const [row] = await database.db.select().from(notificationSetting).where(eq(notificationSetting.userId, person.id));
    expect(row).toMatchObject({ dayBeforeAt: "19:30", hoursBefore: null, updatedAt: NOW });
  });

  test("bad input gives translation-key errors next to the fields and saves nothing", async () => {
    const person = await newPerson();
    const ctx = await ctxFor(person.id);
    expect(await fieldErrors(updateNotificationSettings({ ctx, input: { dayBeforeOn: true } }))).toEqual({
      dayBeforeAt: ["notifications.errors.dayBeforeAt.required"],
    });
    expect(await fieldErrors(updateNotificationSettings({ ctx, input: { dayBeforeAt: "25:00" } }))).toEqual({
      dayBeforeAt: ["notifications.errors.dayBeforeAt.format"],
    });
    expect(await fieldErrors(updateNotificationSettings({ ctx, input: { hoursBeforeOn: true } }))).toEqual({
      hoursBefore: ["notifications.errors.hoursBefore.required"],
    });
    for (const hoursBefore of [0, 49, 2.5, Number.NaN]) {
      expect(await fieldErrors(updateNotificationSettings({ ctx, input: { hoursBeforeOn: true, hoursBefore } }))).toEqual({
        hoursBefore: ["notifications.errors.hoursBefore.range"],
      });
    }
    expect(await database.db.select().from(notificationSetting).where(eq(notificationSetting.userId, person.id))).toEqual([]);
  });

  test("only a signed-in person changes settings, and only their own", async () => {
    await expect(updateNotificationSettings({ ctx: await ctxFor(null), input: { digest: true } })).rejects.toBeInstanceOf(Unauthenticated);
    await expect(getOwnNotificationSettings({ ctx: await ctxFor(null) })).rejects.toBeInstanceOf(Unauthenticated);
  });

  test("changing reminder settings moves pending reminders (local time, on both DST changes) and switching them off cancels them", async () => {
    const person = await newPerson();
    const ctx = await ctxFor(person.id);
    // Sunday 29 March 2026 (clocks go forward that night), 10:00 in Amsterdam = 08:00 UTC.
    const spring = Date.UTC(2026, 2, 29, 8, 0);
    // Sunday 25 October 2026 (clocks go back that night), 10:00 in Amsterdam = 09:00 UTC.
    const startsAt = Date.UTC(2026, 9, 25, 9, 0);
    await database.write(async (tx) => {
      for (const at of [spring, startsAt]) {
        const session = await createSession(tx, { activityId, startsAt: at });
        await createSignupRecord(tx, { sessionId: session.id, userId: person.id, status: "confirmed" });
      }
    });
    await updateNotificationSettings({ ctx, input: { dayBeforeOn: true, dayBeforeAt: "19:30", hoursBeforeOn: true, hoursBefore: 3 } });
    const pending = () =>
      database.db
        .select({ runAt: emailOutbox.runAt })
        .from(emailOutbox)
        .where(and(eq(emailOutbox.userId, person.id), eq(emailOutbox.template, "reminder"), eq(emailOutbox.status, "pending")))
        .orderBy(emailOutbox.runAt);
    // Saturday 28 March is still winter time (UTC+1): 19:30 local = 18:30 UTC; Saturday 24 October
    // is still summer time (UTC+2): 19:30 local = 17:30 UTC. "3 hours before" is 3 real hours.
    expect((await pending()).map((r) => r.runAt)).toEqual([
      Date.UTC(2026, 2, 28, 18, 30),
      spring - 3 * HOUR,
      Date.UTC(2026, 9, 24, 17, 30),
      startsAt - 3 * HOUR,
    ]);

    await updateNotificationSettings({ ctx, input: { dayBeforeOn: false, hoursBeforeOn: false } });
    expect(await pending()).toEqual([]);
  });

  test("a person lifts the suppression of their own address, and nobody else's", async () => {
    const person = await newPerson();
    const other = await newPerson();
    await database.write((tx) =>
      tx.insert(emailSuppression).values([
        { address: person.email, reason: "complaint", eventId: "msg_a", createdAt: NOW },
        { address: other.email, reason: "bounce", eventId: "msg_b", createdAt: NOW },
      ]),
    );
    const ctx = await ctxFor(person.id);
    expect((await getOwnNotificationSettings({ ctx })).suppressed).toBe("complaint");
    await resumeOwnMail({ ctx });
    expect((await getOwnNotificationSettings({ ctx })).suppressed).toBeNull();
    expect((await getOwnNotificationSettings({ ctx: await ctxFor(other.id) })).suppressed).toBe("bounce");
  });
});

describe("the send-time preference guard", () => {
  test("optional mail that is switched on gets RFC 8058 headers and a signed unsubscribe link", async () => {
    const person = await newPerson();
    const row = await outboxRow({ template: "after-session", userId: person.id, to: person.email });
    const result = await preferenceGuard(deps(), row);
    expect(result.send).toBe(true);
    if (!result.send) return;
    expect(result.unsubscribeUrl).toMatch(new RegExp(`^${APP_URL}/unsubscribe/`));
    expect(result.headers).toEqual({
      "List-Unsubscribe": `<${result.unsubscribeUrl}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
    const token = decodeURIComponent(result.unsubscribeUrl!.split("/unsubscribe/")[1]!);
    expect(readUnsubscribeToken(defaultTestKeys, token)).toEqual({ userId: person.id, kind: "after-session" });
  });

  test("a kind the person switched off is cancelled with the reason", async () => {
    const person = await newPerson();
    await updateNotificationSettings({
      ctx: await ctxFor(person.id),
      input: { dayBeforeOn: true, dayBeforeAt: "18:00", afterSession: false, digest: false },
    });
    const afterSession = await preferenceGuard(deps(), await outboxRow({ template: "after-session", userId: person.id, to: person.email }));
    expect(afterSession).toEqual({ send: false, reason: "switched off by the recipient (after-session)" });
    const digest = await preferenceGuard(deps(), await outboxRow({ template: "digest", userId: person.id, to: person.email }));
    expect(digest.send).toBe(false);
    // The day-before reminder is on, the hours-before one is off: each reminder row is checked for its own setting.
    expect(
      (
        await preferenceGuard(
          deps(),
          await outboxRow({ template: "reminder", userId: person.id, to: person.email, props: { reminder: "day-before" } }),
        )
      ).send,
    ).toBe(true);
    expect(
      await preferenceGuard(
        deps(),
        await outboxRow({ template: "reminder", userId: person.id, to: person.email, props: { reminder: "hours-before" } }),
      ),
    ).toEqual({
      send: false,
      reason: "switched off by the recipient (hours-before)",
    });
  });

  test("optional mail to a suppressed address is cancelled, in any letter case", async () => {
    const person = await newPerson();
    await database.write((tx) =>
      tx.insert(emailSuppression).values({ address: person.email, reason: "bounce", eventId: "msg_c", createdAt: NOW }),
    );
    const result = await preferenceGuard(
      deps(),
      await outboxRow({ template: "digest", userId: person.id, to: person.email.toUpperCase() }),
    );
    expect(result).toEqual({ send: false, reason: "address suppressed (bounce)" });
  });

  test("optional mail without an account is cancelled: nobody could switch it off", async () => {
    const result = await preferenceGuard(deps(), await outboxRow({ template: "after-session", userId: null, to: "nobody@example.org" }));
    expect(result.send).toBe(false);
  });

  test("essential mail always passes, even to a suppressed address with everything switched off, and has no unsubscribe", async () => {
    const person = await newPerson();
    await updateNotificationSettings({ ctx: await ctxFor(person.id), input: { afterSession: false, digest: false } });
    await database.write((tx) =>
      tx.insert(emailSuppression).values({ address: person.email, reason: "complaint", eventId: "msg_d", createdAt: NOW }),
    );
    for (const template of ["sign-in", "session-changed", "session-cancelled", "help-notice", "signup-confirmed"]) {
      const result = await guardEmail(deps(), await outboxRow({ template, userId: person.id, to: person.email }));
      expect(result).toEqual({ send: true, headers: {} });
    }
  });

  test("the guard is registered: guardEmail cancels a switched-off kind", async () => {
    const person = await newPerson();
    await updateNotificationSettings({ ctx: await ctxFor(person.id), input: { afterSession: false } });
    const result = await guardEmail(deps(), await outboxRow({ template: "after-session", userId: person.id, to: person.email }));
    expect(result.send).toBe(false);
  });
});

describe("unsubscribe tokens and the footer", () => {
  test("a token verifies only unchanged, and after a secret rotation while the old secret is listed", () => {
    const token = unsubscribeToken(defaultTestKeys, 42, "digest");
    expect(readUnsubscribeToken(defaultTestKeys, token)).toEqual({ userId: 42, kind: "digest" });
    expect(readUnsubscribeToken(defaultTestKeys, token.replace("42.", "43."))).toBeNull();
    expect(readUnsubscribeToken(defaultTestKeys, token.replace("digest", "reminder"))).toBeNull();
    expect(readUnsubscribeToken(defaultTestKeys, `${token.slice(0, -2)}xx`)).toBeNull();
    expect(readUnsubscribeToken(defaultTestKeys, "")).toBeNull();
    const rotated = createKeyring(["a-brand-new-secret-0123456789abcdefghij", ...defaultTestKeys.secrets]);
    expect(readUnsubscribeToken(rotated, token)).toEqual({ userId: 42, kind: "digest" });
    expect(readUnsubscribeToken(createKeyring(["another-secret-0123456789abcdefghijklmn"]), token)).toBeNull();
  });

  test("renderEmail shows the unsubscribe link in the footer of HTML and plain text, and none without it", async () => {
    const props = {
      variant: "shiftHours",
      name: "Anna",
      title: "Wandelclub",
      role: "Gids",
      helpKind: null,
      startsAt: NOW,
      endsAt: NOW + HOUR,
      url: `${APP_URL}/me/hours`,
    };
    const url = `${APP_URL}/unsubscribe/7.after-session.abc`;
    const withLink = await renderEmail({
      template: "after-session",
      locale: "nl",
      timeZone: "Europe/Amsterdam",
      props,
      secrets: {},
      unsubscribeUrl: url,
    });
    expect(withLink.html).toContain(`href="${url}"`);
    expect(withLink.html).toContain("Afmelden");
    expect(withLink.text).toContain(url);
    const without = await renderEmail({ template: "after-session", locale: "en", timeZone: "Europe/Amsterdam", props, secrets: {} });
    expect(without.html).not.toContain("/unsubscribe/");
    expect(without.text).not.toContain("Unsubscribe");
  });
});

describe("through the outbox worker", () => {
  test("optional mail goes out with List-Unsubscribe headers and the footer link; a switched-off kind is cancelled with its reason", async () => {
    const person = await newPerson();
    const ctx = await ctxFor(person.id);
    await updateNotificationSettings({ ctx, input: { afterSession: true, digest: false } });
    const afterSessionProps = {
      variant: "shiftHours" as const,
      name: "Anna",
      title: "Wandelclub",
      role: "Gids",
      helpKind: null,
      startsAt: NOW - 2 * HOUR,
      endsAt: NOW - HOUR,
      url: `${APP_URL}/me/hours`,
    };
    await database.write(async (tx) => {
      await enqueueEmail(ctx, tx, {
        template: "after-session",
        idempotencyKey: `after-session/e2e/${person.id}`,
        to: person.email,
        userId: person.id,
        locale: "nl",
        timeZone: "Europe/Amsterdam",
        props: afterSessionProps,
      });
      await enqueueEmail(ctx, tx, {
        template: "digest",
        idempotencyKey: `digest/e2e/${person.id}`,
        to: person.email,
        userId: person.id,
        locale: "nl",
        timeZone: "Europe/Amsterdam",
        // Props never get rendered: the guard stops the row first.
        props: {} as never,
      });
    });
    const worker = createOutboxWorker({
      database,
      transport: createResendTransport(RESEND_TEST_API_KEY, RESEND_TEST_BASE_URL),
      keys: defaultTestKeys,
      logger: createMemoryLogger(),
      from: "Noaber <noreply@noaber.test>",
      now,
      guard: (row) => guardEmail(deps(), row),
    });
    const before = mock.sent.length;
    for (let n = await worker.runOnce(); n > 0; n = await worker.runOnce());
    const sent = mock.sent.slice(before).filter((m) => m.to.includes(person.email));
    expect(sent).toHaveLength(1);
    const [mail] = sent;
    const url = /^<(.+)>$/.exec(mail!.headers["List-Unsubscribe"] ?? "")?.[1];
    expect(url).toMatch(new RegExp(`^${APP_URL}/unsubscribe/`));
    expect(mail!.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(mail!.html).toContain(`href="${url}"`);
    expect(mail!.text).toContain(url);
    const rows = await database.db
      .select({ template: emailOutbox.template, status: emailOutbox.status, lastError: emailOutbox.lastError })
      .from(emailOutbox)
      .where(inArray(emailOutbox.idempotencyKey, [`after-session/e2e/${person.id}`, `digest/e2e/${person.id}`]))
      .orderBy(emailOutbox.template);
    expect(rows).toEqual([
      { template: "after-session", status: "sent", lastError: null },
      { template: "digest", status: "cancelled", lastError: "switched off by the recipient (digest)" },
    ]);
  });
});
