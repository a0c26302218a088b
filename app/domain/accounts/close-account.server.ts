import { and, asc, eq, gt, inArray, isNull, ne, sql } from "drizzle-orm";
import type { Queryable, Tx } from "#db/client";
import {
  activity,
  activitySession,
  calendarFeedToken,
  helpInvite,
  helpRequest,
  organisation,
  organisationMembership,
  shift,
  signup,
  user,
} from "#db/schema";
import { getT } from "~/locales/i18n.server";
import type { Ctx } from "../context.server";
import { Validation } from "../errors";
import { requireActor } from "../permissions";
import { cancelSignupByPerson, promoteFromWaitlist } from "../activities/signups.server";
import { selectSignupPlaces, signupStartsAt } from "../activities/signup-places.server";
import { syncSignupReminders } from "../notifications/reminders.server";
import { enqueueEmail } from "../notifications/outbox.server";
import { withdrawHelpRequest } from "../help/requests.server";
import { declineInvite } from "../help/request-invites.server";
import { endHelpMatch } from "../help/sessions.server";
import { eraseAccount } from "./erase.server";
import { requireRecentSecondFactor } from "./factors.server";
import { endAllSessions } from "./sessions.server";

// Deleting one's own account (issue 14): first what is pending ends the way it ends when the person
// does it themselves (so the others involved hear of it as usual), then the erasure verb removes
// the account as the erasure table says (./erase.server.ts). The mails to others are queued before
// the erasure, and the erasure forgets only mail addressed to the person, so they are still sent.

const OPEN_REQUEST = ["submitted", "open", "asked"] as const;

/** Organisations where the person is the only admin: handed over, or archived when they go. */
async function lastAdminOrganisations(db: Queryable, userId: number) {
  const orgs = await db
    .select({ id: organisation.id, slug: organisation.slug, name: organisation.name })
    .from(organisationMembership)
    .innerJoin(organisation, eq(organisation.id, organisationMembership.organisationId))
    .where(
      and(
        eq(organisationMembership.userId, userId),
        eq(organisationMembership.role, "admin"),
        isNull(organisation.archivedAt),
        sql`NOT EXISTS (SELECT 1 FROM ${organisationMembership} AS other_admin WHERE other_admin.organisation_id = ${organisation.id} AND other_admin.role = 'admin' AND other_admin.user_id <> ${userId})`,
      ),
    )
    .orderBy(asc(organisation.name));
  if (orgs.length === 0) return [];
  const members = await db
    .select({ organisationId: organisationMembership.organisationId, userId: user.id, name: user.name })
    .from(organisationMembership)
    .innerJoin(user, eq(user.id, organisationMembership.userId))
    .where(
      and(
        inArray(
          organisationMembership.organisationId,
          orgs.map((o) => o.id),
        ),
        ne(organisationMembership.userId, userId),
      ),
    )
    .orderBy(asc(user.name));
  return orgs.map((o) => ({
    ...o,
    members: members.filter((m) => m.organisationId === o.id).map(({ userId: id, name }) => ({ id, name })),
  }));
}

async function futureSignups(db: Queryable, userId: number, now: number) {
  return selectSignupPlaces(db, { signup })
    .where(and(eq(signup.userId, userId), ne(signup.status, "cancelled"), gt(signupStartsAt, now)))
    .then((rows) => rows.map((r) => r.signup));
}

/**
 * The organisers (every member of the activity's organisation) hear that a confirmed place was
 * freed by an account deletion, in the same transaction: when, which task, and whether the waitlist
 * filled it. Never who.
 */
async function tellOrganisers(ctx: Ctx, tx: Tx, own: typeof signup.$inferSelect, promoted: boolean) {
  const [slot] = await tx
    .select({
      activityId: activity.id,
      title: activity.title,
      organisationId: activity.organisationId,
      startsAt: sql<number>`coalesce(${shift.startsAt}, ${activitySession.startsAt})`,
      endsAt: sql<number>`coalesce(${shift.endsAt}, ${activitySession.endsAt})`,
      role: shift.role,
    })
    .from(activitySession)
    .innerJoin(activity, eq(activity.id, activitySession.activityId))
    .leftJoin(shift, own.shiftId === null ? sql`0` : eq(shift.id, own.shiftId))
    .where(eq(activitySession.id, own.sessionId));
  if (!slot) return;
  const organisers = await tx
    .select({ id: user.id, name: user.name, email: user.email, locale: user.locale, timeZone: user.timeZone })
    .from(organisationMembership)
    .innerJoin(user, eq(user.id, organisationMembership.userId))
    .where(and(eq(organisationMembership.organisationId, slot.organisationId), ne(user.id, own.userId ?? 0)));
  for (const o of organisers)
    await enqueueEmail(ctx, tx, {
      template: "place-freed",
      idempotencyKey: `place-freed/${own.id}/${o.id}`,
      to: o.email,
      userId: o.id,
      locale: o.locale,
      timeZone: o.timeZone,
      props: {
        name: o.name,
        activityTitle: slot.title,
        role: slot.role ?? null,
        startsAt: slot.startsAt,
        endsAt: slot.endsAt,
        promoted,
        url: `${ctx.appUrl}/activities/${slot.activityId}/manage`,
      },
    });
}

/** What /me/delete shows: the address to type, what is still pending, and the organisations to hand over. */
export async function getAccountDeletion({ ctx }: { ctx: Ctx }) {
  const actor = requireActor(ctx.actor);
  const db = ctx.database.db;
  const now = ctx.now();
  const [signups, requests, helping, organisations] = await Promise.all([
    futureSignups(db, actor.userId, now),
    db
      .select({ id: helpRequest.id, status: helpRequest.status })
      .from(helpRequest)
      .where(and(eq(helpRequest.requesterId, actor.userId), inArray(helpRequest.status, [...OPEN_REQUEST, "matched"]))),
    db
      .select({ id: helpRequest.id })
      .from(helpRequest)
      .where(and(eq(helpRequest.matchedVolunteerId, actor.userId), eq(helpRequest.status, "matched"))),
    lastAdminOrganisations(db, actor.userId),
  ]);
  return {
    email: actor.email,
    pending: {
      signups: signups.length,
      openRequests: requests.filter((r) => r.status !== "matched").length,
      matches: requests.filter((r) => r.status === "matched").length + helping.length,
    },
    organisations,
  };
}

/**
 * Deletes the actor's own account after they typed their email address. Staff need a recent
 * second-factor proof first (as for changing the address). In order, each step its own verb:
 * future sign-ups cancelled (places go to the waitlist), open help requests withdrawn, matches
 * ended (the other side and the coordinators told, without details), invitations to help declined,
 * the calendar link revoked, organisations without another admin archived, every session ended;
 * then the account is erased. Each step is safe to repeat, so a failure half-way can be retried.
 */
export async function closeMyAccount({ ctx, input }: { ctx: Ctx; input: { confirmEmail: string } }) {
  const actor = requireActor(ctx.actor);
  requireRecentSecondFactor(ctx);
  const db = ctx.database.db;
  const [account] = await db.select({ email: user.email }).from(user).where(eq(user.id, actor.userId));
  const typed = (input.confirmEmail ?? "").trim().toLowerCase();
  if (!account || typed === "" || typed !== account.email.trim().toLowerCase())
    throw new Validation({ confirmEmail: [typed === "" ? "accountDeletion.errors.required" : "accountDeletion.errors.mismatch"] });
  const now = ctx.now();

  // Sign-ups still to come: cancelled as the person would, the waitlist promoted. Past the
  // organiser's cut-off the same happens without the cut-off (the person is leaving either way).
  for (const own of await futureSignups(db, actor.userId, now)) {
    await ctx.database.write(async (tx) => {
      let promoted: number[];
      try {
        ({ promoted } = await cancelSignupByPerson(ctx, tx, own));
      } catch (error) {
        if (!(error instanceof Validation)) throw error;
        await tx
          .update(signup)
          .set({ status: "cancelled", cancelledAt: now, cancelledBy: "person" })
          .where(and(eq(signup.id, own.id), ne(signup.status, "cancelled")));
        await syncSignupReminders(ctx, tx, [own.id]);
        promoted = own.status === "confirmed" ? await promoteFromWaitlist(ctx, tx, own.sessionId, own.shiftId) : [];
      }
      if (own.status === "confirmed") await tellOrganisers(ctx, tx, own, promoted.length > 0);
    });
  }

  // Their own help requests: open ones withdrawn, matched ones ended (the helper is told).
  const reason = getT(actor.locale)("accountDeletion.endReason");
  const own = await db
    .select({ id: helpRequest.id, status: helpRequest.status })
    .from(helpRequest)
    .where(and(eq(helpRequest.requesterId, actor.userId), inArray(helpRequest.status, [...OPEN_REQUEST, "matched"])));
  for (const request of own) {
    if (request.status === "matched") await endHelpMatch({ ctx, input: { requestId: request.id, reason } });
    else await withdrawHelpRequest({ ctx, input: { id: request.id } });
  }

  // Helping others: matches ended (the requester and the coordinators told), invitations declined.
  const helping = await db
    .select({ id: helpRequest.id })
    .from(helpRequest)
    .where(and(eq(helpRequest.matchedVolunteerId, actor.userId), eq(helpRequest.status, "matched")));
  for (const request of helping) await endHelpMatch({ ctx, input: { requestId: request.id, reason } });
  const asked = await db
    .select({ requestId: helpInvite.requestId })
    .from(helpInvite)
    .where(and(eq(helpInvite.volunteerId, actor.userId), eq(helpInvite.status, "asked")));
  for (const invite of asked) await declineInvite({ ctx, input: { id: invite.requestId } });

  // The calendar link stops working, and organisations left without an admin are archived.
  const orphaned = await lastAdminOrganisations(db, actor.userId);
  await ctx.database.write(async (tx) => {
    await tx.delete(calendarFeedToken).where(eq(calendarFeedToken.userId, actor.userId));
    if (orphaned.length)
      await tx
        .update(organisation)
        .set({ archivedAt: now })
        .where(
          and(
            inArray(
              organisation.id,
              orphaned.map((o) => o.id),
            ),
            isNull(organisation.archivedAt),
          ),
        );
  });

  await endAllSessions({ ctx });
  await eraseAccount(ctx.database, ctx.keys, actor.userId, now);
  return { archived: orphaned.map((o) => o.name) };
}
