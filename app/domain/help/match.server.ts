import { and, eq, gt, inArray, ne, sql } from "drizzle-orm";
import type { Tx } from "#db/client";
import type { HelpRequestStatus } from "~/domain/vocabulary";
import { helpInvite, helpRequest, helpRequestEvent, helpSession, user } from "#db/schema";
import type { EmailProps } from "#emails/registry";
import type { Ctx } from "../context.server";
import { Conflict, NotFound } from "../errors";
import { nextStatus, type HelpRequestEvent } from "./states";
import { enqueueEmail } from "../notifications/outbox.server";
import { syncHelpSessionReminders } from "../notifications/reminders.server";

// The core every help-request verb shares: state changes with their history row, the atomic
// match, and notice mails. Verbs check permissions before calling these.

/**
 * Applies a state-machine event inside the caller's transaction: one conditional UPDATE (the row
 * must still be in the state we read), plus the history row. Refuses invalid transitions with a
 * translation key (Conflict), never a 500.
 */
export async function transitionRequest(
  ctx: Ctx,
  tx: Tx,
  requestId: number,
  event: HelpRequestEvent,
  extra: Partial<typeof helpRequest.$inferInsert> = {},
  note?: string,
): Promise<{ from: HelpRequestStatus; to: HelpRequestStatus }> {
  const current = await tx.query.helpRequest.findFirst({ where: eq(helpRequest.id, requestId), columns: { status: true } });
  if (!current) throw new NotFound();
  const step = nextStatus(current.status, event);
  if (!step.ok) throw new Conflict(step.error);
  const now = ctx.now();
  const updated = await tx
    .update(helpRequest)
    .set({ ...extra, status: step.to, updatedAt: now })
    .where(and(eq(helpRequest.id, requestId), eq(helpRequest.status, current.status)))
    .returning({ id: helpRequest.id });
  if (updated.length === 0) throw new Conflict(`helpRequests.errors.transition.${event}`);
  await tx
    .insert(helpRequestEvent)
    .values({ requestId, fromStatus: current.status, toStatus: step.to, actorId: ctx.actor?.userId ?? null, note, at: now });
  if (current.status === "matched" && step.to !== "matched") {
    // The match ended (withdrawn, cancelled, completed): its pending reminders go in this transaction.
    const sessions = await tx
      .select({ id: helpSession.id })
      .from(helpSession)
      .where(and(eq(helpSession.requestId, requestId), gt(helpSession.startsAt, now)));
    await syncHelpSessionReminders(
      ctx,
      tx,
      sessions.map((s) => s.id),
    );
  }
  return { from: current.status, to: step.to };
}

/** Queues a help notice to a person with an account (no care details; a link to the request). */
export async function notifyHelp(
  ctx: Ctx,
  tx: Tx,
  args: {
    userId: number;
    requestId: number;
    variant: EmailProps<"help-notice">["public"]["variant"];
    key: string;
    /** Where the link goes; default the request page. */ path?: string;
  },
) {
  const [person] = await tx
    .select({ email: user.email, name: user.name, locale: user.locale, timeZone: user.timeZone })
    .from(user)
    .where(eq(user.id, args.userId));
  const [request] = await tx.select({ kind: helpRequest.kind }).from(helpRequest).where(eq(helpRequest.id, args.requestId));
  if (!person || !request) return;
  await enqueueEmail(ctx, tx, {
    template: "help-notice",
    idempotencyKey: `help-${args.variant}/${args.key}`,
    to: person.email,
    locale: person.locale,
    timeZone: person.timeZone,
    props: {
      variant: args.variant,
      name: person.name,
      kind: request.kind,
      url: `${ctx.appUrl}${args.path ?? `/requests/${args.requestId}`}`,
    },
  });
}

export type MatchOutcome = { ok: true } | { ok: false; reason: "filled" | "closed" | "not-invited" };

/**
 * Makes `volunteerId` the helper, atomically: of two volunteers accepting at once exactly one
 * wins, because only one UPDATE can still find the request open or asked. The winner's invite is
 * accepted; everyone else asked or offering is told the request is filled; both sides are told of
 * the match. `requireInvite`: the volunteer must have been asked (acceptance) or have offered
 * (coordinator confirming an offer).
 */
export async function matchVolunteer(
  ctx: Ctx,
  tx: Tx,
  args: { requestId: number; volunteerId: number; requireInvite: "asked" | "offered" },
): Promise<MatchOutcome> {
  const invite = await tx.query.helpInvite.findFirst({
    where: and(eq(helpInvite.requestId, args.requestId), eq(helpInvite.volunteerId, args.volunteerId)),
  });
  if (!invite || invite.status !== args.requireInvite) {
    const request = await tx.query.helpRequest.findFirst({ where: eq(helpRequest.id, args.requestId), columns: { status: true } });
    if (request?.status === "matched" || request?.status === "completed") return { ok: false, reason: "filled" };
    return { ok: false, reason: invite?.status === "filled" ? "filled" : "not-invited" };
  }
  const now = ctx.now();
  const current = await tx.query.helpRequest.findFirst({ where: eq(helpRequest.id, args.requestId) });
  if (!current) throw new NotFound();
  const won = await tx
    .update(helpRequest)
    .set({ status: "matched", matchedVolunteerId: args.volunteerId, matchedAt: now, updatedAt: now, flaggedAt: null, flagReason: null })
    .where(and(eq(helpRequest.id, args.requestId), inArray(helpRequest.status, ["open", "asked"])))
    .returning({ id: helpRequest.id });
  if (won.length === 0) return { ok: false, reason: current.status === "matched" || current.status === "completed" ? "filled" : "closed" };
  await tx
    .insert(helpRequestEvent)
    .values({ requestId: args.requestId, fromStatus: current.status, toStatus: "matched", actorId: ctx.actor?.userId ?? null, at: now });
  await tx.update(helpInvite).set({ status: "accepted", respondedAt: now }).where(eq(helpInvite.id, invite.id));
  const others = await tx
    .update(helpInvite)
    .set({ status: "filled", respondedAt: now })
    .where(and(eq(helpInvite.requestId, args.requestId), ne(helpInvite.id, invite.id), inArray(helpInvite.status, ["asked", "offered"])))
    .returning({ volunteerId: helpInvite.volunteerId, id: helpInvite.id });
  for (const other of others)
    await notifyHelp(ctx, tx, { userId: other.volunteerId, requestId: args.requestId, variant: "filled", key: `${other.id}` });
  await notifyHelp(ctx, tx, {
    userId: args.volunteerId,
    requestId: args.requestId,
    variant: "matched",
    key: `${args.requestId}/volunteer`,
  });
  if (current.requesterId)
    await notifyHelp(ctx, tx, {
      userId: current.requesterId,
      requestId: args.requestId,
      variant: "matched",
      key: `${args.requestId}/requester`,
    });
  return { ok: true };
}

/** How many invites are still waiting for an answer (to move "asked" back to "open" when none are). */
export async function pendingInvites(tx: Tx, requestId: number): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)` })
    .from(helpInvite)
    .where(and(eq(helpInvite.requestId, requestId), eq(helpInvite.status, "asked")));
  return Number(row?.n ?? 0);
}
