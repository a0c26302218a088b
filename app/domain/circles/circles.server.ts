import { and, asc, count, eq, inArray, isNull } from "drizzle-orm";
import { careCircle, careRecipient, circleMember } from "#db/schema";
import { getT } from "~/locales/i18n.server";
import type { Ctx } from "../context.server";
import { Validation } from "../errors";
import { fieldErrorsOf } from "../forms";
import { requireActor } from "../permissions";
import type { CircleRole } from "../vocabulary";
import { loadCircleForMember } from "./access.server";
import { startCircleSchema } from "./schemas";

// Starting a care circle and the lists of one's own circles (decision 048). A carer starts a circle
// around one of their people cared for (or a new one), or someone starts it for themselves; the
// starter is its lead. There is one circle per person cared for (a unique index, answered as a
// field error).

const E = "circles.errors";

/** The first word of a display name: what "for myself" calls the person cared for. */
const firstNameOf = (name: string) => name.trim().split(/\s+/)[0] ?? name.trim();

/** The people cared for a carer may start a circle for, and whether each has one already. */
export async function startCircleOptions({ ctx }: { ctx: Ctx }) {
  const actor = requireActor(ctx.actor);
  const rows = await ctx.database.db
    .select({ id: careRecipient.id, firstName: careRecipient.firstName, circleId: careCircle.id })
    .from(careRecipient)
    .leftJoin(careCircle, eq(careCircle.careRecipientId, careRecipient.id))
    .where(eq(careRecipient.carerId, actor.userId))
    .orderBy(asc(careRecipient.firstName), asc(careRecipient.id));
  return {
    careRecipients: rows.map((r) => ({ id: r.id, firstName: r.firstName, hasCircle: r.circleId !== null })),
    ownFirstName: firstNameOf(actor.name),
  };
}

/**
 * Starts a circle; the actor becomes its lead. The person cared for is one of the actor's own
 * (care_recipient.carer_id = actor), a new one (first name; the actor's neighbourhood), or the
 * actor themselves ("self": a care_recipient with themselves as carer and their own first name,
 * reused when it exists). The name defaults to "Kring rond <first name>".
 */
export async function startCircle({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { careRecipient: string; firstName?: string; name?: string };
}): Promise<{ id: number }> {
  const actor = requireActor(ctx.actor);
  const parsed = startCircleSchema.safeParse(input);
  if (!parsed.success) throw new Validation(fieldErrorsOf(parsed.error));
  const { careRecipient: choice, firstName, name } = parsed.data;
  const now = ctx.now();

  return ctx.database.write(async (tx) => {
    let recipient: { id: number; firstName: string; neighbourhoodId: number } | undefined;
    const columns = { id: true, firstName: true, neighbourhoodId: true } as const;
    if (choice === "new" || choice === "self") {
      const ownName = choice === "self" ? firstNameOf(actor.name) : firstName!;
      if (choice === "self")
        recipient = await tx.query.careRecipient.findFirst({
          where: and(eq(careRecipient.carerId, actor.userId), eq(careRecipient.firstName, ownName)),
          columns,
          orderBy: asc(careRecipient.id),
        });
      recipient ??= (
        await tx
          .insert(careRecipient)
          .values({ carerId: actor.userId, firstName: ownName, neighbourhoodId: actor.neighbourhoodId, createdAt: now })
          .returning({ id: careRecipient.id, firstName: careRecipient.firstName, neighbourhoodId: careRecipient.neighbourhoodId })
      )[0];
    } else {
      recipient = await tx.query.careRecipient.findFirst({
        where: and(eq(careRecipient.id, Number(choice)), eq(careRecipient.carerId, actor.userId)),
        columns,
      });
      if (!recipient) throw new Validation({ careRecipient: [`${E}.careRecipientRequired`] });
    }
    const circleName = name || getT(ctx.locale)("circles.start.defaultName", { name: recipient!.firstName });
    // One circle per person cared for: the unique index decides, in the same statement.
    const [circle] = await tx
      .insert(careCircle)
      .values({
        careRecipientId: recipient!.id,
        name: circleName.slice(0, 80),
        neighbourhoodId: recipient!.neighbourhoodId,
        timeZone: actor.timeZone,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: careCircle.id });
    if (!circle) throw new Validation({ careRecipient: [`${E}.alreadyHasCircle`] });
    await tx.insert(circleMember).values({ circleId: circle.id, userId: actor.userId, role: "lead", joinedAt: now });
    return circle;
  });
}

export interface MyCircle {
  id: number;
  name: string;
  role: CircleRole;
  members: number;
}

/** The circles the actor is a current member of, with their role and how many members each has. */
export async function listMyCircles({ ctx }: { ctx: Ctx }): Promise<MyCircle[]> {
  const actor = requireActor(ctx.actor);
  const mine = await ctx.database.db
    .select({ id: careCircle.id, name: careCircle.name, role: circleMember.role })
    .from(circleMember)
    .innerJoin(careCircle, eq(careCircle.id, circleMember.circleId))
    .where(and(eq(circleMember.userId, actor.userId), isNull(circleMember.leftAt)))
    .orderBy(asc(careCircle.name), asc(careCircle.id));
  if (mine.length === 0) return [];
  const counts = await ctx.database.db
    .select({ circleId: circleMember.circleId, n: count() })
    .from(circleMember)
    .where(
      and(
        isNull(circleMember.leftAt),
        inArray(
          circleMember.circleId,
          mine.map((c) => c.id),
        ),
      ),
    )
    .groupBy(circleMember.circleId);
  const byCircle = new Map(counts.map((c) => [c.circleId, c.n]));
  return mine.map((c) => ({ ...c, members: byCircle.get(c.id) ?? 1 }));
}

/** What every circle page shows at the top: the name and the actor's role (NotFound unless a member). */
export async function getCircleSummary({ ctx, input }: { ctx: Ctx; input: { circleId: number } }) {
  const access = await loadCircleForMember(ctx, input.circleId);
  return {
    id: access.circle.id,
    name: access.circle.name,
    role: access.member.role,
    leads: access.leads,
    mayPost: access.mayPost,
    membersMayPost: access.circle.membersMayPost,
  };
}
