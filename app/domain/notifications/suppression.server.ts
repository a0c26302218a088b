import { eq, inArray } from "drizzle-orm";
import type { Queryable } from "#db/client";
import { emailSuppression, user } from "#db/schema";

// Addresses that bounced or complained (filled by the Resend webhook). Kept free of other domain
// imports so any list of people can mark "may miss reminders" without import cycles.

/** Addresses are stored and compared lower-cased (user.email is stored that way too). */
export const normaliseAddress = (address: string) => address.trim().toLowerCase();

export type SuppressionReason = (typeof emailSuppression.$inferSelect)["reason"];

/** Why mail to this address is suppressed (bounce or complaint), or null. Addresses compare lower-cased. */
export async function suppressionOf(db: Queryable, address: string): Promise<SuppressionReason | null> {
  const [row] = await db
    .select({ reason: emailSuppression.reason })
    .from(emailSuppression)
    .where(eq(emailSuppression.address, normaliseAddress(address)));
  return row?.reason ?? null;
}

/**
 * The people among `userIds` whose address is suppressed: coordinators see them marked "may miss
 * reminders". One query for a whole list.
 */
export async function suppressedUserIds(db: Queryable, userIds: readonly number[]): Promise<Set<number>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .select({ id: user.id })
    .from(user)
    .innerJoin(emailSuppression, eq(emailSuppression.address, user.email))
    .where(inArray(user.id, [...new Set(userIds)]));
  return new Set(rows.map((r) => r.id));
}
