import { and, eq } from "drizzle-orm";
import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { emailOutbox, recoveryCode, securityEvent, session, totpCredential, user } from "#db/schema";
import {
  confirmTotpSetup,
  disableTotp,
  loadActor,
  requireRecentSecondFactor,
  resetSecondFactor,
  resolveSession,
  SECOND_FACTOR_LIMITS,
  startTotpSetup,
  verifyRecoveryCode,
  verifyTotp,
  withSecondFactor,
} from "~/domain/accounts";
import type { Ctx } from "~/domain/context.server";
import { Conflict, StepUpRequired } from "~/domain/errors";
import { sha256 } from "~/domain/keyring.server";
import { createMunicipality, createNeighbourhood, createUser, grantAdmin, grantCoordinator } from "~/demo/builders";
import { ctxAs, defaultTestKeys } from "#tests/support/ctx";
import { eraseAccount } from "~/domain/accounts/erase.server";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { createTestSession } from "#tests/support/sessions";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const STEP = 30_000;
let database: TestDatabase;
let area: number;
// One clock for the file, only ever moved forward; each test moves it on by whole steps.
let t = Date.UTC(2026, 10, 28, 11, 0, 15);
const now = () => t;

beforeAll(async () => {
  database = await createTestDatabase();
  area = await database.write(async (tx) => {
    const town = await createMunicipality(tx);
    return (await createNeighbourhood(tx, { municipalityId: town.id })).id;
  });
});
afterAll(() => database.cleanup());

type Role = "resident" | "coordinator" | "admin";

async function person(role: Role) {
  return database.write(async (tx) => {
    const p = await createUser(tx, { neighbourhoodId: area });
    if (role === "coordinator") await grantCoordinator(tx, p.id, [area]);
    if (role === "admin") await grantAdmin(tx, p.id);
    return p;
  });
}

/** A new session for `userId` (email only unless `verified`) and the context its requests get. */
async function sessionCtx(userId: number, options: { verified?: boolean; stepUpMaxAge?: number } = {}) {
  const sessionId = await database.write((tx) => createTestSession(tx, userId, t, { emailOnly: !options.verified }));
  const base: Ctx = { ...(await ctxAs(database, null, { now })), stepUpMaxAge: options.stepUpMaxAge };
  const actor = await resolveSession(base, sessionId);
  return { sessionId, ctx: { ...base, actor } };
}

const codeAt = (secret: string, at = t) => generate({ secret, epoch: Math.floor(at / 1000) });
const nextStep = () => {
  t += STEP;
};
const events = (userId: number) => database.db.select().from(securityEvent).where(eq(securityEvent.userId, userId));
const sessionRow = (raw: string) => database.db.query.session.findFirst({ where: eq(session.idHash, sha256(raw)) });

/** The message of a refused statement and of its cause (drizzle wraps the driver's error). */
async function refusal(statement: Promise<unknown>): Promise<string> {
  try {
    await statement;
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : "";
    return `${error instanceof Error ? error.message : String(error)} ${cause}`;
  }
  return "not refused";
}

/** A person with a confirmed authenticator app, enrolled through the verbs, and their codes. */
async function withTotp(role: Role) {
  const p = await person(role);
  const { ctx, sessionId } = await sessionCtx(p.id);
  const { secret } = await startTotpSetup({ ctx });
  const result = await confirmTotpSetup({ ctx, input: { sessionId, code: await codeAt(secret) } });
  if (!result.ok) throw new Error("enrolment failed");
  nextStep();
  return { person: p, secret, recoveryCodes: result.enrolled.recoveryCodes! };
}

describe("adding an authenticator app", () => {
  test("the first code confirms it, verifies the session and gives 10 recovery codes, once", async () => {
    const p = await person("resident");
    const { ctx, sessionId } = await sessionCtx(p.id);
    const setup = await startTotpSetup({ ctx });
    expect(setup.uri).toContain("otpauth://totp/");
    expect(setup.qrSvg).toContain("<svg");
    // Asking again while unconfirmed gives the same secret, sealed in the table.
    expect((await startTotpSetup({ ctx })).secret).toBe(setup.secret);
    const stored = await database.db.query.totpCredential.findFirst({ where: eq(totpCredential.userId, p.id) });
    expect(stored!.secretSealed).not.toContain(setup.secret);
    expect(stored!.confirmedAt).toBeNull();

    const wrong = await confirmTotpSetup({ ctx, input: { sessionId, code: await codeAt(setup.secret, t + 5 * STEP) } });
    expect(wrong).toEqual({ ok: false, reason: "invalid" });

    const result = await confirmTotpSetup({ ctx, input: { sessionId, code: await codeAt(setup.secret) } });
    expect(result.ok).toBe(true);
    const codes = result.ok ? result.enrolled.recoveryCodes! : [];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    // Only keyed hashes are kept.
    const rows = await database.db.select().from(recoveryCode).where(eq(recoveryCode.userId, p.id));
    expect(rows).toHaveLength(10);
    const dump = JSON.stringify(rows);
    for (const code of codes) expect(dump).not.toContain(code.replace("-", ""));
    expect((await sessionRow(sessionId))!.secondFactorAt).toBe(t);
    expect((await events(p.id)).map((e) => e.kind)).toEqual(
      expect.arrayContaining(["totp-enabled", "second-factor-verified", "recovery-codes-created"]),
    );

    // Switched off and on again: the recovery codes they have still count, so no new ones.
    nextStep();
    const later = await sessionCtx(p.id, { verified: true });
    await disableTotp({ ctx: later.ctx });
    const again = await startTotpSetup({ ctx: later.ctx });
    expect(again.secret).not.toBe(setup.secret);
    const second = await confirmTotpSetup({ ctx: later.ctx, input: { sessionId: later.sessionId, code: await codeAt(again.secret) } });
    expect(second).toEqual({ ok: true, enrolled: { recoveryCodes: null } });
    expect(await database.db.select().from(recoveryCode).where(eq(recoveryCode.userId, p.id))).toHaveLength(10);
    nextStep();
  });
});

describe("proving the authenticator app at sign-in", () => {
  test("a code is accepted once; the same code again is refused (replay)", async () => {
    const { person: p, secret } = await withTotp("coordinator");
    const first = await sessionCtx(p.id);
    expect(first.ctx.actor!.secondFactor).toEqual({ status: "needed", at: null, staff: true });
    const code = await codeAt(secret);
    expect(await verifyTotp({ ctx: first.ctx, input: { sessionId: first.sessionId, code } })).toEqual({ ok: true });
    expect(await sessionRow(first.sessionId)).toMatchObject({ secondFactorAt: t, secondFactorMethod: "totp" });
    const verified = await resolveSession(first.ctx, first.sessionId);
    expect(verified!.secondFactor).toEqual({ status: "verified", at: t, staff: true });
    expect(verified!.coordinatorOf).toEqual([area]);

    const second = await sessionCtx(p.id);
    expect(await verifyTotp({ ctx: second.ctx, input: { sessionId: second.sessionId, code } })).toEqual({ ok: false, reason: "invalid" });
    expect((await sessionRow(second.sessionId))!.secondFactorAt).toBeNull();
    // The code of the previous step is refused too; the next step's code works.
    expect(await verifyTotp({ ctx: second.ctx, input: { sessionId: second.sessionId, code: await codeAt(secret, t - STEP) } })).toEqual({
      ok: false,
      reason: "invalid",
    });
    nextStep();
    expect(await verifyTotp({ ctx: second.ctx, input: { sessionId: second.sessionId, code: await codeAt(secret) } })).toEqual({ ok: true });
    nextStep();
  });

  test("a code from outside the window (two steps away) is refused and logged", async () => {
    const { person: p, secret } = await withTotp("coordinator");
    t += 5 * STEP;
    const { ctx, sessionId } = await sessionCtx(p.id);
    for (const offset of [-2, 2, 10]) {
      expect(await verifyTotp({ ctx, input: { sessionId, code: await codeAt(secret, t + offset * STEP) } })).toEqual({
        ok: false,
        reason: "invalid",
      });
    }
    expect((await events(p.id)).filter((e) => e.kind === "second-factor-failed")).toHaveLength(3);
    expect(await verifyTotp({ ctx, input: { sessionId, code: await codeAt(secret, t + STEP) } })).toEqual({ ok: true });
    nextStep();
    nextStep();
  });

  test("a recovery code works once; its second use is refused", async () => {
    const { person: p, recoveryCodes } = await withTotp("admin");
    const [code] = recoveryCodes;
    const first = await sessionCtx(p.id);
    expect(first.ctx.actor!.isAdmin).toBe(false);
    // Typed in capitals without the dash: still the same code.
    const typed = code!.toUpperCase().replace("-", " ");
    expect(await verifyRecoveryCode({ ctx: first.ctx, input: { sessionId: first.sessionId, code: typed } })).toEqual({ ok: true });
    expect(await sessionRow(first.sessionId)).toMatchObject({ secondFactorAt: t, secondFactorMethod: "recovery-code" });
    expect((await resolveSession(first.ctx, first.sessionId))!.isAdmin).toBe(true);

    const second = await sessionCtx(p.id);
    expect(await verifyRecoveryCode({ ctx: second.ctx, input: { sessionId: second.sessionId, code: code! } })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect((await sessionRow(second.sessionId))!.secondFactorAt).toBeNull();
    expect((await events(p.id)).filter((e) => e.kind === "recovery-code-used")).toHaveLength(1);
    // Another of the ten still works.
    expect(await verifyRecoveryCode({ ctx: second.ctx, input: { sessionId: second.sessionId, code: recoveryCodes[1]! } })).toEqual({
      ok: true,
    });
    nextStep();
  });

  test("5 wrong codes lock the account for 15 minutes: the right code waits too, then works; the lock-out is logged", async () => {
    const { person: p, secret } = await withTotp("coordinator");
    const { ctx, sessionId } = await sessionCtx(p.id);
    const wrong = (await codeAt(secret)) === "000000" ? "111111" : "000000";
    for (let i = 1; i < SECOND_FACTOR_LIMITS.failures; i++) {
      expect(await verifyTotp({ ctx, input: { sessionId, code: wrong } })).toEqual({ ok: false, reason: "invalid" });
    }
    const lastWrong = t;
    const until = lastWrong + SECOND_FACTOR_LIMITS.lockout;
    expect(await verifyTotp({ ctx, input: { sessionId, code: wrong } })).toEqual({ ok: false, reason: "locked", until });
    expect((await events(p.id)).filter((e) => e.kind === "locked-out")).toHaveLength(1);

    // While locked, the right code (and a recovery code) is not even checked.
    nextStep();
    expect(await verifyTotp({ ctx, input: { sessionId, code: await codeAt(secret) } })).toEqual({ ok: false, reason: "locked", until });
    t = until - 1000;
    expect(await verifyTotp({ ctx, input: { sessionId, code: await codeAt(secret) } })).toEqual({ ok: false, reason: "locked", until });
    expect(await verifyRecoveryCode({ ctx, input: { sessionId, code: "abcde-fghjk" } })).toEqual({ ok: false, reason: "locked", until });
    expect((await sessionRow(sessionId))!.secondFactorAt).toBeNull();

    // After the wait the right code works.
    t = until;
    expect(await verifyTotp({ ctx, input: { sessionId, code: await codeAt(secret) } })).toEqual({ ok: true });
    expect((await sessionRow(sessionId))!.secondFactorAt).toBe(t);
    nextStep();
  });

  // The lock starts at the fifth wrong code (a "locked-out" line) and lasts 15 minutes from then,
  // however spread out the wrong codes were: recounting a window ending now would end it early.
  test("wrong codes spread over minutes: the lock still lasts 15 minutes after the last one", async () => {
    const { person: p, secret } = await withTotp("coordinator");
    const { ctx, sessionId } = await sessionCtx(p.id);
    const wrong = (await codeAt(secret)) === "000000" ? "111111" : "000000";
    for (let i = 1; i < SECOND_FACTOR_LIMITS.failures; i++) {
      await verifyTotp({ ctx, input: { sessionId, code: wrong } });
      t += 2 * MINUTE;
    }
    const until = t + SECOND_FACTOR_LIMITS.lockout;
    expect(await verifyTotp({ ctx, input: { sessionId, code: wrong } })).toEqual({ ok: false, reason: "locked", until });
    t = until - 5 * MINUTE;
    try {
      expect(await verifyTotp({ ctx, input: { sessionId, code: await codeAt(secret) } })).toEqual({ ok: false, reason: "locked", until });
    } finally {
      t = until + STEP;
    }
  });
});

describe("the security log", () => {
  test("cannot be changed or deleted; on erasure it stays under a pseudonym", async () => {
    const p = await person("resident");
    await sessionCtx(p.id);
    const [event] = await events(p.id);
    expect(event!.kind).toBe("sign-in");
    expect(
      await refusal(
        database.write((tx) => tx.update(securityEvent).set({ kind: "second-factor-verified" }).where(eq(securityEvent.id, event!.id))),
      ),
    ).toMatch(/append-only/);
    expect(await refusal(database.write((tx) => tx.delete(securityEvent).where(eq(securityEvent.id, event!.id))))).toMatch(/append-only/);
    expect(await refusal(database.client.execute(`DELETE FROM security_event WHERE user_id = ${p.id}`))).toMatch(/append-only/);
    expect(await events(p.id)).toHaveLength(1);

    // A plain DELETE of the account is refused (its SET NULL would rewrite the log); the erasure verb
    // keeps the event and replaces the person by a pseudonym.
    expect(await refusal(database.write((tx) => tx.delete(user).where(eq(user.id, p.id))))).toMatch(/append-only/);
    const erased = await eraseAccount(database, defaultTestKeys, p.id, Date.now());
    expect(await events(p.id)).toHaveLength(0);
    const [kept] = await database.db.select().from(securityEvent).where(eq(securityEvent.id, event!.id));
    expect(kept).toMatchObject({ userId: null, subjectPseudonym: erased!.pseudonym, kind: "sign-in", detail: null });
  });
});

describe("removing a factor", () => {
  test("a staff member cannot remove their last factor; a resident can", async () => {
    const { person: coordinator } = await withTotp("coordinator");
    const { ctx } = await sessionCtx(coordinator.id, { verified: true });
    await expect(disableTotp({ ctx })).rejects.toThrow(new Conflict("security.lastFactor"));
    expect(await database.db.query.totpCredential.findFirst({ where: eq(totpCredential.userId, coordinator.id) })).toBeDefined();

    const { person: resident } = await withTotp("resident");
    const own = await sessionCtx(resident.id, { verified: true });
    await disableTotp({ ctx: own.ctx });
    expect(await database.db.query.totpCredential.findFirst({ where: eq(totpCredential.userId, resident.id) })).toBeUndefined();
    expect((await events(resident.id)).some((e) => e.kind === "totp-disabled")).toBe(true);
  });

  test("a session that has not proved the existing factor cannot change factors", async () => {
    const { person: p } = await withTotp("resident");
    const { ctx } = await sessionCtx(p.id);
    await expect(disableTotp({ ctx })).rejects.toThrow(StepUpRequired);
  });
});

describe("an admin resets a staff member's second factor", () => {
  test("factors, recovery codes and sessions go, the person is emailed, the log names the admin", async () => {
    const { person: coordinator } = await withTotp("coordinator");
    const theirs = await sessionCtx(coordinator.id);
    const admin = await person("admin");
    const { ctx } = await sessionCtx(admin.id, { verified: true });

    await resetSecondFactor({ ctx, input: { userId: coordinator.id } });
    expect(await database.db.query.totpCredential.findFirst({ where: eq(totpCredential.userId, coordinator.id) })).toBeUndefined();
    expect(await database.db.select().from(recoveryCode).where(eq(recoveryCode.userId, coordinator.id))).toHaveLength(0);
    expect(await database.db.select().from(session).where(eq(session.userId, coordinator.id))).toHaveLength(0);
    expect(await resolveSession(theirs.ctx, theirs.sessionId)).toBeNull();
    const mails = await database.db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.template, "second-factor-reset"), eq(emailOutbox.userId, coordinator.id)));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.toAddress).toBe(coordinator.email);
    const reset = (await events(coordinator.id)).filter((e) => e.kind === "second-factor-reset");
    expect(reset).toEqual([expect.objectContaining({ actorId: admin.id, at: t })]);

    // At the next sign-in they are asked to add a factor again.
    const next = await sessionCtx(coordinator.id);
    expect(next.ctx.actor!.secondFactor!.status).toBe("enrol");
    nextStep();
  });

  test("an admin cannot reset their own; an admin without a recent proof, or a coordinator, cannot reset", async () => {
    const admin = await person("admin");
    const { person: target } = await withTotp("coordinator");
    const { ctx } = await sessionCtx(admin.id, { verified: true });
    await expect(resetSecondFactor({ ctx, input: { userId: admin.id } })).rejects.toThrow(new Conflict("security.reset.notYourself"));

    const stale = await sessionCtx(admin.id, { verified: true, stepUpMaxAge: HOUR });
    t += HOUR + 1;
    await expect(resetSecondFactor({ ctx: stale.ctx, input: { userId: target.id } })).rejects.toThrow(StepUpRequired);

    const emailOnly = await sessionCtx(admin.id);
    await expect(resetSecondFactor({ ctx: emailOnly.ctx, input: { userId: target.id } })).rejects.toMatchObject({ kind: "not-found" });
    const coordinator = await sessionCtx(target.id, { verified: true });
    await expect(resetSecondFactor({ ctx: coordinator.ctx, input: { userId: admin.id } })).rejects.toMatchObject({ kind: "not-found" });
    expect(await database.db.query.totpCredential.findFirst({ where: eq(totpCredential.userId, target.id) })).toBeDefined();
    nextStep();
  });
});

describe("requireRecentSecondFactor (step-up)", () => {
  test("a fresh proof passes; one older than stepUpMaxAge, or none, throws StepUpRequired", async () => {
    const coordinator = await person("coordinator");
    const fresh = await sessionCtx(coordinator.id, { verified: true, stepUpMaxAge: 2 * HOUR });
    expect(() => requireRecentSecondFactor(fresh.ctx)).not.toThrow();
    t += 2 * HOUR;
    expect(() => requireRecentSecondFactor(fresh.ctx)).not.toThrow();
    t += 1;
    expect(() => requireRecentSecondFactor(fresh.ctx)).toThrow(StepUpRequired);

    // The default is 12 hours.
    const byDefault = await sessionCtx(coordinator.id, { verified: true });
    t += 12 * HOUR;
    expect(() => requireRecentSecondFactor(byDefault.ctx)).not.toThrow();
    t += 1;
    expect(() => requireRecentSecondFactor(byDefault.ctx)).toThrow(StepUpRequired);

    const unverified = await sessionCtx(coordinator.id);
    expect(() => requireRecentSecondFactor(unverified.ctx)).toThrow(StepUpRequired);
  });

  test("residents, and actors from outside a web session, pass", async () => {
    const resident = await person("resident");
    const { ctx } = await sessionCtx(resident.id);
    t += 24 * HOUR;
    expect(() => requireRecentSecondFactor(ctx)).not.toThrow();
    const coordinator = await person("coordinator");
    expect(() => requireRecentSecondFactor({ ...ctx, actor: null })).not.toThrow();
    const cli = await ctxAs(database, coordinator.id, { now });
    expect(cli.actor!.secondFactor).toBeUndefined();
    expect(() => requireRecentSecondFactor(cli)).not.toThrow();
  });
});

describe("what an unverified session may do (resolveSession, withSecondFactor)", () => {
  test("an unverified coordinator or admin acts as a resident; verified, they keep their grants", async () => {
    const coordinator = await person("coordinator");
    const admin = await person("admin");
    const c = await sessionCtx(coordinator.id);
    expect(c.ctx.actor).toMatchObject({ coordinatorOf: [], isAdmin: false, secondFactor: { status: "enrol", at: null, staff: true } });
    const a = await sessionCtx(admin.id);
    expect(a.ctx.actor).toMatchObject({ coordinatorOf: [], isAdmin: false, secondFactor: { status: "enrol", at: null, staff: true } });
    const cv = await sessionCtx(coordinator.id, { verified: true });
    expect(cv.ctx.actor).toMatchObject({ coordinatorOf: [area], isAdmin: false, secondFactor: { status: "verified", at: t, staff: true } });
    const av = await sessionCtx(admin.id, { verified: true });
    expect(av.ctx.actor).toMatchObject({ isAdmin: true, secondFactor: { status: "verified", staff: true } });

    const full = (await loadActor(database.db, coordinator.id))!;
    expect(withSecondFactor(full, { secondFactorAt: null }, true)).toMatchObject({
      coordinatorOf: [],
      isAdmin: false,
      secondFactor: { status: "needed", staff: true },
    });
    expect(withSecondFactor(full, { secondFactorAt: t }, true)).toMatchObject({
      coordinatorOf: [area],
      secondFactor: { status: "verified" },
    });
  });

  test("a resident with no factor is 'off' and keeps everything; one who opted in is 'needed'", async () => {
    const resident = await person("resident");
    const { ctx } = await sessionCtx(resident.id);
    const full = (await loadActor(database.db, resident.id))!;
    expect(ctx.actor).toEqual({ ...full, secondFactor: { status: "off", at: null, staff: false } });
    expect(withSecondFactor(full, { secondFactorAt: null }, false)).toEqual({
      ...full,
      secondFactor: { status: "off", at: null, staff: false },
    });

    const { person: optedIn } = await withTotp("resident");
    const later = await sessionCtx(optedIn.id);
    expect(later.ctx.actor!.secondFactor).toEqual({ status: "needed", at: null, staff: false });
  });
});
