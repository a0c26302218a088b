import { and, asc, eq, inArray } from "drizzle-orm";
import { helpInvite, helpRequest, helpRequestWindow, neighbourhood, roleGrant } from "#db/schema";
import type { Ctx } from "../context.server";
import { Conflict, NotFound } from "../errors";
import { requireActor } from "../permissions";
import { formatTimeRange } from "../time";
import { matchVolunteer, notifyHelp, pendingInvites, transitionRequest } from "./match.server";
import { E, openRequestRule, refusal, VISIBLE_TO_VOLUNTEERS } from "./request-rules.server";

// A volunteer and a request: answering an invite (accept, decline), the open requests near them
// and offering help on one of them.

// ── Answering an invite ──────────────────────────────────────────────────────────────────────

/**
 * An asked volunteer accepts: the first acceptance wins atomically (matchVolunteer). A request
 * that was just filled, withdrawn or is no longer theirs gives a Conflict with a clear message.
 */
export async function acceptInvite({ ctx, input }: { ctx: Ctx; input: { id: number } }) {
  const actor = requireActor(ctx.actor);
  await ctx.database.write(async (tx) => {
    const row = await tx.query.helpRequest.findFirst({
      where: eq(helpRequest.id, input.id),
      columns: { status: true, matchedVolunteerId: true },
    });
    if (!row) throw new NotFound();
    const invite = await tx.query.helpInvite.findFirst({
      where: and(eq(helpInvite.requestId, input.id), eq(helpInvite.volunteerId, actor.userId)),
    });
    // Never asked: nothing to accept, and no word on whether the request exists.
    if (!invite) throw new NotFound();
    if (row.status === "matched" && row.matchedVolunteerId === actor.userId) return;
    if (!VISIBLE_TO_VOLUNTEERS.includes(row.status)) refusal(row.status);
    const outcome = await matchVolunteer(ctx, tx, { requestId: input.id, volunteerId: actor.userId, requireInvite: "asked" });
    if (!outcome.ok)
      throw new Conflict(outcome.reason === "filled" ? `${E}.filled` : outcome.reason === "closed" ? `${E}.closed` : `${E}.notInvited`);
  });
}

/** An asked volunteer declines (optional reason); when no one is left to answer, the request goes back to open. */
export async function declineInvite({ ctx, input }: { ctx: Ctx; input: { id: number; reason?: string | undefined } }) {
  const actor = requireActor(ctx.actor);
  await ctx.database.write(async (tx) => {
    const declined = await tx
      .update(helpInvite)
      .set({ status: "declined", reason: input.reason || null, respondedAt: ctx.now() })
      .where(and(eq(helpInvite.requestId, input.id), eq(helpInvite.volunteerId, actor.userId), eq(helpInvite.status, "asked")))
      .returning({ id: helpInvite.id });
    if (declined.length === 0) {
      const row = await tx.query.helpRequest.findFirst({ where: eq(helpRequest.id, input.id), columns: { status: true } });
      const invite = await tx.query.helpInvite.findFirst({
        where: and(eq(helpInvite.requestId, input.id), eq(helpInvite.volunteerId, actor.userId)),
        columns: { id: true },
      });
      if (!row || !invite) throw new NotFound();
      if (!VISIBLE_TO_VOLUNTEERS.includes(row.status)) refusal(row.status);
      throw new Conflict(`${E}.notInvited`);
    }
    const row = await tx.query.helpRequest.findFirst({ where: eq(helpRequest.id, input.id), columns: { status: true } });
    if (row?.status === "asked" && (await pendingInvites(tx, input.id)) === 0) await transitionRequest(ctx, tx, input.id, "all-declined");
  });
}

// ── Open requests near me ────────────────────────────────────────────────────────────────────

// ── Open requests near me ────────────────────────────────────────────────────────────────────

/** The requests the volunteer could be asked for (`openRequestRule`), with only what any volunteer may read. */
export async function listOpenRequestsNearMe({ ctx }: { ctx: Ctx }) {
  const actor = requireActor(ctx.actor);
  const db = ctx.database.db;
  const now = ctx.now();
  const rule = await openRequestRule(db, actor, now);
  if (!rule) return { isVolunteer: false as const, paused: false, requests: [] };
  const all = await db
    .select({ id: helpRequest.id, kind: helpRequest.kind, publicText: helpRequest.publicText, neighbourhood: neighbourhood.name })
    .from(helpRequest)
    .innerJoin(neighbourhood, eq(neighbourhood.id, helpRequest.neighbourhoodId))
    .where(rule.where)
    .orderBy(asc(helpRequest.createdAt), asc(helpRequest.id))
    .limit(200);
  const ids = all.map((r) => r.id);
  const [windows, invites] = ids.length
    ? await Promise.all([
        db.select().from(helpRequestWindow).where(inArray(helpRequestWindow.requestId, ids)).orderBy(asc(helpRequestWindow.startsAt)),
        db
          .select({ requestId: helpInvite.requestId, status: helpInvite.status })
          .from(helpInvite)
          .where(and(inArray(helpInvite.requestId, ids), eq(helpInvite.volunteerId, actor.userId))),
      ])
    : [[], []];
  return {
    isVolunteer: true as const,
    paused: rule.paused,
    requests: all.map((r) => ({
      id: r.id,
      kind: r.kind,
      neighbourhood: r.neighbourhood,
      publicText: r.publicText,
      windows: windows
        .filter((w) => w.requestId === r.id && w.endsAt > now)
        .map((w) => formatTimeRange(w.startsAt, w.endsAt, actor.timeZone, actor.locale)),
      invite: invites.find((i) => i.requestId === r.id)?.status ?? null,
    })),
  };
}

/**
 * "I can help": a volunteer offers help on a request they could be asked for (the open-requests
 * rule; any other request is "not found", as if it did not exist). Creates an "offered" invite
 * and tells the coordinators of the neighbourhood, who confirm it on their triage page.
 */
export async function offerHelp({ ctx, input }: { ctx: Ctx; input: { id: number } }) {
  const actor = requireActor(ctx.actor);
  const db = ctx.database.db;
  const rule = await openRequestRule(db, actor, ctx.now());
  if (!rule) throw new Conflict(`${E}.notVolunteer`);
  const [row] = await db
    .select()
    .from(helpRequest)
    .where(and(eq(helpRequest.id, input.id), rule.where));
  if (!row) throw new NotFound();
  await ctx.database.write(async (tx) => {
    const [invite] = await tx
      .insert(helpInvite)
      .values({ requestId: row.id, volunteerId: actor.userId, status: "offered", createdAt: ctx.now() })
      .onConflictDoNothing()
      .returning({ id: helpInvite.id });
    if (!invite) throw new Conflict(`${E}.alreadyOffered`);
    // The status may have changed since the read above; the write lock makes this check final.
    const current = await tx.query.helpRequest.findFirst({ where: eq(helpRequest.id, row.id), columns: { status: true } });
    if (!current || !VISIBLE_TO_VOLUNTEERS.includes(current.status)) refusal(current?.status);
    const coordinators = await tx
      .select({ userId: roleGrant.userId })
      .from(roleGrant)
      .where(and(eq(roleGrant.role, "coordinator"), eq(roleGrant.neighbourhoodId, row.neighbourhoodId)));
    for (const c of coordinators)
      await notifyHelp(ctx, tx, {
        userId: c.userId,
        requestId: row.id,
        variant: "offer",
        key: `${invite.id}/${c.userId}`,
        path: `/coordinator/requests/${row.id}`,
      });
  });
}
