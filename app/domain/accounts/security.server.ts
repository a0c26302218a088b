import { and, count, desc, eq, inArray, isNotNull, isNull, or } from "drizzle-orm";
import { passkey, recoveryCode, roleGrant, securityEvent, session, totpCredential, user } from "#db/schema";
import type { Ctx } from "../context.server";
import { Conflict, NotFound } from "../errors";
import { can, ensure, ensureFound, requireActor, type SecondFactorState } from "../permissions";
import { enqueueEmail } from "../notifications/outbox.server";
import type { SecurityEventKind } from "../vocabulary";
import { recordSecurityEvent, requireRecentSecondFactor } from "./factors.server";
import { listPasskeys, type PasskeySummary } from "./passkeys.server";

/** How many log lines a person and an admin see (newest first). */
const LOG_LIMIT = 50;
const SIGN_IN_LIMIT = 10;

export interface SecurityLogEntry {
  kind: SecurityEventKind;
  at: number;
  detail: string | null;
  /** Done by someone else (an admin's reset): their name, or null when that was the person. */
  by: string | null;
}

async function securityLog(ctx: Ctx, userId: number, kinds?: SecurityEventKind[], limit = LOG_LIMIT): Promise<SecurityLogEntry[]> {
  const rows = await ctx.database.db
    .select({ kind: securityEvent.kind, at: securityEvent.at, detail: securityEvent.detail, actorId: securityEvent.actorId, by: user.name })
    .from(securityEvent)
    .leftJoin(user, eq(user.id, securityEvent.actorId))
    .where(and(eq(securityEvent.userId, userId), kinds ? inArray(securityEvent.kind, kinds) : undefined))
    .orderBy(desc(securityEvent.at), desc(securityEvent.id))
    .limit(limit);
  return rows.map((r) => ({
    kind: r.kind,
    at: r.at,
    detail: r.detail,
    by: r.actorId !== null && r.actorId !== userId ? (r.by ?? "—") : null,
  }));
}

export interface MySecurity {
  secondFactor: SecondFactorState;
  passkeys: PasskeySummary[];
  /** "on": confirmed; "pending": set up but the first code was not typed yet. */
  totp: "on" | "pending" | "off";
  recoveryCodesLeft: number;
  signIns: SecurityLogEntry[];
  log: SecurityLogEntry[];
}

/** Everything /me/security shows: the person's factors, their recent sign-ins and their log. */
export async function getMySecurity({ ctx }: { ctx: Ctx }): Promise<MySecurity> {
  const actor = requireActor(ctx.actor);
  const db = ctx.database.db;
  const [keys, app, codes, signIns, log] = await Promise.all([
    listPasskeys(ctx, actor.userId),
    db.query.totpCredential.findFirst({ where: eq(totpCredential.userId, actor.userId) }),
    db
      .select({ n: count() })
      .from(recoveryCode)
      .where(and(eq(recoveryCode.userId, actor.userId), isNull(recoveryCode.usedAt))),
    securityLog(ctx, actor.userId, ["sign-in"], SIGN_IN_LIMIT),
    securityLog(ctx, actor.userId),
  ]);
  return {
    secondFactor: actor.secondFactor ?? { status: "off", at: null, staff: false },
    passkeys: keys,
    totp: !app ? "off" : app.confirmedAt === null ? "pending" : "on",
    recoveryCodesLeft: codes[0]?.n ?? 0,
    signIns,
    log,
  };
}

export interface StaffSecurityRow {
  userId: number;
  name: string;
  email: string;
  roles: ("coordinator" | "admin")[];
  passkeys: number;
  totp: boolean;
  lastVerifiedAt: number | null;
}

/** For admins: every staff member (coordinators and admins) with their second factor. */
export async function listStaffSecurity({ ctx }: { ctx: Ctx }): Promise<StaffSecurityRow[]> {
  ensure(can.administer(ctx.actor));
  const db = ctx.database.db;
  const grants = await db
    .select({ userId: roleGrant.userId, role: roleGrant.role, name: user.name, email: user.email })
    .from(roleGrant)
    .innerJoin(user, eq(user.id, roleGrant.userId))
    .where(or(eq(roleGrant.role, "admin"), eq(roleGrant.role, "coordinator")));
  const ids = [...new Set(grants.map((g) => g.userId))];
  if (ids.length === 0) return [];
  const [keys, apps, verified] = await Promise.all([
    db.select({ userId: passkey.userId, n: count() }).from(passkey).where(inArray(passkey.userId, ids)).groupBy(passkey.userId),
    db
      .select({ userId: totpCredential.userId })
      .from(totpCredential)
      .where(and(inArray(totpCredential.userId, ids), isNotNull(totpCredential.confirmedAt))),
    db
      .select({ userId: securityEvent.userId, at: securityEvent.at })
      .from(securityEvent)
      .where(and(inArray(securityEvent.userId, ids), eq(securityEvent.kind, "second-factor-verified")))
      .orderBy(desc(securityEvent.at)),
  ]);
  const rows = new Map<number, StaffSecurityRow>();
  for (const g of grants) {
    const row = rows.get(g.userId) ?? {
      userId: g.userId,
      name: g.name,
      email: g.email,
      roles: [],
      passkeys: keys.find((k) => k.userId === g.userId)?.n ?? 0,
      totp: apps.some((a) => a.userId === g.userId),
      lastVerifiedAt: verified.find((v) => v.userId === g.userId)?.at ?? null,
    };
    const role = g.role === "admin" ? "admin" : "coordinator";
    if (!row.roles.includes(role)) row.roles.push(role);
    rows.set(g.userId, row);
  }
  return [...rows.values()].sort((a, b) => a.name.localeCompare(b.name, "nl"));
}

/** For admins: one staff member's security log. Anyone else's is "not found". */
export async function getStaffSecurityLog({ ctx, input }: { ctx: Ctx; input: { userId: number } }) {
  ensureFound(can.administer(ctx.actor));
  const staff = await listStaffSecurity({ ctx });
  const person = staff.find((s) => s.userId === input.userId);
  ensureFound(!!person);
  return { person, log: await securityLog(ctx, input.userId) };
}

/**
 * An admin resets a staff member's second factor (a lost phone): every passkey, the app and the
 * recovery codes go, every session of theirs ends, and at their next sign-in they add a new factor.
 * The person is emailed; the log keeps who did it. Needs a recent proof by the admin; an admin
 * cannot reset their own (another admin must, so one stolen mailbox is never enough).
 */
export async function resetSecondFactor({ ctx, input }: { ctx: Ctx; input: { userId: number } }) {
  ensureFound(can.administer(ctx.actor));
  requireRecentSecondFactor(ctx);
  const admin = requireActor(ctx.actor);
  if (admin.userId === input.userId) throw new Conflict("security.reset.notYourself");
  const person = await ctx.database.db.query.user.findFirst({ where: eq(user.id, input.userId) });
  if (!person) throw new NotFound();
  const now = ctx.now();
  await ctx.database.write(async (tx) => {
    await tx.delete(passkey).where(eq(passkey.userId, person.id));
    await tx.delete(totpCredential).where(eq(totpCredential.userId, person.id));
    await tx.delete(recoveryCode).where(eq(recoveryCode.userId, person.id));
    await tx.delete(session).where(eq(session.userId, person.id));
    await recordSecurityEvent(tx, { userId: person.id, kind: "second-factor-reset", at: now, actorId: admin.userId });
    await enqueueEmail(ctx, tx, {
      template: "second-factor-reset",
      idempotencyKey: `second-factor-reset:${person.id}:${now}`,
      to: person.email,
      userId: person.id,
      locale: person.locale,
      timeZone: person.timeZone,
      props: { name: person.name, at: now, url: new URL("/login", ctx.appUrl).href },
    });
  });
}
