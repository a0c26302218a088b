import { and, eq, inArray, isNull, like, or, sql } from "drizzle-orm";
import type { Database, Tx } from "#db/client";
import {
  careAccessLog,
  careCircle,
  circleAccessLog,
  circleInvitation,
  circleMember,
  circleTaskClaim,
  circleUpdate,
  message,
  careRecipient,
  consent,
  emailChange,
  emailOutbox,
  emailSuppression,
  helpFeedback,
  helpInvite,
  helpRequest,
  helpRequestEvent,
  helpSession,
  logRewrite,
  loginToken,
  mailboxMessage,
  organisationInvitation,
  pendingSignup,
  rateLimitHit,
  securityEvent,
  user,
  webhookEvent,
} from "#db/schema";
import { randomToken, type Keyring } from "~/domain/keyring.server";

/**
 * Erasure of a person (issue 14), following the erasure table (./erasure.ts, decision 031) column
 * by column. Nothing here ends pending things or tells anyone: the account-closing verb does that
 * first (./close-account.server.ts). These functions only make the data go.
 */

/** Suppressed addresses of erased accounts are kept as a keyed hash, with this prefix. */
const HASHED_ADDRESS = "hashed:";

/**
 * Runs `fn` with the permission to rewrite the append-only logs: the single log_rewrite row exists
 * only inside this transaction (inserted first, deleted last), so the triggers of migration 0010
 * allow the pseudonymising update (`erasure`) or the deletion of old rows (`retention`) here and
 * nowhere else.
 */
export async function withLogRewrite<T>(tx: Tx, purpose: "erasure" | "retention", fn: () => Promise<T>): Promise<T> {
  await tx.insert(logRewrite).values({ id: 1, purpose });
  const result = await fn();
  await tx.delete(logRewrite).where(eq(logRewrite.id, 1));
  return result;
}

/** A new meaningless token for one erased person: the same in every log they appear in. */
export const newPseudonym = () => `erased-${randomToken(9)}`;

/**
 * Strips everything that names or describes the person from help requests, keeping kind,
 * neighbourhood, status and dates for the queue's history and the municipal figures. Used on
 * erasure (the requester's requests, an intake person's requests) and by retention. Must run inside
 * `withLogRewrite` (the notes in the request's history are blanked too).
 */
export async function anonymiseHelpRequests(tx: Tx, requestIds: readonly number[], now: number): Promise<void> {
  if (requestIds.length === 0) return;
  const ids = [...requestIds];
  const recipients = await tx
    .select({ id: helpRequest.careRecipientId })
    .from(helpRequest)
    .where(and(inArray(helpRequest.id, ids), sql`${helpRequest.careRecipientId} IS NOT NULL`));
  await tx
    .update(helpRequest)
    .set({
      requesterId: null,
      contactName: null,
      contactPhone: null,
      contactEmail: null,
      careRecipientId: null,
      address: "",
      publicText: "",
      privateText: "",
      endReason: null,
      anonymisedAt: now,
      updatedAt: now,
    })
    .where(inArray(helpRequest.id, ids));
  await tx
    .update(helpRequestEvent)
    .set({ note: null })
    .where(and(inArray(helpRequestEvent.requestId, ids), sql`${helpRequestEvent.note} IS NOT NULL`));
  await tx
    .update(helpSession)
    .set({ cancelReason: null })
    .where(and(inArray(helpSession.requestId, ids), sql`${helpSession.cancelReason} IS NOT NULL`));
  await tx.delete(helpFeedback).where(inArray(helpFeedback.requestId, ids));
  // A care recipient entered for these requests goes when no other kept request still names them.
  const recipientIds = recipients.map((r) => r.id).filter((id): id is number => id !== null);
  if (recipientIds.length)
    await tx
      .delete(careRecipient)
      .where(
        and(
          inArray(careRecipient.id, recipientIds),
          sql`NOT EXISTS (SELECT 1 FROM ${helpRequest} WHERE ${helpRequest.careRecipientId} = ${careRecipient.id})`,
        ),
      );
}

/** Replaces a person's references in the append-only logs and consents by their pseudonym. */
async function pseudonymiseLogs(tx: Tx, userId: number, pseudonym: string): Promise<void> {
  await tx.update(careAccessLog).set({ viewerId: null, viewerPseudonym: pseudonym }).where(eq(careAccessLog.viewerId, userId));
  await tx.update(helpRequestEvent).set({ actorId: null, actorPseudonym: pseudonym }).where(eq(helpRequestEvent.actorId, userId));
  await tx.update(securityEvent).set({ userId: null, subjectPseudonym: pseudonym, detail: null }).where(eq(securityEvent.userId, userId));
  await tx.update(securityEvent).set({ actorId: null, actorPseudonym: pseudonym }).where(eq(securityEvent.actorId, userId));
  await tx.update(consent).set({ userId: null, subjectPseudonym: pseudonym }).where(eq(consent.userId, userId));
  await tx.update(circleAccessLog).set({ viewerId: null, viewerPseudonym: pseudonym }).where(eq(circleAccessLog.viewerId, userId));
}

/**
 * Their part in care circles (decision 048): claims, posts and messages stay for the others under
 * their pseudonym; memberships go with the user row (foreign key); a circle left without any
 * member goes too (with everything in it).
 */
async function eraseFromCircles(tx: Tx, userId: number, pseudonym: string): Promise<void> {
  await tx.update(circleTaskClaim).set({ userId: null, userPseudonym: pseudonym }).where(eq(circleTaskClaim.userId, userId));
  await tx.update(circleUpdate).set({ authorId: null, authorPseudonym: pseudonym }).where(eq(circleUpdate.authorId, userId));
  await tx.update(message).set({ authorId: null, authorPseudonym: pseudonym }).where(eq(message.authorId, userId));
  const theirs = await tx.select({ circleId: circleMember.circleId }).from(circleMember).where(eq(circleMember.userId, userId));
  await tx.delete(circleMember).where(eq(circleMember.userId, userId));
  const circleIds = [...new Set(theirs.map((r) => r.circleId))];
  if (circleIds.length)
    await tx
      .delete(careCircle)
      .where(
        and(
          inArray(careCircle.id, circleIds),
          sql`NOT EXISTS (SELECT 1 FROM ${circleMember} WHERE ${circleMember.circleId} = ${careCircle.id} AND ${circleMember.leftAt} IS NULL)`,
        ),
      );
}

/** Mail, mailbox, provider events, sign-in secrets and invitations that name the address. */
async function forgetAddress(tx: Tx, keys: Keyring, email: string, userId: number | null): Promise<void> {
  await tx
    .delete(emailOutbox)
    .where(userId === null ? eq(emailOutbox.toAddress, email) : or(eq(emailOutbox.userId, userId), eq(emailOutbox.toAddress, email)));
  await tx.delete(mailboxMessage).where(eq(mailboxMessage.toAddress, email));
  await tx.delete(webhookEvent).where(sql`instr(lower(${webhookEvent.payload}), ${email}) > 0`);
  await tx.delete(loginToken).where(eq(loginToken.email, email));
  await tx.delete(pendingSignup).where(eq(pendingSignup.email, email));
  await tx.delete(organisationInvitation).where(eq(organisationInvitation.email, email));
  await tx.delete(circleInvitation).where(eq(circleInvitation.email, email));
  await tx.delete(rateLimitHit).where(like(rateLimitHit.key, `%${email}%`));
  await tx
    .update(emailSuppression)
    .set({ address: `${HASHED_ADDRESS}${keys.hash(email)}` })
    .where(eq(emailSuppression.address, email));
}

/**
 * Erases an account in one transaction, as the erasure table says: the person's logs and consents
 * keep a pseudonym, their help requests stay as bare records, their sign-ups keep counting without
 * them, and everything else that is theirs goes (the account's own tables cascade with the user row).
 * Returns the pseudonym, which is not stored anywhere that names them.
 */
export async function eraseAccount(database: Database, keys: Keyring, userId: number, now: number): Promise<{ pseudonym: string } | null> {
  return database.write(async (tx) => {
    const [person] = await tx.select({ email: user.email }).from(user).where(eq(user.id, userId));
    if (!person) return null;
    const pseudonym = newPseudonym();
    // A new address they asked for is theirs too (the confirmation mail went there).
    const asked = await tx.select({ email: emailChange.newEmail }).from(emailChange).where(eq(emailChange.userId, userId));
    await withLogRewrite(tx, "erasure", async () => {
      await pseudonymiseLogs(tx, userId, pseudonym);
      const own = await tx.select({ id: helpRequest.id }).from(helpRequest).where(eq(helpRequest.requesterId, userId));
      await anonymiseHelpRequests(
        tx,
        own.map((r) => r.id),
        now,
      );
    });
    await eraseFromCircles(tx, userId, pseudonym);
    await tx.delete(helpFeedback).where(eq(helpFeedback.authorId, userId));
    await tx.delete(helpInvite).where(eq(helpInvite.volunteerId, userId));
    await tx.delete(rateLimitHit).where(like(rateLimitHit.key, `%:${userId}`));
    await forgetAddress(tx, keys, person.email, userId);
    for (const { email } of asked) await forgetAddress(tx, keys, email, null);
    await tx.delete(user).where(eq(user.id, userId));
    return { pseudonym };
  });
}

/**
 * A coordinator erases a person registered at intake who has no account: their requests become
 * bare records (contact, address and texts go), their consent keeps a pseudonym, and mail to their
 * address is forgotten. `requestIds` are the requests of that person (same contact), already checked
 * by the caller to be the coordinator's to manage.
 */
export async function eraseIntakePerson(
  database: Database,
  keys: Keyring,
  requestIds: readonly number[],
  now: number,
): Promise<{ pseudonym: string }> {
  return database.write(async (tx) => {
    const pseudonym = newPseudonym();
    const rows = await tx
      .select({ contactEmail: helpRequest.contactEmail, careConsentId: helpRequest.careConsentId })
      .from(helpRequest)
      .where(and(inArray(helpRequest.id, [...requestIds]), isNull(helpRequest.requesterId)));
    const consentIds = rows.map((r) => r.careConsentId).filter((id): id is number => id !== null);
    if (consentIds.length)
      await tx
        .update(consent)
        .set({ subjectPseudonym: pseudonym })
        .where(and(inArray(consent.id, consentIds), isNull(consent.userId)));
    await withLogRewrite(tx, "erasure", () => anonymiseHelpRequests(tx, [...requestIds], now));
    for (const email of new Set(rows.map((r) => r.contactEmail?.toLowerCase()).filter((e): e is string => !!e)))
      await forgetAddress(tx, keys, email, null);
    return { pseudonym };
  });
}

/**
 * When an address gets an account again, a suppression kept as a keyed hash (from an erased account)
 * becomes the plain address again, so optional mail to it stays refused.
 */
export async function restoreSuppression(tx: Tx, keys: Keyring, email: string): Promise<void> {
  const hashed = keys.hashes(email).map((h) => `${HASHED_ADDRESS}${h}`);
  await tx.update(emailSuppression).set({ address: email }).where(inArray(emailSuppression.address, hashed));
}
