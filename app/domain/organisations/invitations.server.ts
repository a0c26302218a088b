import { and, count, eq, gt, inArray } from "drizzle-orm";
import { organisation, organisationInvitation, organisationMembership, user } from "#db/schema";
import { fieldErrorsOf } from "../forms";
import { invitationSchema } from "./schemas";
import type { Ctx } from "../context.server";
import { Forbidden, NotFound, Validation } from "../errors";
import { randomToken } from "../keyring.server";
import { loadVisibleOrganisation } from "./organisations.server";
import { enqueueEmail } from "../notifications/outbox.server";
import { ensureFound, requireActor } from "../permissions";
import { maskAddressForDisplay } from "~/domain/accounts/mask-address";

// Membership by invitation. An organisation's admin invites an email address with a role; the
// person gets a link, sees the organisation and the role, and accepts (signed in with that
// address) or declines. Nobody becomes a member without saying yes, and inviting tells the admin
// nothing about whether the address has an account or is already a member.

const E = "community.errors";

/** An invitation link works this long. */
export const INVITATION_TTL = 14 * 24 * 60 * 60_000;
/**
 * Invitations one organisation may send per 24 hours (replacements and addresses that turned out
 * to be members count too), so a hijacked or careless admin account is not a spam cannon.
 */
export const INVITATIONS_PER_DAY = 50;
const DAY = 24 * 60 * 60_000;

type Role = "member" | "admin";

const tokenHashes = (ctx: Ctx, token: string) => ctx.keys.hashes(`invitation:${token}`);

/**
 * Invites an address to the organisation. The outcome is the same for every address — unknown,
 * known, or already a member (then nothing is sent) — so the form cannot be used to find out who
 * has an account. A new invitation for the same address replaces the open one.
 */
export async function inviteMember({ ctx, input }: { ctx: Ctx; input: { slug: string; email: string; role: Role } }) {
  const actor = requireActor(ctx.actor);
  const { org, access } = await loadVisibleOrganisation(ctx, { slug: input.slug });
  ensureFound(access.canManage);
  const parsed = invitationSchema.safeParse(input);
  if (!parsed.success) throw new Validation(fieldErrorsOf(parsed.error));
  if (org.status !== "approved") throw new Validation({ form: [`${E}.invitePending`] });
  const { email, role } = parsed.data;
  const now = ctx.now();
  const token = randomToken(32);

  await ctx.database.write(async (tx) => {
    const [sent] = await tx
      .select({ n: count() })
      .from(organisationInvitation)
      .where(and(eq(organisationInvitation.organisationId, org.id), gt(organisationInvitation.createdAt, now - DAY)));
    if ((sent?.n ?? 0) >= INVITATIONS_PER_DAY) throw new Validation({ form: [`${E}.inviteLimit`] });
    const person = await tx.query.user.findFirst({ where: eq(user.email, email), columns: { id: true, locale: true, timeZone: true } });
    const member = person
      ? await tx.query.organisationMembership.findFirst({
          where: and(eq(organisationMembership.organisationId, org.id), eq(organisationMembership.userId, person.id)),
          columns: { userId: true },
        })
      : undefined;
    if (member) return;
    await tx
      .update(organisationInvitation)
      .set({ status: "revoked", closedAt: now })
      .where(
        and(
          eq(organisationInvitation.organisationId, org.id),
          eq(organisationInvitation.email, email),
          eq(organisationInvitation.status, "open"),
        ),
      );
    const [created] = await tx
      .insert(organisationInvitation)
      .values({
        organisationId: org.id,
        email,
        role,
        tokenHash: ctx.keys.hash(`invitation:${token}`),
        invitedBy: actor.userId,
        createdAt: now,
        expiresAt: now + INVITATION_TTL,
      })
      .returning({ id: organisationInvitation.id });
    await enqueueEmail(ctx, tx, {
      template: "organisation-invitation",
      idempotencyKey: `organisation-invitation/${created!.id}`,
      to: email,
      userId: person?.id ?? null,
      locale: person?.locale ?? ctx.locale,
      timeZone: person?.timeZone ?? ctx.defaultTimeZone,
      props: { organisationName: org.name, role, expiresInDays: INVITATION_TTL / DAY },
      secrets: { link: `${ctx.appUrl}/invitations/${token}` },
    });
  });
}

/** An admin withdraws an open invitation; its link stops working. */
export async function revokeInvitation({ ctx, input }: { ctx: Ctx; input: { slug: string; invitationId: number } }) {
  const { org, access } = await loadVisibleOrganisation(ctx, { slug: input.slug });
  ensureFound(access.canManage);
  const now = ctx.now();
  const revoked = await ctx.database.write((tx) =>
    tx
      .update(organisationInvitation)
      .set({ status: "revoked", closedAt: now })
      .where(
        and(
          eq(organisationInvitation.id, input.invitationId),
          eq(organisationInvitation.organisationId, org.id),
          eq(organisationInvitation.status, "open"),
        ),
      )
      .returning({ id: organisationInvitation.id }),
  );
  if (revoked.length === 0) throw new NotFound();
}

export interface InvitationView {
  organisation: { name: string; slug: string };
  role: Role;
  expiresAt: number;
  maskedEmail: string;
  /** Who opens the link: nobody signed in, the invited address, or another account. */
  viewer: "signed-out" | "invited" | "other";
}

/** The open, unexpired invitation behind a link; NotFound for anything else (one answer for all). */
async function findOpenInvitation(ctx: Ctx, token: string) {
  if (!token || token.length > 200) throw new NotFound();
  const [row] = await ctx.database.db
    .select({ invitation: organisationInvitation, organisation: { name: organisation.name, slug: organisation.slug } })
    .from(organisationInvitation)
    .innerJoin(organisation, eq(organisation.id, organisationInvitation.organisationId))
    .where(inArray(organisationInvitation.tokenHash, tokenHashes(ctx, token)));
  if (!row || row.invitation.status !== "open" || row.invitation.expiresAt <= ctx.now()) throw new NotFound();
  return row;
}

/** What the invitation page shows: the organisation, the role offered, and who it is for (masked). */
export async function describeInvitation({ ctx, input }: { ctx: Ctx; input: { token: string } }): Promise<InvitationView> {
  const { invitation, organisation: org } = await findOpenInvitation(ctx, input.token);
  return {
    organisation: org,
    role: invitation.role,
    expiresAt: invitation.expiresAt,
    maskedEmail: maskAddressForDisplay(invitation.email),
    viewer: !ctx.actor ? "signed-out" : ctx.actor.email === invitation.email ? "invited" : "other",
  };
}

/**
 * Accepts: needs a session of the invited address. The invitation is closed and the membership
 * made in one transaction; the UPDATE's status condition lets only one of two racing accepts
 * through. Accepting again after success (a double click) only answers that it is done.
 */
export async function acceptInvitation({ ctx, input }: { ctx: Ctx; input: { token: string } }) {
  const actor = requireActor(ctx.actor);
  const now = ctx.now();
  const hashes = tokenHashes(ctx, input.token);
  return ctx.database.write(async (tx) => {
    const [row] = await tx
      .select({ invitation: organisationInvitation, organisation: { name: organisation.name, slug: organisation.slug } })
      .from(organisationInvitation)
      .innerJoin(organisation, eq(organisation.id, organisationInvitation.organisationId))
      .where(inArray(organisationInvitation.tokenHash, hashes));
    if (!row) throw new NotFound();
    const { invitation } = row;
    if (invitation.status === "accepted" && invitation.email === actor.email) {
      const member = await tx.query.organisationMembership.findFirst({
        where: and(eq(organisationMembership.organisationId, invitation.organisationId), eq(organisationMembership.userId, actor.userId)),
        columns: { role: true },
      });
      if (member) return { organisation: row.organisation, role: member.role, already: true };
    }
    if (invitation.status !== "open" || invitation.expiresAt <= now) throw new NotFound();
    if (invitation.email !== actor.email) throw new Forbidden();
    const closed = await tx
      .update(organisationInvitation)
      .set({ status: "accepted", closedAt: now })
      .where(and(eq(organisationInvitation.id, invitation.id), eq(organisationInvitation.status, "open")))
      .returning({ id: organisationInvitation.id });
    if (closed.length === 0) throw new NotFound();
    const membership = { organisationId: invitation.organisationId, userId: actor.userId, role: invitation.role, createdAt: now };
    // Already a member (joined another way meanwhile): an admin offer raises the role, never lowers it.
    if (invitation.role === "admin") {
      await tx
        .insert(organisationMembership)
        .values(membership)
        .onConflictDoUpdate({
          target: [organisationMembership.organisationId, organisationMembership.userId],
          set: { role: "admin" },
        });
    } else {
      await tx.insert(organisationMembership).values(membership).onConflictDoNothing();
    }
    return { organisation: row.organisation, role: invitation.role, already: false };
  });
}

/** Declines: the link alone is enough (whoever got the mail may say no). */
export async function declineInvitation({ ctx, input }: { ctx: Ctx; input: { token: string } }) {
  const { invitation, organisation: org } = await findOpenInvitation(ctx, input.token);
  const now = ctx.now();
  const closed = await ctx.database.write((tx) =>
    tx
      .update(organisationInvitation)
      .set({ status: "declined", closedAt: now })
      .where(and(eq(organisationInvitation.id, invitation.id), eq(organisationInvitation.status, "open")))
      .returning({ id: organisationInvitation.id }),
  );
  if (closed.length === 0) throw new NotFound();
  return { organisation: org };
}
