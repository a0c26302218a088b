import { and, desc, eq, isNull, lt, ne } from "drizzle-orm";
import { circleMember, circleUpdate, user } from "#db/schema";
import type { Ctx } from "../context.server";
import { NotFound, Validation } from "../errors";
import { fieldErrorsOf } from "../forms";
import { enqueueEmail } from "../notifications/outbox.server";
import { requireActor } from "../permissions";
import { formatDateTime } from "../time";
import { loadCircleForMember, logCircleCareRead } from "./access.server";
import { circleUpdateSchema, UPDATES_PAGE_SIZE } from "./updates";

// The circle's updates board (decision 048): news about the care for the members. Leads post;
// members too when the circle allows it. Care details: members only, every read of someone
// else's post logged, and the mail says "news in your circle" with a link, never the text.

/**
 * The board for a member: a page of updates, newest first (`before`: the id the previous page
 * ended at). Logs the read when it shows posts by others.
 */
export async function listCircleUpdates({ ctx, input }: { ctx: Ctx; input: { circleId: number; before?: number | null } }) {
  const actor = requireActor(ctx.actor);
  const access = await loadCircleForMember(ctx, input.circleId);
  const before = input.before && Number.isSafeInteger(input.before) && input.before > 0 ? input.before : null;
  const rows = await ctx.database.db
    .select({
      id: circleUpdate.id,
      authorId: circleUpdate.authorId,
      authorName: user.name,
      body: circleUpdate.body,
      createdAt: circleUpdate.createdAt,
    })
    .from(circleUpdate)
    .leftJoin(user, eq(user.id, circleUpdate.authorId))
    .where(and(eq(circleUpdate.circleId, access.circle.id), before ? lt(circleUpdate.id, before) : undefined))
    .orderBy(desc(circleUpdate.id))
    .limit(UPDATES_PAGE_SIZE + 1);
  const shown = rows.slice(0, UPDATES_PAGE_SIZE);
  if (shown.some((u) => u.authorId !== actor.userId)) await logCircleCareRead(ctx, access.circle.id, ["updates"]);
  return {
    circle: { id: access.circle.id, name: access.circle.name },
    mayPost: access.mayPost,
    isNewest: before === null,
    olderBefore: rows.length > UPDATES_PAGE_SIZE ? (shown.at(-1)?.id ?? null) : null,
    updates: shown.map((u) => ({
      id: u.id,
      /** Null for an erased author: the page shows a neutral label. */
      author: u.authorId === null ? null : (u.authorName ?? null),
      mine: u.authorId === actor.userId,
      body: u.body,
      at: formatDateTime(u.createdAt, actor.timeZone, actor.locale),
      iso: new Date(u.createdAt).toISOString(),
    })),
  };
}

/**
 * Posts an update (1–4000 characters) and mails the other current members "news in your circle"
 * with a link only; the optional "circle-update" kind is checked at send time.
 */
export async function postCircleUpdate({ ctx, input }: { ctx: Ctx; input: { circleId: number; body: unknown } }) {
  const actor = requireActor(ctx.actor);
  // Membership first: someone outside the circle learns nothing from the form's answer.
  await loadCircleForMember(ctx, input.circleId);
  const parsed = circleUpdateSchema.safeParse({ body: input.body });
  if (!parsed.success) throw new Validation(fieldErrorsOf(parsed.error));
  return ctx.database.write(async (tx) => {
    const access = await loadCircleForMember(ctx, input.circleId, tx);
    if (!access.mayPost) throw new Validation({ form: ["conversations.errors.mayNotPost"] });
    const [row] = await tx
      .insert(circleUpdate)
      .values({ circleId: access.circle.id, authorId: actor.userId, body: parsed.data.body, createdAt: ctx.now() })
      .returning({ id: circleUpdate.id });
    const members = await tx
      .select({ id: user.id, name: user.name, email: user.email, locale: user.locale, timeZone: user.timeZone })
      .from(circleMember)
      .innerJoin(user, eq(user.id, circleMember.userId))
      .where(and(eq(circleMember.circleId, access.circle.id), isNull(circleMember.leftAt), ne(circleMember.userId, actor.userId)));
    const url = `${ctx.appUrl}/circles/${access.circle.id}/updates`;
    for (const member of members) {
      await enqueueEmail(ctx, tx, {
        template: "circle-update",
        idempotencyKey: `circle-update/${row!.id}/${member.id}`,
        to: member.email,
        userId: member.id,
        locale: member.locale,
        timeZone: member.timeZone,
        props: { name: member.name, url },
      });
    }
    return { id: row!.id };
  });
}

/** The author deletes their own update (while still a member); anything else is NotFound. */
export async function deleteCircleUpdate({ ctx, input }: { ctx: Ctx; input: { circleId: number; updateId: number } }) {
  const actor = requireActor(ctx.actor);
  await loadCircleForMember(ctx, input.circleId);
  if (!Number.isSafeInteger(input.updateId) || input.updateId <= 0) throw new NotFound();
  const deleted = await ctx.database.write((tx) =>
    tx
      .delete(circleUpdate)
      .where(and(eq(circleUpdate.id, input.updateId), eq(circleUpdate.circleId, input.circleId), eq(circleUpdate.authorId, actor.userId)))
      .returning({ id: circleUpdate.id }),
  );
  if (deleted.length === 0) throw new NotFound();
}
