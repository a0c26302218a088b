import { and, eq, isNotNull, isNull, lte, notInArray, sql } from "drizzle-orm";
import { activitySession, helpRequest, organisation, organisationMembership, roleGrant, signup, user } from "#db/schema";
import { eraseAccount } from "../accounts/erase.server";
import { enqueueEmail } from "../notifications/outbox.server";
import { localDateOf } from "../scheduling/local-time";
import { periodAfter, periodBefore } from "../scheduling/periods";
import { retentionEntry } from "./retention";
import type { RetentionStep } from "./retention.server";

// Accounts nobody uses any more (decision 034): a warning by email at the `inactiveWarning` period
// since the person was last active, erasure at the `inactiveErasure` period when they did not come
// back and the warning is at least its `notice` old. Signing in or using a session clears the
// warning (accounts/sessions.server.ts keeps user.last_active_at fresh).

/** Accounts with a role are the municipality's to manage (they hand over first): never warned or erased here. */
const noRole = notInArray(user.id, sql`(SELECT ${roleGrant.userId} FROM ${roleGrant})`);
const lastActive = sql<number>`coalesce(${user.lastActiveAt}, ${user.createdAt})`;
const BATCH = 100;

/** Warns every account inactive for the period: the mail and `inactivity_warned_at` in one transaction. */
export async function warnInactiveAccounts({ ctx, table, now, cutoff }: RetentionStep): Promise<number> {
  const erasure = retentionEntry("inactiveErasure", table);
  let warned = 0;
  for (;;) {
    const people = await ctx.database.db
      .select({ id: user.id, email: user.email, name: user.name, locale: user.locale, timeZone: user.timeZone, lastActive })
      .from(user)
      .where(and(lte(lastActive, cutoff), isNull(user.inactivityWarnedAt), noRole))
      .limit(BATCH);
    for (const person of people) {
      // Erased on this date at the earliest: the erasure period, and never before the notice has passed.
      const erasedFrom = Math.max(
        periodAfter(person.lastActive, erasure.period ?? {}, ctx.defaultTimeZone),
        periodAfter(now, erasure.notice ?? {}, ctx.defaultTimeZone),
      );
      await ctx.database.write(async (tx) => {
        const marked = await tx
          .update(user)
          .set({ inactivityWarnedAt: now })
          .where(and(eq(user.id, person.id), isNull(user.inactivityWarnedAt)))
          .returning({ id: user.id });
        if (marked.length === 0) return;
        await enqueueEmail(ctx, tx, {
          template: "account-inactive",
          idempotencyKey: `account-inactive/${person.id}/${now}`,
          to: person.email,
          userId: person.id,
          locale: person.locale,
          timeZone: person.timeZone,
          props: { name: person.name, eraseFrom: localDateOf(erasedFrom, person.timeZone), url: new URL("/login", ctx.appUrl).href },
        });
        warned += 1;
      });
    }
    if (people.length < BATCH) return warned;
  }
}

/**
 * Erases every account inactive for the period whose warning is at least the notice old, one
 * account per transaction (eraseAccount). Left until it ends: someone whose help request still
 * runs or who is matched to one, who has a sign-up for a session still to come, or who is an admin
 * of an organisation that is not archived (the organisation hands over first; decision 034).
 */
export async function eraseInactiveAccounts({ ctx, entry, now, cutoff }: RetentionStep): Promise<number> {
  const warnedBefore = periodBefore(now, entry.notice ?? {}, ctx.defaultTimeZone);
  const running = sql`(SELECT ${helpRequest.requesterId} FROM ${helpRequest}
      WHERE ${helpRequest.status} IN ('submitted', 'open', 'asked', 'matched') AND ${helpRequest.requesterId} IS NOT NULL
    UNION SELECT ${helpRequest.matchedVolunteerId} FROM ${helpRequest}
      WHERE ${helpRequest.status} = 'matched' AND ${helpRequest.matchedVolunteerId} IS NOT NULL
    UNION SELECT ${signup.userId} FROM ${signup} JOIN ${activitySession} ON ${activitySession.id} = ${signup.sessionId}
      WHERE ${signup.status} <> 'cancelled' AND ${activitySession.startsAt} > ${now} AND ${signup.userId} IS NOT NULL
    UNION SELECT ${organisationMembership.userId} FROM ${organisationMembership} JOIN ${organisation} ON ${organisation.id} = ${organisationMembership.organisationId}
      WHERE ${organisationMembership.role} = 'admin' AND ${organisation.archivedAt} IS NULL)`;
  const candidates = await ctx.database.db
    .select({ id: user.id })
    .from(user)
    .where(
      and(
        lte(lastActive, cutoff),
        isNotNull(user.inactivityWarnedAt),
        lte(user.inactivityWarnedAt, warnedBefore),
        noRole,
        notInArray(user.id, running),
      ),
    );
  let erased = 0;
  for (const { id } of candidates) {
    // Checked again just before: a sign-in since the list was made clears the warning.
    const still = await ctx.database.db
      .select({ id: user.id })
      .from(user)
      .where(and(eq(user.id, id), isNotNull(user.inactivityWarnedAt), lte(lastActive, cutoff)));
    if (still.length === 0) continue;
    if (await eraseAccount(ctx.database, ctx.keys, id, now)) erased += 1;
  }
  return erased;
}
