import { and, eq, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import type { Queryable, Tx } from "#db/client";
import { organisationMembership, pendingSignup, roleGrant, securityEvent, session, user, volunteerProfile } from "#db/schema";
import type { Ctx } from "../context.server";
import { randomToken, sha256 } from "../keyring.server";
import { isElevated, requireActor, type Actor } from "../permissions";
import { hasSecondFactorSql } from "./factors.server";

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

/** The columns of `actorOf`: the user row `u` with its grants, memberships and whether it volunteers. */
const actorColumns = sql`u.id AS user_id, u.name, u.email, u.locale, u.time_zone, u.neighbourhood_id,
  (SELECT json_group_array(json_array(g.role, g.neighbourhood_id)) FROM ${roleGrant} AS g WHERE g.user_id = u.id) AS grants,
  (SELECT json_group_array(json_array(m.organisation_id, m.role)) FROM ${organisationMembership} AS m WHERE m.user_id = u.id) AS memberships,
  EXISTS (SELECT 1 FROM ${volunteerProfile} AS p WHERE p.user_id = u.id) AS is_volunteer`;

interface ActorRow {
  user_id: number;
  name: string;
  email: string;
  locale: Actor["locale"];
  time_zone: string;
  neighbourhood_id: number;
  grants: string;
  memberships: string;
  is_volunteer: number;
}

function actorOf(row: ActorRow): Actor {
  const grants = JSON.parse(row.grants) as ["coordinator" | "admin", number | null][];
  const memberships = JSON.parse(row.memberships) as [number, Actor["memberships"][number]["role"]][];
  return {
    userId: row.user_id,
    name: row.name,
    email: row.email,
    locale: row.locale,
    timeZone: row.time_zone,
    neighbourhoodId: row.neighbourhood_id,
    isAdmin: grants.some(([role]) => role === "admin"),
    isVolunteer: !!row.is_volunteer,
    coordinatorOf: grants.flatMap(([role, neighbourhoodId]) => (role === "coordinator" && neighbourhoodId ? [neighbourhoodId] : [])),
    memberships: memberships.map(([organisationId, role]) => ({ organisationId, role })),
  };
}

/** A person as an actor (their grants, memberships and whether they volunteer), in one statement; null when unknown. */
export async function loadActor(db: Queryable, userId: number): Promise<Actor | null> {
  const [row] = await db.all<ActorRow>(sql`SELECT ${actorColumns} FROM ${user} AS u WHERE u.id = ${userId}`);
  return row ? actorOf(row) : null;
}

interface SessionRow extends Omit<ActorRow, "user_id"> {
  user_id: number | null;
  created_at: number;
  last_seen_at: number;
  second_factor_at: number | null;
  enrolled: number | null;
}

/**
 * Resolves a raw session id to the acting person, or null when the session is unknown, idle
 * too long or past its absolute lifetime (an expired session is deleted). Every signed-in request
 * starts here, so the session, its person and whether they have a second factor (a passkey or a
 * confirmed authenticator app; asked only while this session has not proved one) are one statement.
 */
export async function resolveSession(ctx: Ctx, rawId: string): Promise<Actor | null> {
  const idHash = sha256(rawId);
  const [row] = await ctx.database.db.all<SessionRow>(sql`
    SELECT s.created_at, s.last_seen_at, s.second_factor_at, ${actorColumns},
      CASE WHEN s.second_factor_at IS NULL THEN ${hasSecondFactorSql(sql`u.id`)} END AS enrolled
    FROM ${session} AS s
    LEFT JOIN ${user} AS u ON u.id = s.user_id
    WHERE s.id_hash = ${idHash}`);
  if (!row) return null;
  const full = row.user_id === null ? null : actorOf({ ...row, user_id: row.user_id });
  const secondFactorAt = row.second_factor_at;
  const actor = full && withSecondFactor(full, { secondFactorAt }, !!row.enrolled);
  const now = ctx.now();
  const limits = full && isElevated(full) ? SESSION_LIMITS.elevated : SESSION_LIMITS.resident;
  if (!actor || now - row.last_seen_at > limits.idle || now - row.created_at > limits.absolute) {
    await ctx.database.write((tx) => tx.delete(session).where(eq(session.idHash, idHash)));
    return null;
  }
  if (now - row.last_seen_at > TOUCH_INTERVAL) {
    const userId = full.userId;
    await ctx.database.write(async (tx) => {
      await tx.update(session).set({ lastSeenAt: now }).where(eq(session.idHash, idHash));
      await markActive(tx, userId, now);
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
