import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  careAccessLog,
  careRecipient,
  emailChange,
  emailOutbox,
  formDraft,
  helpRequest,
  helpRequestEvent,
  logRewrite,
  loginToken,
  mailboxMessage,
  pendingSignup,
  rateLimitHit,
  securityEvent,
  session,
  user,
  webhookEvent,
} from "#db/schema";
import type { Tx } from "#db/client";
import { RETENTION, retentionPeriod, runRetention, type RetentionEntry, type RetentionKey } from "~/domain/privacy";
import { periodBefore, type CalendarPeriod } from "~/domain/scheduling";
import { SESSION_LIMITS } from "~/domain/accounts";
import { renderEmail } from "#emails/render";
import { createMaintenanceTicker } from "~/server/maintenance.server";
import {
  addMember,
  createActivity,
  createCareConsent,
  createOrganisation,
  createSession as createActivitySession,
  createSignupRecord,
  createCareRecipient,
  createHelpRequest,
  createMunicipality,
  createNeighbourhood,
  createUser,
  grantCoordinator,
} from "~/demo/builders";
import { ctxAs, defaultTestKeys } from "#tests/support/ctx";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { createMemoryLogger } from "#tests/support/logger";

// Retention with a fixed clock (issue 14, decision 034): for every entry of the table, a row just
// inside its period stays and a row just past it goes or changes. The boundaries are computed from
// the table, and one test runs the job with other periods to show that it reads them from there.

const ZONE = "Europe/Amsterdam";
/** Thursday 3 December 2026, 13:00 in Amsterdam. */
const NOW = Date.UTC(2026, 11, 3, 12, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let database: TestDatabase;
let neighbourhoodId: number;
let n = 0;

/** The boundary of an entry's period before NOW; `+ MINUTE` is just inside it, `- MINUTE` just past it. */
const cutoffOf = (key: RetentionKey) => periodBefore(NOW, retentionPeriod(key), ZONE);
const inside = (key: RetentionKey) => cutoffOf(key) + MINUTE;
const past = (key: RetentionKey) => cutoffOf(key) - MINUTE;

const write = <T>(fn: (tx: Tx) => Promise<T>) => database.write(fn);
const run = async (table?: readonly RetentionEntry[]) =>
  runRetention({ ctx: await ctxAs(database, null, { now: () => NOW }), input: { table } });

async function person(values: Partial<typeof user.$inferInsert> = {}) {
  return write((tx) => createUser(tx, { neighbourhoodId, ...values }));
}

/** A closed request with care details, an intake contact and a care recipient with notes. */
async function closedRequest(endedAt: number) {
  return write(async (tx) => {
    const carer = await createUser(tx, { neighbourhoodId });
    const recipient = await createCareRecipient(tx, { carerId: carer.id, neighbourhoodId, notesForHelpers: "Gebruikt een rollator." });
    const consent = await createCareConsent(tx, carer.id);
    const request = await createHelpRequest(tx, {
      neighbourhoodId,
      requesterId: carer.id,
      contactName: "Jan",
      contactPhone: "0612345678",
      contactEmail: "jan@example.org",
      careRecipientId: recipient.id,
      careConsentId: consent.id,
      privateText: "Dementie, beginnend.",
      status: "withdrawn",
      endedAt,
    });
    await tx
      .insert(helpRequestEvent)
      .values({ requestId: request.id, toStatus: "withdrawn", actorId: carer.id, note: "Belde af.", at: endedAt });
    return { request, recipient, carer };
  });
}

/** The statement failed on the log's trigger (drizzle wraps the driver's error). */
async function refused(statement: Promise<unknown>) {
  const error = await statement.then(
    () => null,
    (e: unknown) => e as Error & { cause?: Error },
  );
  expect(`${error?.message} ${error?.cause?.message}`).toMatch(/append-only/);
}

const requestRow = async (id: number) => (await database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, id) }))!;
const count = async (table: Parameters<TestDatabase["db"]["$count"]>[0], where: Parameters<TestDatabase["db"]["$count"]>[1]) =>
  database.db.$count(table, where);

beforeAll(async () => {
  database = await createTestDatabase();
  neighbourhoodId = await write(async (tx) => {
    const town = await createMunicipality(tx);
    return (await createNeighbourhood(tx, { municipalityId: town.id })).id;
  });
});
afterAll(() => database.cleanup());

describe("the retention table", () => {
  test("holds the periods of decision 034, one entry per key", () => {
    const periods = Object.fromEntries(RETENTION.map((e) => [e.key, e.period]));
    expect(periods).toEqual({
      careDetails: { months: 3 },
      coordinatorAccess: { days: 30 },
      closedRequests: { months: 24 },
      requestHistory: null,
      careAccessLog: { years: 5 },
      securityLog: { years: 2 },
      outboxContents: { days: 30 },
      outboxUnsent: { days: 30 },
      localMailbox: { days: 7 },
      webhookEvents: { days: 90 },
      sessions: { days: 0 },
      signInTokens: { days: 1 },
      rateLimits: { days: 0 },
      inactiveWarning: { months: 24 },
      inactiveErasure: { months: 25 },
    });
    expect(new Set(RETENTION.map((e) => e.key)).size).toBe(RETENTION.length);
  });
});

describe("runRetention", () => {
  test("help requests: care details go after their period, the whole request is anonymised after its own", async () => {
    const young = await closedRequest(inside("careDetails"));
    const detailsOld = await closedRequest(past("careDetails"));
    const almostAnonymous = await closedRequest(inside("closedRequests"));
    const anonymous = await closedRequest(past("closedRequests"));
    const running = await write((tx) =>
      createHelpRequest(tx, {
        neighbourhoodId,
        requesterId: detailsOld.carer.id,
        status: "open",
        endedAt: null,
        createdAt: past("careDetails"),
      }),
    );

    const counts = await run();
    expect(counts.careDetails).toBeGreaterThanOrEqual(2);
    expect(counts.closedRequests).toBeGreaterThanOrEqual(1);

    expect(await requestRow(young.request.id)).toMatchObject({
      privateText: "Dementie, beginnend.",
      address: "Dorpsstraat 1",
      contactPhone: "0612345678",
      contactEmail: "jan@example.org",
      anonymisedAt: null,
    });
    for (const { request, carer } of [detailsOld, almostAnonymous]) {
      expect(await requestRow(request.id)).toMatchObject({
        privateText: "",
        address: "",
        contactPhone: null,
        contactEmail: null,
        contactName: "Jan",
        requesterId: carer.id,
        anonymisedAt: null,
      });
    }
    const notes = await database.db
      .select({ id: careRecipient.id, notes: careRecipient.notesForHelpers })
      .from(careRecipient)
      .where(inArray(careRecipient.id, [young.recipient.id, detailsOld.recipient.id]));
    expect(Object.fromEntries(notes.map((r) => [r.id, r.notes]))).toEqual({
      [young.recipient.id]: "Gebruikt een rollator.",
      [detailsOld.recipient.id]: "",
    });

    expect(await requestRow(anonymous.request.id)).toMatchObject({
      requesterId: null,
      contactName: null,
      publicText: "",
      careRecipientId: null,
      anonymisedAt: NOW,
      kind: "respite",
      status: "withdrawn",
    });
    // Its history stays, without the notes; the younger one keeps its notes.
    const events = await database.db
      .select({ requestId: helpRequestEvent.requestId, note: helpRequestEvent.note })
      .from(helpRequestEvent)
      .where(inArray(helpRequestEvent.requestId, [anonymous.request.id, almostAnonymous.request.id]));
    expect(events).toEqual(
      expect.arrayContaining([
        { requestId: anonymous.request.id, note: null },
        { requestId: almostAnonymous.request.id, note: "Belde af." },
      ]),
    );
    // A request that still runs is not touched, however old.
    expect((await requestRow(running.id)).address).toBe("Dorpsstraat 1");
    expect(await count(logRewrite, undefined)).toBe(0);
  });

  test("logs: access log and security log rows past their periods are deleted; the triggers refuse it anywhere else", async () => {
    const carer = await person();
    const request = await write((tx) => createHelpRequest(tx, { neighbourhoodId, requesterId: carer.id, status: "open" }));
    const log = (at: number) =>
      write(async (tx) => {
        const [row] = await tx
          .insert(careAccessLog)
          .values({ requestId: request.id, viewerId: carer.id, fields: ["address"], purpose: "view", at })
          .returning();
        return row!.id;
      });
    const security = (at: number) =>
      write(async (tx) => {
        const [row] = await tx.insert(securityEvent).values({ userId: carer.id, kind: "sign-in", at }).returning();
        return row!.id;
      });
    const [logKept, logGone, secKept, secGone] = [
      await log(inside("careAccessLog")),
      await log(past("careAccessLog")),
      await security(inside("securityLog")),
      await security(past("securityLog")),
    ];

    await write((tx) =>
      tx.insert(helpRequestEvent).values({ requestId: request.id, toStatus: "open", actorId: carer.id, at: past("careAccessLog") }),
    );
    await refused(write((tx) => tx.delete(careAccessLog).where(eq(careAccessLog.id, logGone))));
    await refused(write((tx) => tx.delete(securityEvent).where(eq(securityEvent.id, secGone))));
    await refused(write((tx) => tx.delete(helpRequestEvent).where(eq(helpRequestEvent.requestId, request.id))));

    await run();
    expect(await count(careAccessLog, inArray(careAccessLog.id, [logKept, logGone]))).toBe(1);
    expect(await count(careAccessLog, eq(careAccessLog.id, logKept))).toBe(1);
    expect(await count(securityEvent, inArray(securityEvent.id, [secKept, secGone]))).toBe(1);
    expect(await count(securityEvent, eq(securityEvent.id, secKept))).toBe(1);
    // Outside the job the triggers refuse again.
    await refused(write((tx) => tx.delete(careAccessLog).where(eq(careAccessLog.id, logKept))));
    await refused(write((tx) => tx.delete(securityEvent).where(eq(securityEvent.id, secKept))));
    // The request's history is kept with the request, however old.
    expect(await count(helpRequestEvent, eq(helpRequestEvent.requestId, request.id))).toBe(1);
  });

  test("mail: sent mail loses its contents, unsent mail and the local mailbox and provider events go", async () => {
    const to = `mail-${++n}@example.org`;
    const outbox = (values: Partial<typeof emailOutbox.$inferInsert>) =>
      write(async (tx) => {
        const [row] = await tx
          .insert(emailOutbox)
          .values({
            template: "sign-in",
            idempotencyKey: `retention-test/${++n}`,
            toAddress: to,
            locale: "nl",
            timeZone: ZONE,
            props: { name: "Anna" },
            sealedSecrets: "sealed",
            runAt: values.createdAt ?? NOW,
            createdAt: NOW,
            ...values,
          })
          .returning();
        return row!.id;
      });
    const sentKept = await outbox({ status: "sent", sentAt: inside("outboxContents"), sealedSecrets: null });
    const sentOld = await outbox({ status: "sent", sentAt: past("outboxContents"), sealedSecrets: "x" });
    const deadKept = await outbox({ status: "dead", createdAt: inside("outboxUnsent") });
    const deadOld = await outbox({ status: "dead", createdAt: past("outboxUnsent") });
    const cancelledOld = await outbox({ status: "cancelled", createdAt: past("outboxUnsent") });
    const pendingOld = await outbox({ status: "pending", createdAt: past("outboxUnsent") });
    const mailbox = (receivedAt: number) =>
      write(async (tx) => {
        const [row] = await tx
          .insert(mailboxMessage)
          .values({
            idempotencyKey: `mb/${++n}`,
            toAddress: to,
            fromAddress: "noaber@example.org",
            subject: "s",
            html: "h",
            text: "t",
            headers: {},
            receivedAt,
          })
          .returning();
        return row!.id;
      });
    const [mbKept, mbOld] = [await mailbox(inside("localMailbox")), await mailbox(past("localMailbox"))];
    const hook = (receivedAt: number) =>
      write(async (tx) => {
        const id = `evt_${++n}`;
        await tx.insert(webhookEvent).values({ id, type: "email.delivered", payload: { to }, receivedAt });
        return id;
      });
    const [hookKept, hookOld] = [await hook(inside("webhookEvents")), await hook(past("webhookEvents"))];

    await run();
    const rows = await database.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, to));
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(sentKept)).toMatchObject({ props: { name: "Anna" } });
    expect(byId.get(sentOld)).toMatchObject({ props: {}, sealedSecrets: null, status: "sent", template: "sign-in" });
    expect([...byId.keys()].sort()).toEqual([sentKept, sentOld, deadKept, pendingOld].sort());
    expect(byId.has(deadOld) || byId.has(cancelledOld)).toBe(false);
    expect(
      (await database.db.select({ id: mailboxMessage.id }).from(mailboxMessage).where(eq(mailboxMessage.toAddress, to))).map((r) => r.id),
    ).toEqual([mbKept]);
    expect(await count(webhookEvent, eq(webhookEvent.id, hookKept))).toBe(1);
    expect(await count(webhookEvent, eq(webhookEvent.id, hookOld))).toBe(0);
    void mbOld;
  });

  test("sign-ins: expired sessions (staff sooner), expired tokens after their period, and rate-limit counters past reset go", async () => {
    const resident = await person();
    const staff = await person();
    await write((tx) => grantCoordinator(tx, staff.id, [neighbourhoodId]));
    const sess = (userId: number, lastSeenAt: number, createdAt = lastSeenAt) =>
      write(async (tx) => {
        const idHash = `retention-session-${++n}`;
        await tx.insert(session).values({ idHash, userId, createdAt, lastSeenAt });
        return idHash;
      });
    const idle = SESSION_LIMITS.resident.idle;
    const residentKept = await sess(resident.id, NOW - idle + MINUTE);
    const residentIdle = await sess(resident.id, NOW - idle - MINUTE);
    const residentOld = await sess(resident.id, NOW - HOUR, NOW - SESSION_LIMITS.resident.absolute - MINUTE);
    const residentStaffAge = await sess(resident.id, NOW - SESSION_LIMITS.elevated.idle - MINUTE);
    const staffKept = await sess(staff.id, NOW - SESSION_LIMITS.elevated.idle + MINUTE);
    const staffIdle = await sess(staff.id, NOW - SESSION_LIMITS.elevated.idle - MINUTE);

    const email = `tokens-${++n}@example.org`;
    const tokens = (expiresAt: number) =>
      write(async (tx) => {
        const k = ++n;
        const [login] = await tx
          .insert(loginToken)
          .values({ email, linkHash: `l${k}`, codeHash: `c${k}`, requesterHash: "r", createdAt: expiresAt - 10 * MINUTE, expiresAt })
          .returning();
        await tx.insert(pendingSignup).values({ idHash: `p${k}`, email, createdAt: expiresAt - 30 * MINUTE, expiresAt });
        await tx
          .insert(emailChange)
          .values({ userId: resident.id, newEmail: email, tokenHash: `e${k}`, createdAt: expiresAt - HOUR, expiresAt });
        await tx
          .insert(formDraft)
          .values({ idHash: `f${k}`, userId: resident.id, path: "/x", sealed: "s", createdAt: expiresAt - 15 * MINUTE, expiresAt });
        return login!.id;
      });
    const tokenKept = await tokens(inside("signInTokens"));
    await tokens(past("signInTokens"));
    await write((tx) =>
      tx.insert(rateLimitHit).values([
        { key: `retention:${email}:kept`, hits: 1, resetAt: NOW + MINUTE },
        { key: `retention:${email}:gone`, hits: 1, resetAt: NOW - MINUTE },
      ]),
    );

    await run();
    const left = (
      await database.db
        .select({ idHash: session.idHash })
        .from(session)
        .where(inArray(session.userId, [resident.id, staff.id]))
    ).map((s) => s.idHash);
    expect(left.sort()).toEqual([residentKept, residentStaffAge, staffKept].sort());
    void [residentIdle, residentOld, staffIdle];
    expect((await database.db.select({ id: loginToken.id }).from(loginToken).where(eq(loginToken.email, email))).map((r) => r.id)).toEqual([
      tokenKept,
    ]);
    expect(await count(pendingSignup, eq(pendingSignup.email, email))).toBe(1);
    expect(await count(emailChange, eq(emailChange.newEmail, email))).toBe(1);
    expect(await count(formDraft, eq(formDraft.userId, resident.id))).toBe(1);
    expect(
      (await database.db.select({ key: rateLimitHit.key }).from(rateLimitHit)).map((r) => r.key).filter((k) => k.includes(email)),
    ).toEqual([`retention:${email}:kept`]);
  });

  test("inactive accounts: warned by mail at their period (with the warning set in the same step), erased after theirs and the notice", async () => {
    const warnCutoff = cutoffOf("inactiveWarning");
    const eraseCutoff = cutoffOf("inactiveErasure");
    const notice = periodBefore(NOW, RETENTION.find((e) => e.key === "inactiveErasure")!.notice!, ZONE);
    const active = await person({ lastActiveAt: warnCutoff + MINUTE });
    const toWarn = await person({ lastActiveAt: warnCutoff - MINUTE, locale: "en" });
    const neverSeen = await person({ lastActiveAt: null, createdAt: warnCutoff - MINUTE });
    const coordinator = await person({ lastActiveAt: eraseCutoff - HOUR, inactivityWarnedAt: notice - HOUR });
    await write((tx) => grantCoordinator(tx, coordinator.id, [neighbourhoodId]));
    const toErase = await person({ lastActiveAt: eraseCutoff - MINUTE, inactivityWarnedAt: notice - MINUTE });
    const warnedRecently = await person({ lastActiveAt: eraseCutoff - MINUTE, inactivityWarnedAt: notice + MINUTE });
    const notLongEnough = await person({ lastActiveAt: eraseCutoff + MINUTE, inactivityWarnedAt: notice - HOUR });
    const withRunningRequest = await person({ lastActiveAt: eraseCutoff - HOUR, inactivityWarnedAt: notice - HOUR });
    await write((tx) => createHelpRequest(tx, { neighbourhoodId, requesterId: withRunningRequest.id, status: "open" }));
    const withSignupAhead = await person({ lastActiveAt: eraseCutoff - HOUR, inactivityWarnedAt: notice - HOUR });
    const organisationAdmin = await person({ lastActiveAt: eraseCutoff - HOUR, inactivityWarnedAt: notice - HOUR });
    await write(async (tx) => {
      const org = await createOrganisation(tx);
      await addMember(tx, org.id, organisationAdmin.id, "admin");
      const activity = await createActivity(tx, { organisationId: org.id, neighbourhoodId });
      const session = await createActivitySession(tx, { activityId: activity.id, startsAt: NOW + 24 * HOUR });
      await createSignupRecord(tx, { sessionId: session.id, userId: withSignupAhead.id, status: "confirmed" });
    });

    const counts = await run();
    const exists = async (id: number) => (await count(user, eq(user.id, id))) === 1;
    const warnedAt = async (id: number) => (await database.db.query.user.findFirst({ where: eq(user.id, id) }))?.inactivityWarnedAt;

    expect(await warnedAt(active.id)).toBeNull();
    expect(await warnedAt(toWarn.id)).toBe(NOW);
    expect(await warnedAt(neverSeen.id)).toBe(NOW);
    expect(await exists(toErase.id)).toBe(false);
    for (const kept of [coordinator, warnedRecently, notLongEnough, withRunningRequest, withSignupAhead, organisationAdmin])
      expect(await exists(kept.id)).toBe(true);
    expect(counts.inactiveErasure).toBeGreaterThanOrEqual(1);
    expect(counts.inactiveWarning).toBeGreaterThanOrEqual(2);

    const mails = await database.db.select().from(emailOutbox).where(eq(emailOutbox.template, "account-inactive"));
    const mail = mails.find((m) => m.userId === toWarn.id)!;
    expect(mail).toMatchObject({ toAddress: toWarn.email, locale: "en", status: "pending" });
    expect(mails.filter((m) => m.userId === active.id)).toEqual([]);
    // A second run warns nobody twice.
    await run();
    expect(await count(emailOutbox, eq(emailOutbox.userId, toWarn.id))).toBe(1);

    for (const locale of ["nl", "en"] as const) {
      const rendered = await renderEmail({ template: "account-inactive", locale, timeZone: ZONE, props: mail.props, secrets: {} });
      expect(rendered.text).toContain("http://localhost:3000/login");
      expect(rendered.subject).toBe(locale === "nl" ? "Wilt u uw account bij Noaber houden?" : "Do you want to keep your Noaber account?");
      expect(rendered.text).toContain(locale === "nl" ? "verwijderen we uw account vanaf" : "we will delete your account from");
    }
    // The earliest erasure: the erasure period after they were last active, at least the notice after the mail.
    expect(mail.props).toMatchObject({ eraseFrom: "2027-01-03" });
  });

  test("signing in, or using a session after a day, keeps the account and clears the warning", async () => {
    const { createSession, resolveSession } = await import("~/domain/accounts");
    const warned = await person({ lastActiveAt: cutoffOf("inactiveWarning") - HOUR, inactivityWarnedAt: NOW - HOUR });
    await write((tx) => createSession(tx, warned.id, NOW));
    expect(await database.db.query.user.findFirst({ where: eq(user.id, warned.id) })).toMatchObject({
      lastActiveAt: NOW,
      inactivityWarnedAt: null,
    });

    const later = NOW + 2 * 24 * HOUR;
    const other = await person({ lastActiveAt: NOW - 3 * 24 * HOUR });
    const raw = await write((tx) => createSession(tx, other.id, NOW));
    await resolveSession(await ctxAs(database, null, { now: () => later }), raw);
    expect((await database.db.query.user.findFirst({ where: eq(user.id, other.id) }))?.lastActiveAt).toBe(later);
    // Within the day it is not written again.
    await resolveSession(await ctxAs(database, null, { now: () => later + 2 * MINUTE }), raw);
    expect((await database.db.query.user.findFirst({ where: eq(user.id, other.id) }))?.lastActiveAt).toBe(later);
  });

  test("reads its periods from the table: with 1 day for the local mailbox, a message of 2 days goes", async () => {
    const to = `table-${++n}@example.org`;
    await write((tx) =>
      tx.insert(mailboxMessage).values({
        idempotencyKey: `mb/${++n}`,
        toAddress: to,
        fromAddress: "noaber@example.org",
        subject: "s",
        html: "h",
        text: "t",
        headers: {},
        receivedAt: NOW - 2 * 24 * HOUR,
      }),
    );
    const counts = await run();
    expect(await count(mailboxMessage, eq(mailboxMessage.toAddress, to))).toBe(1);
    expect(Object.keys(counts).sort()).toEqual(
      RETENTION.filter((e) => e.period && e.action !== "endAccess")
        .map((e) => e.key)
        .sort(),
    );

    const oneDay: CalendarPeriod = { days: 1 };
    const table = RETENTION.map((e) => (e.key === "localMailbox" ? { ...e, period: oneDay } : e));
    const shortened = await run(table);
    expect(shortened.localMailbox).toBeGreaterThanOrEqual(1);
    expect(await count(mailboxMessage, eq(mailboxMessage.toAddress, to))).toBe(0);
    // Only the entries in the table given are applied.
    expect(Object.keys(await run(table.filter((e) => e.key === "localMailbox")))).toEqual(["localMailbox"]);
  });
});

describe("the coordinator's access window on the sessions page of a match", () => {
  test("the coordinator sees who asked until the period after the help ended, then not", async () => {
    const { getHelpMatch } = await import("~/domain/help");
    const requester = await person({ name: "Truus Vraagt" });
    const helper = await person();
    const coordinator = await person();
    await write((tx) => grantCoordinator(tx, coordinator.id, [neighbourhoodId]));
    const end = cutoffOf("coordinatorAccess");
    const request = await write((tx) =>
      createHelpRequest(tx, {
        neighbourhoodId,
        requesterId: requester.id,
        matchedVolunteerId: helper.id,
        matchedAt: end - 10 * 24 * HOUR,
        status: "completed",
        endedAt: end,
      }),
    );
    const asCoordinator = async (at: number) =>
      (await getHelpMatch({ ctx: await ctxAs(database, coordinator.id, { now: () => at }), input: { requestId: request.id } }))
        .requesterName;
    expect(await asCoordinator(NOW - 24 * HOUR)).toBe("Truus Vraagt");
    expect(await asCoordinator(NOW)).toBeNull();
    const asRequester = await getHelpMatch({
      ctx: await ctxAs(database, requester.id, { now: () => NOW }),
      input: { requestId: request.id },
    });
    expect(asRequester.requesterName).toBe("Truus Vraagt");
  });
});

describe("the daily guard", () => {
  test("the maintenance tick runs retention at start and then once every 24 hours", async () => {
    let clock = NOW;
    const logger = createMemoryLogger();
    const ticker = createMaintenanceTicker({
      database,
      keys: defaultTestKeys,
      logger,
      appUrl: "http://localhost:3000",
      defaultTimeZone: ZONE,
      now: () => clock,
    });
    expect((await ticker.runOnce()).retention).not.toBeNull();
    clock += 5 * MINUTE;
    expect((await ticker.runOnce()).retention).toBeNull();
    clock = NOW + 24 * HOUR - MINUTE;
    expect((await ticker.runOnce()).retention).toBeNull();
    clock = NOW + 24 * HOUR;
    expect((await ticker.runOnce()).retention).not.toBeNull();
    expect(logger.entries.filter((e) => e.msg === "retention applied")).toHaveLength(2);
  });
});
