import { and, asc, eq, exists, gt, inArray, isNull, ne, notExists, or } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Tx } from "#db/client";
import { careCircle, circleInvitation, circleMember, circleTaskClaim, circleTaskOccurrence, user } from "#db/schema";
import { syncCircleClaimReminders } from "../notifications/reminders.server";
import { maskAddressForDisplay } from "~/domain/accounts/mask-address";
import type { Ctx } from "../context.server";
import { NotFound, Validation } from "../errors";
import { requireActor } from "../permissions";
import type { CircleRole } from "../vocabulary";
import { loadCircleForLead, loadCircleForMember } from "./access.server";
import { circleMemberChangeSchema } from "./schemas";

// The members of a circle (decision 048): who is in it with which role, leaving, removing, roles
// and the circle's settings. A circle always keeps at least one lead: the last lead cannot leave or
// be made co-lead or member while others remain (one conditional statement decides, so two leads
// stepping down at once cannot both succeed). When the last member leaves, the circle is deleted.
// Only the lead makes someone lead, or changes or removes a lead; co-leads manage the others.

const E = "circles.errors";

/** Another current lead of the circle than `userId` exists (for the WHERE of a change). */
function anotherLead(tx: Tx, circleId: number, userId: number) {
  const other = alias(circleMember, "other_lead");
  return exists(
    tx
      .select({ one: other.id })
      .from(other)
      .where(and(eq(other.circleId, circleId), eq(other.role, "lead"), isNull(other.leftAt), ne(other.userId, userId))),
  );
}

/** Nobody else is a current member of the circle. */
function nobodyElse(tx: Tx, circleId: number, userId: number) {
  const other = alias(circleMember, "other_member");
  return notExists(
    tx
      .select({ one: other.id })
      .from(other)
      .where(and(eq(other.circleId, circleId), isNull(other.leftAt), ne(other.userId, userId))),
  );
}

/** The circle's members (names and roles only, never addresses) and, for leads, the open invitations. */
export async function listCircleMembers({ ctx, input }: { ctx: Ctx; input: { circleId: number } }) {
  const access = await loadCircleForMember(ctx, input.circleId);
  const circleId = access.circle.id;
  const members = await ctx.database.db
    .select({ userId: circleMember.userId, name: user.name, role: circleMember.role, joinedAt: circleMember.joinedAt })
    .from(circleMember)
    .innerJoin(user, eq(user.id, circleMember.userId))
    .where(and(eq(circleMember.circleId, circleId), isNull(circleMember.leftAt)))
    .orderBy(asc(user.name), asc(circleMember.id));
  const invitations = access.leads
    ? (
        await ctx.database.db
          .select({
            id: circleInvitation.id,
            email: circleInvitation.email,
            role: circleInvitation.role,
            expiresAt: circleInvitation.expiresAt,
          })
          .from(circleInvitation)
          .where(and(eq(circleInvitation.circleId, circleId), eq(circleInvitation.status, "open")))
          .orderBy(asc(circleInvitation.createdAt), asc(circleInvitation.id))
      )
        .filter((i) => i.expiresAt > ctx.now())
        .map(({ email, ...i }) => ({ ...i, maskedEmail: maskAddressForDisplay(email) }))
    : [];
  return {
    circle: { id: circleId, name: access.circle.name, membersMayPost: access.circle.membersMayPost },
    me: { userId: access.member.userId, role: access.member.role, leads: access.leads },
    members,
    invitations,
  };
}

/** Ends a membership when the last-lead rule allows it; false when it refused. Deletes an empty circle. */
async function endMembership(
  tx: Tx,
  circleId: number,
  userId: number,
  change: { leftAt: number; leftReason: "left" | "removed"; removedById: number | null },
) {
  const ended = await tx
    .update(circleMember)
    .set(change)
    .where(
      and(
        eq(circleMember.circleId, circleId),
        eq(circleMember.userId, userId),
        isNull(circleMember.leftAt),
        or(ne(circleMember.role, "lead"), anotherLead(tx, circleId, userId), nobodyElse(tx, circleId, userId)),
      ),
    )
    .returning({ id: circleMember.id });
  if (ended.length === 0) return false;
  // The last member went: the circle goes with everything in it (one conditional statement).
  const members = alias(circleMember, "remaining");
  await tx.delete(careCircle).where(
    and(
      eq(careCircle.id, circleId),
      notExists(
        tx
          .select({ one: members.id })
          .from(members)
          .where(and(eq(members.circleId, circleId), isNull(members.leftAt))),
      ),
    ),
  );
  return true;
}

/**
 * Someone who leaves (or is removed) gives back their places in the circle's tasks still to come,
 * so those show as open again and their reminders stop; past places stay in the circle's history.
 */
async function releaseFuturePlaces(ctx: Ctx, tx: Tx, circleId: number, userId: number) {
  const now = ctx.now();
  const released = await tx
    .update(circleTaskClaim)
    .set({ releasedAt: now })
    .where(
      and(
        eq(circleTaskClaim.userId, userId),
        isNull(circleTaskClaim.releasedAt),
        inArray(
          circleTaskClaim.occurrenceId,
          tx
            .select({ id: circleTaskOccurrence.id })
            .from(circleTaskOccurrence)
            .where(and(eq(circleTaskOccurrence.circleId, circleId), gt(circleTaskOccurrence.startsAt, now))),
        ),
      ),
    )
    .returning({ id: circleTaskClaim.id });
  await syncCircleClaimReminders(
    ctx,
    tx,
    released.map((r) => r.id),
  );
}

/**
 * The actor leaves the circle. The last lead cannot while others remain (they make someone else
 * lead first); the last member leaving deletes the circle. Returns whether the circle is gone.
 */
export async function leaveCircle({ ctx, input }: { ctx: Ctx; input: { circleId: number } }): Promise<{ circleDeleted: boolean }> {
  const actor = requireActor(ctx.actor);
  return ctx.database.write(async (tx) => {
    const access = await loadCircleForMember(ctx, input.circleId, tx);
    const left = await endMembership(tx, access.circle.id, actor.userId, { leftAt: ctx.now(), leftReason: "left", removedById: null });
    if (!left) throw new Validation({ form: [`${E}.lastLeadLeave`] });
    await releaseFuturePlaces(ctx, tx, access.circle.id, actor.userId);
    const still = await tx.query.careCircle.findFirst({ where: eq(careCircle.id, access.circle.id), columns: { id: true } });
    return { circleDeleted: !still };
  });
}

/** The current membership of `userId` in the circle; NotFound when they are not a member. */
async function targetMember(tx: Tx, circleId: number, userId: number) {
  const target = await tx.query.circleMember.findFirst({
    where: and(eq(circleMember.circleId, circleId), eq(circleMember.userId, userId), isNull(circleMember.leftAt)),
    columns: { role: true },
  });
  if (!target) throw new NotFound();
  return target;
}

/** A lead (or co-lead) removes another member. Only the lead removes a lead. */
export async function removeCircleMember({ ctx, input }: { ctx: Ctx; input: { circleId: number; userId: number } }) {
  const actor = requireActor(ctx.actor);
  await ctx.database.write(async (tx) => {
    const access = await loadCircleForLead(ctx, input.circleId, tx);
    if (input.userId === actor.userId) throw new Validation({ form: [`${E}.removeSelf`] });
    const target = await targetMember(tx, access.circle.id, input.userId);
    if (target.role === "lead" && access.member.role !== "lead") throw new Validation({ form: [`${E}.onlyLeadChangesLead`] });
    const removed = await endMembership(tx, access.circle.id, input.userId, {
      leftAt: ctx.now(),
      leftReason: "removed",
      removedById: actor.userId,
    });
    if (!removed) throw new NotFound();
    await releaseFuturePlaces(ctx, tx, access.circle.id, input.userId);
  });
}

/**
 * Changes a member's role (lead, co-lead, member). Only the lead gives or takes the lead role.
 * The last lead cannot be made co-lead or member: the condition is part of the UPDATE.
 */
export async function changeCircleMemberRole({ ctx, input }: { ctx: Ctx; input: { circleId: number; userId: number; role: CircleRole } }) {
  const parsed = circleMemberChangeSchema.safeParse(input);
  if (!parsed.success || !parsed.data.role) throw new Validation({ form: [`${E}.roleRequired`] });
  const role = parsed.data.role;
  await ctx.database.write(async (tx) => {
    const access = await loadCircleForLead(ctx, input.circleId, tx);
    const target = await targetMember(tx, access.circle.id, input.userId);
    if ((target.role === "lead" || role === "lead") && access.member.role !== "lead")
      throw new Validation({ form: [`${E}.onlyLeadChangesLead`] });
    const changed = await tx
      .update(circleMember)
      .set({ role })
      .where(
        and(
          eq(circleMember.circleId, access.circle.id),
          eq(circleMember.userId, input.userId),
          isNull(circleMember.leftAt),
          role === "lead" ? undefined : or(ne(circleMember.role, "lead"), anotherLead(tx, access.circle.id, input.userId)),
        ),
      )
      .returning({ id: circleMember.id });
    if (changed.length === 0) throw new Validation({ form: [`${E}.lastLeadDemote`] });
  });
}

/** Whether members (not only leads) may post updates: a lead's setting. */
export async function setMembersMayPost({ ctx, input }: { ctx: Ctx; input: { circleId: number; membersMayPost: boolean } }) {
  await ctx.database.write(async (tx) => {
    const access = await loadCircleForLead(ctx, input.circleId, tx);
    await tx
      .update(careCircle)
      .set({ membersMayPost: input.membersMayPost, updatedAt: ctx.now() })
      .where(eq(careCircle.id, access.circle.id));
  });
}
