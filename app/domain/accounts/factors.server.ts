import { randomInt } from "node:crypto";
import { and, count, desc, eq, gt, inArray, isNull, isNotNull, sql, type SQL } from "drizzle-orm";
import { generateSecret, generateURI, verify } from "otplib";
import { renderSVG } from "uqr";
import type { Queryable, Tx } from "#db/client";
import { passkey, recoveryCode, roleGrant, securityEvent, session, totpCredential } from "#db/schema";
import type { Ctx } from "../context.server";
import { Conflict, NotFound, StepUpRequired } from "../errors";
import { isElevated, requireActor, type Actor } from "../permissions";
import { sha256 } from "../keyring.server";
import type { SecondFactorMethod, SecurityEventKind } from "../vocabulary";

/** TOTP as every authenticator app expects it: SHA-1, 6 digits, 30-second steps (RFC 6238). */
const TOTP_PERIOD = 30;
/** One step either side, for a phone clock that is a little off. */
const TOTP_TOLERANCE = TOTP_PERIOD;
export const RECOVERY_CODE_COUNT = 10;
/** After this many wrong codes within the window, the account waits `lockout` before trying again. */
export const SECOND_FACTOR_LIMITS = { failures: 5, window: 15 * 60_000, lockout: 15 * 60_000 } as const;
/** How long a second-factor proof counts for care data and role changes, unless configured. */
export const DEFAULT_STEP_UP_MAX_AGE = 12 * 3_600_000;

export type VerifyOutcome =
  | { ok: true }
  | { ok: false; reason: "invalid" }
  /** Too many wrong codes: nothing is checked until `until` (ms since the epoch). */
  | { ok: false; reason: "locked"; until: number };

/**
 * Whether the person has any second factor: a passkey or a confirmed authenticator app. As SQL for a
 * user id expression, so the session lookup can ask it in its own statement (sessions.server.ts).
 */
export function hasSecondFactorSql(userId: SQL): SQL {
  return sql`(EXISTS (SELECT 1 FROM ${passkey} AS k WHERE k.user_id = ${userId})
    OR EXISTS (SELECT 1 FROM ${totpCredential} AS a WHERE a.user_id = ${userId} AND a.confirmed_at IS NOT NULL))`;
}

export async function hasSecondFactor(db: Queryable, userId: number): Promise<boolean> {
  const [row] = await db.all<{ enrolled: number }>(sql`SELECT ${hasSecondFactorSql(sql`${userId}`)} AS enrolled`);
  return row?.enrolled === 1;
}

/**
 * Whether a new session for this person must prove a second factor before it counts: staff always
 * (adding one first if they have none), anyone else once they opted in.
 */
export async function secondFactorAtSignIn(ctx: Ctx, userId: number): Promise<"needed" | "enrol" | "off"> {
  const db = ctx.database.db;
  const [enrolled, grants] = await Promise.all([
    hasSecondFactor(db, userId),
    db
      .select({ n: count() })
      .from(roleGrant)
      .where(and(eq(roleGrant.userId, userId), inArray(roleGrant.role, ["admin", "coordinator"]))),
  ]);
  if (enrolled) return "needed";
  return (grants[0]?.n ?? 0) > 0 ? "enrol" : "off";
}

export async function recordSecurityEvent(
  tx: Tx,
  event: { userId: number; kind: SecurityEventKind; at: number; actorId?: number | null; detail?: string | null },
) {
  await tx.insert(securityEvent).values({ ...event, actorId: event.actorId ?? null, detail: event.detail ?? null });
}

/** The session proved a second factor now; the log says how. */
export async function markSessionVerified(ctx: Ctx, tx: Tx, userId: number, rawSessionId: string, method: SecondFactorMethod) {
  const now = ctx.now();
  await tx
    .update(session)
    .set({ secondFactorAt: now, secondFactorMethod: method, challenge: null, challengeExpiresAt: null })
    .where(and(eq(session.idHash, sha256(rawSessionId)), eq(session.userId, userId)));
  await recordSecurityEvent(tx, { userId, kind: "second-factor-verified", at: now, detail: method });
}

/**
 * Until when the account's second step is locked, or null. The lock starts when the fifth wrong
 * code within the window is logged (a "locked-out" line) and lasts `lockout` from then, however
 * spread out the wrong codes were; a success or a reset since ends it.
 */
export async function lockedUntil(ctx: Ctx, userId: number): Promise<number | null> {
  const now = ctx.now();
  const { window, lockout, failures: limit } = SECOND_FACTOR_LIMITS;
  const recent = await ctx.database.db
    .select({ kind: securityEvent.kind, at: securityEvent.at })
    .from(securityEvent)
    .where(
      and(
        eq(securityEvent.userId, userId),
        gt(securityEvent.at, now - Math.max(window, lockout)),
        inArray(securityEvent.kind, ["second-factor-failed", "locked-out", "second-factor-verified", "second-factor-reset"]),
      ),
    )
    .orderBy(desc(securityEvent.at), desc(securityEvent.id));
  // Only what happened since the last success or reset counts.
  const end = recent.findIndex((e) => e.kind === "second-factor-verified" || e.kind === "second-factor-reset");
  const since = end === -1 ? recent : recent.slice(0, end);
  const lock = since.find((e) => e.kind === "locked-out");
  if (lock && lock.at + lockout > now) return lock.at + lockout;
  const failures = since.filter((e) => e.kind === "second-factor-failed" && e.at > now - window);
  if (failures.length < limit) return null;
  return failures[0]!.at + lockout;
}

/** A wrong code (or passkey answer): logged, and at the limit the lock-out is logged too. */
export async function recordFailure(ctx: Ctx, userId: number, detail: SecondFactorMethod): Promise<VerifyOutcome> {
  const now = ctx.now();
  await ctx.database.write((tx) => recordSecurityEvent(tx, { userId, kind: "second-factor-failed", at: now, detail }));
  const until = await lockedUntil(ctx, userId);
  if (until !== null) {
    await ctx.database.write((tx) => recordSecurityEvent(tx, { userId, kind: "locked-out", at: now }));
    return { ok: false, reason: "locked", until };
  }
  return { ok: false, reason: "invalid" };
}

const digitsOnly = (code: string) => code.replace(/[\s-]/g, "");

/** The 30-second step a code matches (within one step either side), or null. */
export async function totpStep(secret: string, code: string, atMs: number, afterStep?: number): Promise<number | null> {
  const token = digitsOnly(code);
  if (!/^\d{6}$/.test(token)) return null;
  const epoch = Math.floor(atMs / 1000);
  const result = await verify({
    secret,
    token,
    epoch,
    period: TOTP_PERIOD,
    epochTolerance: TOTP_TOLERANCE,
    ...(afterStep === undefined ? {} : { afterTimeStep: afterStep }),
  });
  return result.valid ? Math.floor(epoch / TOTP_PERIOD) + result.delta : null;
}

function openSecret(ctx: Ctx, sealed: string): string {
  const value = ctx.keys.open(sealed);
  if (typeof value !== "string") throw new Error("A sealed TOTP secret did not open to a string");
  return value;
}

/**
 * Checks a code from the authenticator app. A code for a step already used (or an earlier one) is
 * refused, so a code seen over someone's shoulder cannot be used again.
 */
export async function verifyTotp({ ctx, input }: { ctx: Ctx; input: { sessionId: string; code: string } }): Promise<VerifyOutcome> {
  const actor = requireActor(ctx.actor);
  const until = await lockedUntil(ctx, actor.userId);
  if (until !== null) return { ok: false, reason: "locked", until };
  const row = await ctx.database.db.query.totpCredential.findFirst({
    where: and(eq(totpCredential.userId, actor.userId), isNotNull(totpCredential.confirmedAt)),
  });
  if (!row) return recordFailure(ctx, actor.userId, "totp");
  const step = await totpStep(openSecret(ctx, row.secretSealed), input.code, ctx.now(), row.lastStep ?? undefined);
  if (step === null) return recordFailure(ctx, actor.userId, "totp");
  const accepted = await ctx.database.write(async (tx) => {
    // Compare-and-set on the last step: of two requests with the same code, one wins.
    const updated = await tx
      .update(totpCredential)
      .set({ lastStep: step })
      .where(
        and(
          eq(totpCredential.userId, actor.userId),
          row.lastStep === null ? isNull(totpCredential.lastStep) : eq(totpCredential.lastStep, row.lastStep),
        ),
      )
      .returning({ userId: totpCredential.userId });
    if (updated.length === 0) return false;
    await markSessionVerified(ctx, tx, actor.userId, input.sessionId, "totp");
    return true;
  });
  return accepted ? { ok: true } : recordFailure(ctx, actor.userId, "totp");
}

// Recovery codes: 10 groups of lowercase letters and digits without look-alikes, "abcde-23456".
const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, "");

function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** Replaces every recovery code with 10 new ones; only their keyed hashes are kept. */
export async function replaceRecoveryCodes(ctx: Ctx, tx: Tx, userId: number): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const now = ctx.now();
  await tx.delete(recoveryCode).where(eq(recoveryCode.userId, userId));
  await tx
    .insert(recoveryCode)
    .values(codes.map((code) => ({ userId, codeHash: ctx.keys.hash(normaliseRecoveryCode(code)), createdAt: now })));
  await recordSecurityEvent(tx, { userId, kind: "recovery-codes-created", at: now });
  return codes;
}

/** Uses a recovery code: it works once, then never again. */
export async function verifyRecoveryCode({ ctx, input }: { ctx: Ctx; input: { sessionId: string; code: string } }): Promise<VerifyOutcome> {
  const actor = requireActor(ctx.actor);
  const until = await lockedUntil(ctx, actor.userId);
  if (until !== null) return { ok: false, reason: "locked", until };
  const code = normaliseRecoveryCode(input.code);
  if (code.length !== 10) return recordFailure(ctx, actor.userId, "recovery-code");
  const now = ctx.now();
  const used = await ctx.database.write(async (tx) => {
    const rows = await tx
      .update(recoveryCode)
      .set({ usedAt: now })
      .where(and(eq(recoveryCode.userId, actor.userId), inArray(recoveryCode.codeHash, ctx.keys.hashes(code)), isNull(recoveryCode.usedAt)))
      .returning({ id: recoveryCode.id });
    if (rows.length === 0) return false;
    await recordSecurityEvent(tx, { userId: actor.userId, kind: "recovery-code-used", at: now });
    await markSessionVerified(ctx, tx, actor.userId, input.sessionId, "recovery-code");
    return true;
  });
  return used ? { ok: true } : recordFailure(ctx, actor.userId, "recovery-code");
}

export interface TotpSetup {
  /** Base32, for typing into the app by hand. */
  secret: string;
  uri: string;
  /** The otpauth URI as a QR code (SVG markup, generated here: no third party sees the secret). */
  qrSvg: string;
}

function totpSetup(actor: Actor, secret: string): TotpSetup {
  const uri = generateURI({ issuer: "Noaber", label: actor.email, secret, period: TOTP_PERIOD });
  return { secret, uri, qrSvg: renderSVG(uri, { border: 2 }) };
}

/**
 * Starts (or continues) adding an authenticator app: a new secret, kept sealed and unconfirmed
 * until the person types a first code. An app already confirmed stays until that happens.
 */
export async function startTotpSetup({ ctx }: { ctx: Ctx }): Promise<TotpSetup> {
  const actor = requireFactorManagement(ctx);
  const existing = await ctx.database.db.query.totpCredential.findFirst({ where: eq(totpCredential.userId, actor.userId) });
  if (existing && existing.confirmedAt === null) return totpSetup(actor, openSecret(ctx, existing.secretSealed));
  if (existing) throw new Conflict("security.totp.alreadyOn");
  const secret = generateSecret();
  await ctx.database.write((tx) =>
    tx
      .insert(totpCredential)
      .values({ userId: actor.userId, secretSealed: ctx.keys.seal(secret), createdAt: ctx.now() })
      .onConflictDoNothing(),
  );
  return startTotpSetup({ ctx });
}

/** What a confirmed enrolment returns: recovery codes when these are the person's first. */
export interface Enrolled {
  recoveryCodes: string[] | null;
}

/**
 * Confirms the authenticator app with a first code. It then counts as this session's proof, and a
 * first factor comes with 10 recovery codes (shown once).
 */
export async function confirmTotpSetup({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { sessionId: string; code: string };
}): Promise<{ ok: true; enrolled: Enrolled } | Exclude<VerifyOutcome, { ok: true }>> {
  const actor = requireFactorManagement(ctx);
  const until = await lockedUntil(ctx, actor.userId);
  if (until !== null) return { ok: false, reason: "locked", until };
  const row = await ctx.database.db.query.totpCredential.findFirst({
    where: and(eq(totpCredential.userId, actor.userId), isNull(totpCredential.confirmedAt)),
  });
  if (!row) throw new NotFound();
  const step = await totpStep(openSecret(ctx, row.secretSealed), input.code, ctx.now());
  if (step === null) {
    const failed = await recordFailure(ctx, actor.userId, "totp");
    return failed.ok ? { ok: false, reason: "invalid" } : failed;
  }
  const now = ctx.now();
  const recoveryCodes = await ctx.database.write(async (tx) => {
    await tx.update(totpCredential).set({ confirmedAt: now, lastStep: step }).where(eq(totpCredential.userId, actor.userId));
    await recordSecurityEvent(tx, { userId: actor.userId, kind: "totp-enabled", at: now });
    await markSessionVerified(ctx, tx, actor.userId, input.sessionId, "totp");
    return firstRecoveryCodes(ctx, tx, actor.userId);
  });
  return { ok: true, enrolled: { recoveryCodes } };
}

/** Recovery codes for a person who has none yet (their first factor), else null. */
export async function firstRecoveryCodes(ctx: Ctx, tx: Tx, userId: number): Promise<string[] | null> {
  const [row] = await tx.select({ n: count() }).from(recoveryCode).where(eq(recoveryCode.userId, userId));
  return (row?.n ?? 0) > 0 ? null : replaceRecoveryCodes(ctx, tx, userId);
}

/** How many factors the person has: passkeys plus a confirmed app. */
async function factorCount(db: Queryable, userId: number): Promise<number> {
  const [keys, apps] = await Promise.all([
    db.select({ n: count() }).from(passkey).where(eq(passkey.userId, userId)),
    db
      .select({ n: count() })
      .from(totpCredential)
      .where(and(eq(totpCredential.userId, userId), isNotNull(totpCredential.confirmedAt))),
  ]);
  return (keys[0]?.n ?? 0) + (apps[0]?.n ?? 0);
}

/**
 * Refuses to remove the last factor of a staff member: they would be asked to add one again at
 * once, and in between an email link alone would be one step from care data.
 */
export async function ensureNotLastStaffFactor(ctx: Ctx, actor: Actor) {
  if ((actor.secondFactor?.staff ?? isElevated(actor)) && (await factorCount(ctx.database.db, actor.userId)) <= 1)
    throw new Conflict("security.lastFactor");
}

/** Switches the authenticator app off (never the last factor of a staff member). */
export async function disableTotp({ ctx }: { ctx: Ctx }) {
  const actor = requireFactorManagement(ctx);
  const row = await ctx.database.db.query.totpCredential.findFirst({ where: eq(totpCredential.userId, actor.userId) });
  if (!row) return;
  if (row.confirmedAt !== null) await ensureNotLastStaffFactor(ctx, actor);
  await ctx.database.write(async (tx) => {
    await tx.delete(totpCredential).where(eq(totpCredential.userId, actor.userId));
    if (row.confirmedAt !== null) await recordSecurityEvent(tx, { userId: actor.userId, kind: "totp-disabled", at: ctx.now() });
  });
}

/** Ten new recovery codes; the old ones stop working. Only for someone with a factor. */
export async function regenerateRecoveryCodes({ ctx }: { ctx: Ctx }): Promise<string[]> {
  const actor = requireFactorManagement(ctx);
  if ((await factorCount(ctx.database.db, actor.userId)) === 0) throw new Conflict("security.noFactor");
  return ctx.database.write((tx) => replaceRecoveryCodes(ctx, tx, actor.userId));
}

/**
 * Care data and role changes need a second-factor proof within the last 12 hours (configurable).
 * Throws `StepUpRequired`, which the web layer turns into a visit to /login/second-factor that
 * returns to the page. Actors from outside a web session (command line, tests) pass.
 */
export function requireRecentSecondFactor(ctx: Ctx) {
  const state = ctx.actor?.secondFactor;
  if (!state?.staff) return;
  const maxAge = ctx.stepUpMaxAge ?? DEFAULT_STEP_UP_MAX_AGE;
  if (state.status !== "verified" || state.at === null || ctx.now() - state.at > maxAge) throw new StepUpRequired();
}

/**
 * Adding, changing or removing a factor: a session that still has to prove an existing factor must
 * do so first (else a stolen mailbox could swap the factors), and staff need a recent proof.
 */
export function requireFactorManagement(ctx: Ctx): Actor {
  const actor = requireActor(ctx.actor);
  if (actor.secondFactor?.status === "needed") throw new StepUpRequired();
  if (actor.secondFactor?.status === "verified") requireRecentSecondFactor(ctx);
  return actor;
}
