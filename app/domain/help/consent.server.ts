import { and, eq, isNull, ne } from "drizzle-orm";
import type { Queryable, Tx } from "#db/client";
import { careRecipient, consent, helpRequest, roleGrant, user } from "#db/schema";
import type { Ctx } from "../context.server";
import { Conflict, NotFound } from "../errors";
import { enqueueEmail } from "../notifications/outbox.server";
import { can, requireActor, type Actor } from "../permissions";
import { formatDateTime } from "../time";

// The care-details consent of a help request (issue 14): what the request page shows about it, and
// withdrawing it. The consent belongs to the person the request is about: the requester (an
// account), or — for a request a coordinator registered at intake — the person without an account,
// on whose behalf a coordinator of the request's neighbourhood acts.
//
// Withdrawing removes the care details and keeps the public part (kind, public text, windows,
// status, history). Decisions:
// - `address` is NOT NULL, so it becomes '' (pages show "removed"); the request keeps its
//   neighbourhood, which is what matching and the figures use.
// - `contact_phone` and `contact_email` of an intake request are removed; `contact_name` stays: it
//   is how the coordinator knows whom the request is about (and the help_request_who CHECK needs a
//   subject). Erasing the person altogether is eraseIntakePerson.
// - The care recipient's `notes_for_helpers` are removed (for every request of that carer: the
//   notes live on the person cared for, not on one request).
// - The requester's own account phone is account data, not care data of the request: it stays
//   (they correct it on /me).
// - `care_consent_id` keeps pointing at the withdrawn consent (the history); care details entered
//   again later need a new consent (updateHelpRequest).

/** Who may act on the consent of this request, and how: the requester themself, or a coordinator for an intake person. */
function consentRole(actor: Actor, row: typeof helpRequest.$inferSelect): "self" | "onBehalf" | null {
  if (row.requesterId === actor.userId) return "self";
  // Intake: a person without an account (not an anonymised request, which holds nothing to withdraw).
  const intake = row.requesterId === null && row.anonymisedAt === null;
  if (intake && can.coordinateNeighbourhood(actor, row.neighbourhoodId)) return "onBehalf";
  return null;
}

/** Whether a consent exists and has not been withdrawn (for reusing it when care details are saved again). */
export async function isConsentActive(db: Queryable, consentId: number | null): Promise<boolean> {
  if (consentId === null) return false;
  const row = await db.query.consent.findFirst({ where: eq(consent.id, consentId), columns: { withdrawnAt: true } });
  return !!row && row.withdrawnAt === null;
}

/**
 * The consent section of a request page: when consent was given (and its wording version), whether
 * it was withdrawn, and whether the actor may withdraw it. `onBehalf`: the coordinator's page (an
 * intake request); otherwise the requester's page. `null` when the actor has no say over this
 * request's consent (the page's own verb already decided what they may see).
 */
export async function getCareConsent({ ctx, input }: { ctx: Ctx; input: { requestId: number; onBehalf: boolean } }) {
  const actor = requireActor(ctx.actor);
  const db = ctx.database.db;
  const row = await db.query.helpRequest.findFirst({ where: eq(helpRequest.id, input.requestId) });
  if (!row) return null;
  const role = consentRole(actor, row);
  if (role === null || (role === "onBehalf") !== input.onBehalf) return null;
  const given = row.careConsentId ? await db.query.consent.findFirst({ where: eq(consent.id, row.careConsentId) }) : undefined;
  const at = (ms: number) => formatDateTime(ms, actor.timeZone, actor.locale);
  return {
    onBehalf: role === "onBehalf",
    consent: given
      ? { version: given.version, givenAt: at(given.givenAt), withdrawnAt: given.withdrawnAt === null ? null : at(given.withdrawnAt) }
      : null,
    canWithdraw: !!given && given.withdrawnAt === null,
  };
}

/**
 * Withdraws the care-details consent of a request: by the requester for their own request, or by a
 * coordinator of its neighbourhood for a person registered at intake (then `withdrawn_by_id` is the
 * coordinator). In one transaction: the consent is marked withdrawn, the care details are removed
 * (see the decisions at the top), and the matched helper (while the match lasts) and the
 * neighbourhood's coordinators (but the one acting) are told by mail, without details.
 * Anyone else — a stranger, another carer, a volunteer — gets "not found".
 */
export async function withdrawCareConsent({ ctx, input }: { ctx: Ctx; input: { requestId: number } }): Promise<void> {
  const actor = requireActor(ctx.actor);
  const now = ctx.now();
  await ctx.database.write(async (tx) => {
    const row = await tx.query.helpRequest.findFirst({ where: eq(helpRequest.id, input.requestId) });
    if (!row || consentRole(actor, row) === null) throw new NotFound();
    if (row.careConsentId === null) throw new Conflict("careConsent.errors.none");
    // One conditional statement: of two withdrawals at once, one wins; the other is told it was done.
    const withdrawn = await tx
      .update(consent)
      .set({ withdrawnAt: now, withdrawnById: actor.userId })
      .where(and(eq(consent.id, row.careConsentId), isNull(consent.withdrawnAt)))
      .returning({ id: consent.id });
    if (withdrawn.length === 0) throw new Conflict("careConsent.errors.alreadyWithdrawn");
    await tx
      .update(helpRequest)
      .set({ privateText: "", address: "", contactPhone: null, contactEmail: null, updatedAt: now })
      .where(eq(helpRequest.id, row.id));
    if (row.careRecipientId !== null)
      await tx.update(careRecipient).set({ notesForHelpers: "" }).where(eq(careRecipient.id, row.careRecipientId));
    await tellWithoutDetails(ctx, tx, row, row.careConsentId, actor.userId);
  });
}

/** The mails about a withdrawal: the helper of an active match, and every coordinator of the neighbourhood but the actor. */
async function tellWithoutDetails(ctx: Ctx, tx: Tx, row: typeof helpRequest.$inferSelect, consentId: number, actorId: number) {
  const recipients: { userId: number; audience: "helper" | "coordinator"; path: string }[] = [];
  if (row.status === "matched" && row.matchedVolunteerId !== null && row.matchedVolunteerId !== actorId)
    recipients.push({ userId: row.matchedVolunteerId, audience: "helper", path: `/requests/${row.id}` });
  const coordinators = await tx
    .select({ userId: roleGrant.userId })
    .from(roleGrant)
    .where(and(eq(roleGrant.role, "coordinator"), eq(roleGrant.neighbourhoodId, row.neighbourhoodId), ne(roleGrant.userId, actorId)));
  for (const c of coordinators) recipients.push({ userId: c.userId, audience: "coordinator", path: `/coordinator/requests/${row.id}` });
  for (const r of recipients) {
    const [person] = await tx
      .select({ email: user.email, name: user.name, locale: user.locale, timeZone: user.timeZone })
      .from(user)
      .where(eq(user.id, r.userId));
    if (!person) continue;
    await enqueueEmail(ctx, tx, {
      template: "care-consent-withdrawn",
      idempotencyKey: `care-consent-withdrawn/${consentId}/${r.audience}-${r.userId}`,
      to: person.email,
      locale: person.locale,
      timeZone: person.timeZone,
      userId: r.userId,
      props: { audience: r.audience, name: person.name, kind: row.kind, url: `${ctx.appUrl}${r.path}` },
    });
  }
}
