import { and, eq, isNull } from "drizzle-orm";
import type { Tx } from "#db/client";
import { careCircle, circleAccessLog, circleMember } from "#db/schema";
import type { Ctx } from "../context.server";
import { NotFound } from "../errors";
import { requireActor } from "../permissions";
import type { CircleRole } from "../vocabulary";

// Who may see and do what in a care circle (decision 048). Visibility is membership, checked here
// on the specific circle, the same on every path (page, `.data`, feed, email, export): anyone who
// is not a current member — former members, invitees, other carers, helpers, coordinators, admins —
// gets NotFound, the same answer as for a circle that does not exist.

export interface CircleAccess {
  circle: {
    id: number;
    name: string;
    careRecipientId: number;
    neighbourhoodId: number;
    timeZone: string;
    membersMayPost: boolean;
  };
  /** The actor's own membership. */
  member: { id: number; userId: number; role: CircleRole };
  /** Lead or co-lead: may invite, remove, assign, change settings and hand off. */
  leads: boolean;
  /** May post on the updates board. */
  mayPost: boolean;
}

/** The rules on a membership, pure (the verbs and the pages use the same ones). */
export const circleRules = {
  leads: (role: CircleRole) => role === "lead" || role === "co-lead",
  mayPost: (role: CircleRole, membersMayPost: boolean) => role === "lead" || role === "co-lead" || membersMayPost,
};

/**
 * The circle and the actor's membership; NotFound unless the actor is a current member.
 * A visitor gets Unauthenticated (the route sends them to sign in).
 */
export async function loadCircleForMember(ctx: Ctx, circleId: number, tx?: Tx): Promise<CircleAccess> {
  const actor = requireActor(ctx.actor);
  if (!Number.isSafeInteger(circleId) || circleId <= 0) throw new NotFound();
  const db = tx ?? ctx.database.db;
  const [row] = await db
    .select({
      circle: {
        id: careCircle.id,
        name: careCircle.name,
        careRecipientId: careCircle.careRecipientId,
        neighbourhoodId: careCircle.neighbourhoodId,
        timeZone: careCircle.timeZone,
        membersMayPost: careCircle.membersMayPost,
      },
      member: { id: circleMember.id, userId: circleMember.userId, role: circleMember.role },
    })
    .from(careCircle)
    .innerJoin(
      circleMember,
      and(eq(circleMember.circleId, careCircle.id), eq(circleMember.userId, actor.userId), isNull(circleMember.leftAt)),
    )
    .where(eq(careCircle.id, circleId));
  if (!row) throw new NotFound();
  return {
    ...row,
    leads: circleRules.leads(row.member.role),
    mayPost: circleRules.mayPost(row.member.role, row.circle.membersMayPost),
  };
}

/** As `loadCircleForMember`, and NotFound unless the actor leads the circle (lead or co-lead). */
export async function loadCircleForLead(ctx: Ctx, circleId: number, tx?: Tx): Promise<CircleAccess> {
  const access = await loadCircleForMember(ctx, circleId, tx);
  if (!access.leads) throw new NotFound();
  return access;
}

/** What of a circle's care details a page showed: written to the circle access log. */
export type CircleCareField = "task-notes" | "updates" | "messages";

/**
 * Logs that the actor was shown care details of the circle (task notes, updates, messages written
 * by others). One row per page view that shows them; nothing when `fields` is empty.
 */
export async function logCircleCareRead(ctx: Ctx, circleId: number, fields: readonly CircleCareField[]): Promise<void> {
  if (fields.length === 0 || !ctx.actor) return;
  const viewerId = ctx.actor.userId;
  await ctx.database.write((tx) =>
    tx
      .insert(circleAccessLog)
      .values({ circleId, viewerId, fields: [...new Set(fields)], at: ctx.now() })
      .then(() => undefined),
  );
}
