import { and, eq, isNotNull, isNull, lt, or } from "drizzle-orm";
import type { Queryable, Tx } from "#db/client";
import { organisationMembership, pendingSignup, roleGrant, securityEvent, session, user, volunteerProfile } from "#db/schema";
import type { Ctx } from "../context.server";
import { randomToken, sha256 } from "../keyring.server";
import { isElevated, requireActor, type Actor } from "../permissions";
import { hasSecondFactor } from "./factors.server";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Idle and absolute lifetimes; see docs/decisions/004-sessions.md. */
export const SESSION_LIMITS = {
  resident: { idle: 14 * DAY, absolute: 30 * DAY },
  elevated: { idle: 2 * HOUR, absolute: 12 * HOUR },
} as const;

/** How often `lastSeenAt` is written back, to avoid a write on every request. */
const TOUCH_INTERVAL = MINUTE;

/**
 * Creates a session and returns the raw id for the cookie; only its hash is stored. The sign-in
 * goes to the person's security log with the device it came from ("Firefox on Windows").
 */
export async function createSession(tx: Tx, userId: number, now: number, device: string | null = null): Promise<string> {
  const id = randomToken(32);
  await tx.insert(session).values({ idHash: sha256(id), userId, createdAt: now, lastSeenAt: now, device });
  await tx.insert(securityEvent).values({ userId, kind: "sign-in", at: now, detail: device });
  await tx.update(user).set({ lastActiveAt: now, inactivityWarnedAt: null }).where(eq(user.id, userId));
  return id;
}

/**
 * Keeps `user.last_active_at` fresh for retention (decision 034) at most once a day per person, and
 * clears a pending inactivity warning: someone who uses their account keeps it.
 */
async function markActive(tx: Tx, userId: number, now: number) {
  await tx
    .update(user)
    .set({ lastActiveAt: now, inactivityWarnedAt: null })
    .where(and(eq(user.id, userId), or(isNull(user.lastActiveAt), lt(user.lastActiveAt, now - DAY), isNotNull(user.inactivityWarnedAt))));
}

export async function loadActor(db: Queryable, userId: number): Promise<Actor | null> {
  const person = await db.query.user.findFirst({ where: eq(user.id, userId) });
  if (!person) return null;
  const [grants, memberships, profile] = await Promise.all([
    db.select().from(roleGrant).where(eq(roleGrant.userId, userId)),
    db
      .select({ organisationId: organisationMembership.organisationId, role: organisationMembership.role })
      .from(organisationMembership)
      .where(eq(organisationMembership.userId, userId)),
    db.select({ userId: volunteerProfile.userId }).from(volunteerProfile).where(eq(volunteerProfile.userId, userId)),
  ]);
  return {
    userId: person.id,
    name: person.name,
    email: person.email,
    locale: person.locale,
    timeZone: person.timeZone,
    neighbourhoodId: person.neighbourhoodId,
    isAdmin: grants.some((g) => g.role === "admin"),
    isVolunteer: profile.length > 0,
    coordinatorOf: grants.flatMap((g) => (g.role === "coordinator" && g.neighbourhoodId ? [g.neighbourhoodId] : [])),
    memberships,
  };
}

/**
 * Resolves a raw session id to the acting person, or null when the session is unknown, idle
 * too long or past its absolute lifetime (an expired session is deleted).
 */
export async function resolveSession(ctx: Ctx, rawId: string): Promise<Actor | null> {
  const idHash = sha256(rawId);
  const row = await ctx.database.db.query.session.findFirst({ where: eq(session.idHash, idHash) });
  if (!row) return null;
  const full = await loadActor(ctx.database.db, row.userId);
  // Whether they have a factor matters only while this session has not proved one.
  const enrolled = full !== null && row.secondFactorAt === null && (await hasSecondFactor(ctx.database.db, full.userId));
  const actor = full && withSecondFactor(full, row, enrolled);
  const now = ctx.now();
  const limits = full && isElevated(full) ? SESSION_LIMITS.elevated : SESSION_LIMITS.resident;
  if (!actor || now - row.lastSeenAt > limits.idle || now - row.createdAt > limits.absolute) {
    await ctx.database.write((tx) => tx.delete(session).where(eq(session.idHash, idHash)));
    return null;
  }
  if (now - row.lastSeenAt > TOUCH_INTERVAL) {
    await ctx.database.write(async (tx) => {
      await tx.update(session).set({ lastSeenAt: now }).where(eq(session.idHash, idHash));
      await markActive(tx, row.userId, now);
    });
  }
  return actor;
}

/**
 * The actor as this session may act: a staff member's coordinator and admin grants count only once
 * the session proved a second factor (docs/security.md). Until then they act as a resident.
 */
export function withSecondFactor(actor: Actor, row: { secondFactorAt: number | null }, enrolled: boolean): Actor {
  const staff = isElevated(actor);
  const status = row.secondFactorAt !== null ? "verified" : enrolled ? "needed" : staff ? "enrol" : "off";
  const secondFactor = { status, at: row.secondFactorAt, staff } as const;
  if (status === "verified" || !staff) return { ...actor, secondFactor };
  return { ...actor, isAdmin: false, coordinatorOf: [], secondFactor };
}

export async function endSession(ctx: Ctx, rawId: string): Promise<void> {
  await ctx.database.write((tx) => tx.delete(session).where(eq(session.idHash, sha256(rawId))));
}

/**
 * Ends every open first sign-in for an address: when its account is made, and on "sign out
 * everywhere". Call it wherever an account is created for an address.
 */
export async function endPendingSignups(tx: Tx, email: string, now: number) {
  await tx
    .update(pendingSignup)
    .set({ usedAt: now })
    .where(and(eq(pendingSignup.email, email), isNull(pendingSignup.usedAt)));
}

/**
 * Signs the actor out on every device, this one included, and ends any first sign-in still open
 * for their address. Returns how many sessions ended.
 */
export async function endAllSessions({ ctx }: { ctx: Ctx }) {
  const actor = requireActor(ctx.actor);
  const now = ctx.now();
  const rows = await ctx.database.write(async (tx) => {
    await endPendingSignups(tx, actor.email, now);
    await tx.insert(securityEvent).values({ userId: actor.userId, kind: "signed-out-everywhere", at: now });
    return tx.delete(session).where(eq(session.userId, actor.userId)).returning({ idHash: session.idHash });
  });
  return { ended: rows.length };
}
