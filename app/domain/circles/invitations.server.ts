import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Tx } from "#db/client";
import { careCircle, circleInvitation, circleMember, user } from "#db/schema";
import { maskAddressForDisplay } from "~/domain/accounts/mask-address";
import type { Ctx } from "../context.server";
import { Forbidden, NotFound, Validation } from "../errors";
import { fieldErrorsOf } from "../forms";
import { randomToken } from "../keyring.server";
import { enqueueEmail } from "../notifications/outbox.server";
import { requireActor } from "../permissions";
import type { CircleRole } from "../vocabulary";
import { loadCircleForLead } from "./access.server";
import { circleInvitationSchema, type invitationRoles } from "./schemas";

// Joining a circle by invitation (decision 048). A lead invites an email address with a role; the
// person gets a link (single use, stored as a keyed hash, 14 days), sees the circle's name and the
// role, and accepts signed in with that address. The form answers the same for every address —
// unknown, with an account, already a member (then nothing is sent) — and the email names neither
// the circle nor the person cared for. Expired, revoked, used and unknown links get one answer.

const E = "circles.errors";
const DAY = 24 * 60 * 60_000;

/** An invitation link works this long. */
export const CIRCLE_INVITATION_TTL = 14 * DAY;
/** Invitations one circle may send per 24 hours (replacements count too). */
export const CIRCLE_INVITATIONS_PER_DAY = 20;

type InvitationRole = (typeof invitationRoles)[number];

// A prefix of its own: an organisation invitation's token never opens a circle invitation.
const hashOf = (ctx: Ctx, token: string) => ctx.keys.hash(`circle-invitation:${token}`);
const hashesOf = (ctx: Ctx, token: string) => ctx.keys.hashes(`circle-invitation:${token}`);

/**
 * Invites an address to the circle (a lead or co-lead). A new invitation to the same address
 * replaces the open one; an address that is already a member gets nothing, and the answer is the
 * same.
 */
export async function inviteToCircle({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { circleId: number; email: string; role?: InvitationRole };
}): Promise<void> {
  const actor = requireActor(ctx.actor);
  const parsed = circleInvitationSchema.safeParse(input);
  if (!parsed.success) throw new Validation(fieldErrorsOf(parsed.error));
  const { email, role } = parsed.data;
  const now = ctx.now();
  const token = randomToken(32);

  await ctx.database.write(async (tx) => {
    const access = await loadCircleForLead(ctx, input.circleId, tx);
    const circleId = access.circle.id;
    // The daily limit holds for every address alike (a member's address is no exception, or the
    // answer would tell), and is enforced by the conditional INSERT itself.
    const sentToday = sql`(SELECT count(*) FROM ${circleInvitation} WHERE ${circleInvitation.circleId} = ${circleId} AND ${circleInvitation.createdAt} > ${now - DAY})`;
    const person = await tx.query.user.findFirst({ where: eq(user.email, email), columns: { id: true, locale: true, timeZone: true } });
    if (person && (await activeMembership(tx, circleId, person.id))) {
      const [row] = await tx.all<{ n: number }>(sql`SELECT ${sentToday} AS n`);
      if ((row?.n ?? 0) >= CIRCLE_INVITATIONS_PER_DAY) throw new Validation({ form: [`${E}.inviteLimit`] });
      return;
    }
    await tx
      .update(circleInvitation)
      .set({ status: "revoked", closedAt: now })
      .where(and(eq(circleInvitation.circleId, circleId), eq(circleInvitation.email, email), eq(circleInvitation.status, "open")));
    const [created] = await tx.all<{ id: number }>(sql`
      INSERT INTO ${circleInvitation} (circle_id, email, role, token_hash, invited_by_id, created_at, expires_at, status)
      SELECT ${circleId}, ${email}, ${role}, ${hashOf(ctx, token)}, ${actor.userId}, ${now}, ${now + CIRCLE_INVITATION_TTL}, 'open'
      WHERE ${sentToday} < ${CIRCLE_INVITATIONS_PER_DAY}
      RETURNING id`);
    if (!created) throw new Validation({ form: [`${E}.inviteLimit`] });
    await enqueueEmail(ctx, tx, {
      template: "circle-invitation",
      idempotencyKey: `circle-invitation/${created.id}`,
      to: email,
      userId: person?.id ?? null,
      locale: person?.locale ?? ctx.locale,
      timeZone: person?.timeZone ?? ctx.defaultTimeZone,
      props: { inviterName: actor.name, expiresInDays: CIRCLE_INVITATION_TTL / DAY },
      secrets: { link: `${ctx.appUrl}/circle-invitations/${token}` },
    });
  });
}

function activeMembership(tx: Tx, circleId: number, userId: number) {
  return tx.query.circleMember.findFirst({
    where: and(eq(circleMember.circleId, circleId), eq(circleMember.userId, userId), isNull(circleMember.leftAt)),
    columns: { role: true },
  });
}

/** A lead withdraws an open invitation; its link stops working. */
export async function revokeCircleInvitation({ ctx, input }: { ctx: Ctx; input: { circleId: number; invitationId: number } }) {
  const now = ctx.now();
  const revoked = await ctx.database.write(async (tx) => {
    const access = await loadCircleForLead(ctx, input.circleId, tx);
    return tx
      .update(circleInvitation)
      .set({ status: "revoked", closedAt: now })
      .where(
        and(
          eq(circleInvitation.id, input.invitationId),
          eq(circleInvitation.circleId, access.circle.id),
          eq(circleInvitation.status, "open"),
        ),
      )
      .returning({ id: circleInvitation.id });
  });
  if (revoked.length === 0) throw new NotFound();
}

export interface CircleInvitationView {
  circle: { name: string };
  role: InvitationRole;
  expiresAt: number;
  maskedEmail: string;
  /** Who opens the link: nobody signed in, the invited address, or another account. */
  viewer: "signed-out" | "invited" | "other";
}

async function invitationByToken(ctx: Ctx, db: Tx | Ctx["database"]["db"], token: string) {
  if (!token || token.length > 200) throw new NotFound();
  const [row] = await db
    .select({ invitation: circleInvitation, circle: { id: careCircle.id, name: careCircle.name } })
    .from(circleInvitation)
    .innerJoin(careCircle, eq(careCircle.id, circleInvitation.circleId))
    .where(inArray(circleInvitation.tokenHash, hashesOf(ctx, token)));
  return row;
}

/** What the token page shows the holder of a valid link; NotFound for anything else (one answer). */
export async function describeCircleInvitation({ ctx, input }: { ctx: Ctx; input: { token: string } }): Promise<CircleInvitationView> {
  const row = await invitationByToken(ctx, ctx.database.db, input.token);
  if (!row || row.invitation.status !== "open" || row.invitation.expiresAt <= ctx.now()) throw new NotFound();
  const { invitation } = row;
  return {
    circle: { name: row.circle.name },
    role: invitation.role,
    expiresAt: invitation.expiresAt,
    maskedEmail: maskAddressForDisplay(invitation.email),
    viewer: !ctx.actor ? "signed-out" : ctx.actor.email === invitation.email ? "invited" : "other",
  };
}

/**
 * Accepts: needs a session of the invited address (Forbidden otherwise; the page says for whom
 * it is). The invitation is closed and the membership made in one transaction; the UPDATE's status
 * condition lets one of two racing accepts through. A former member becomes a member again (a new
 * row). Accepting again, or while already a member, answers `already`.
 */
export async function acceptCircleInvitation({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { token: string };
}): Promise<{ circle: { id: number; name: string }; role: CircleRole; already: boolean }> {
  const actor = requireActor(ctx.actor);
  const now = ctx.now();
  return ctx.database.write(async (tx) => {
    const row = await invitationByToken(ctx, tx, input.token);
    if (!row) throw new NotFound();
    const { invitation, circle } = row;
    const member = await activeMembership(tx, circle.id, actor.userId);
    if (invitation.status === "accepted" && invitation.acceptedById === actor.userId && member)
      return { circle, role: member.role, already: true };
    if (invitation.status !== "open" || invitation.expiresAt <= now) throw new NotFound();
    if (invitation.email !== actor.email) throw new Forbidden();
    const closed = await tx
      .update(circleInvitation)
      .set({ status: "accepted", closedAt: now, acceptedById: actor.userId })
      .where(and(eq(circleInvitation.id, invitation.id), eq(circleInvitation.status, "open")))
      .returning({ id: circleInvitation.id });
    if (closed.length === 0) throw new NotFound();
    // Joined another way meanwhile: the membership stays as it is.
    if (member) return { circle, role: member.role, already: true };
    await tx.insert(circleMember).values({ circleId: circle.id, userId: actor.userId, role: invitation.role, joinedAt: now });
    return { circle, role: invitation.role, already: false };
  });
}
