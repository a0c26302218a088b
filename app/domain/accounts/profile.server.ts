import { and, count, eq, gt, inArray, isNull, ne } from "drizzle-orm";
import type { Queryable, Tx } from "#db/client";
import { emailChange, loginToken, neighbourhoodPostcode, session, user } from "#db/schema";
import type { Ctx } from "../context.server";
import { recordSecurityEvent } from "./factors.server";
import { Validation } from "../errors";
import { fieldErrorsOf } from "../forms";
import { randomToken, sha256 } from "../keyring.server";
import { enqueueEmail } from "../notifications/outbox.server";
import { requireActor } from "../permissions";
import { requireRecentSecondFactor } from "./factors.server";
import { maskAddressForDisplay } from "./mask-address";
import { emailChangeFormSchema, profileFormSchema } from "./profile-forms";
import { endPendingSignups } from "./sessions.server";

// A person corrects their own details on /me (privacy rights, issue 14): name, postcode (which
// sets the neighbourhood, as at first sign-in), phone and language at once; a new email address
// only through a link mailed to that new address. The link's token is stored as a keyed hash,
// works for 24 hours and once. Asking for a change answers the same whether or not the new address
// already has an account; only the confirmation then fails, with the same words as a dead link.

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;
/** A link to confirm a new address works this long. */
export const EMAIL_CHANGE_TTL = DAY;
/** Change requests one person may make per 24 hours. */
export const EMAIL_CHANGES_PER_DAY = 3;

const tokenHashOf = (ctx: Ctx, token: string) => ctx.keys.hash(`email-change:${token}`);
const tokenHashes = (ctx: Ctx, token: string) => ctx.keys.hashes(`email-change:${token}`);

/** The neighbourhood of a postcode, by its four digits (the rule of the first sign-in). */
async function neighbourhoodOf(tx: Tx, postcode: string) {
  const area = await tx.query.neighbourhoodPostcode.findFirst({ where: eq(neighbourhoodPostcode.postcode, postcode.slice(0, 4)) });
  if (!area) throw new Validation({ postcode: ["errors.postcode.outsideMunicipality"] });
  return area.neighbourhoodId;
}

/** Saves the person's corrected name, postcode (and so neighbourhood), phone and language. */
export async function updateMyProfile({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { name: string; postcode: string; phone?: string | undefined; locale: string };
}) {
  const actor = requireActor(ctx.actor);
  const parsed = profileFormSchema.safeParse(input);
  if (!parsed.success) throw new Validation(fieldErrorsOf(parsed.error));
  const { name, postcode, phone, locale } = parsed.data;
  await ctx.database.write(async (tx) => {
    const neighbourhoodId = await neighbourhoodOf(tx, postcode);
    await tx
      .update(user)
      .set({ name, postcode, neighbourhoodId, phone: phone || null, locale })
      .where(eq(user.id, actor.userId));
  });
  return { locale };
}

/**
 * Mails a link to the new address; nothing changes until it is used. The answer is the same for
 * every address, also one that belongs to another account (the link then fails on use). At most
 * three requests a day; a new request ends the open ones. Staff need a recent second-factor proof.
 */
export async function requestEmailChange({ ctx, input }: { ctx: Ctx; input: { email: string } }) {
  const actor = requireActor(ctx.actor);
  const parsed = emailChangeFormSchema.safeParse(input);
  if (!parsed.success) throw new Validation(fieldErrorsOf(parsed.error));
  const { email } = parsed.data;
  if (email === actor.email) throw new Validation({ email: ["profile.errors.sameEmail"] });
  // A new address is a way into the account: staff confirm with their second factor first.
  requireRecentSecondFactor(ctx);
  const now = ctx.now();
  const token = randomToken(32);
  await ctx.database.write(async (tx) => {
    const [asked] = await tx
      .select({ n: count() })
      .from(emailChange)
      .where(and(eq(emailChange.userId, actor.userId), gt(emailChange.createdAt, now - DAY)));
    if ((asked?.n ?? 0) >= EMAIL_CHANGES_PER_DAY) throw new Validation({ form: ["profile.errors.emailChangeLimit"] });
    await tx
      .update(emailChange)
      .set({ usedAt: now })
      .where(and(eq(emailChange.userId, actor.userId), isNull(emailChange.usedAt)));
    const [created] = await tx
      .insert(emailChange)
      .values({
        userId: actor.userId,
        newEmail: email,
        tokenHash: tokenHashOf(ctx, token),
        createdAt: now,
        expiresAt: now + EMAIL_CHANGE_TTL,
      })
      .returning({ id: emailChange.id });
    await enqueueEmail(ctx, tx, {
      template: "email-change-confirm",
      idempotencyKey: `email-change-confirm/${created!.id}`,
      to: email,
      locale: actor.locale,
      timeZone: actor.timeZone,
      props: { name: actor.name, expiresInHours: EMAIL_CHANGE_TTL / HOUR },
      secrets: { link: `${ctx.appUrl}/me/email/${token}` },
    });
  });
}

/** The open, unexpired change behind a link, or null (one answer for every dead link). */
async function findOpenChange(ctx: Ctx, db: Queryable, token: string) {
  if (!token || token.length > 200) return null;
  const [row] = await db
    .select()
    .from(emailChange)
    .where(inArray(emailChange.tokenHash, tokenHashes(ctx, token)));
  if (!row || row.usedAt !== null || row.expiresAt <= ctx.now()) return null;
  return row;
}

/** What the confirmation page shows for a link: the new address, masked; null for a dead link. Changes nothing. */
export async function describeEmailChange({ ctx, input }: { ctx: Ctx; input: { token: string } }) {
  const row = await findOpenChange(ctx, ctx.database.db, input.token);
  return row ? { maskedEmail: maskAddressForDisplay(row.newEmail) } : null;
}

/**
 * Uses the link: the address changes, every session of the person but `keepSessionId` (the one
 * confirming, if it is theirs) ends, open sign-in links for the old address stop working, and the
 * old address is told. Dead, used, expired links and an address that meanwhile belongs to another
 * account all give `{ changed: false }`; the link is used up either way.
 */
export async function confirmEmailChange({ ctx, input }: { ctx: Ctx; input: { token: string; keepSessionId?: string | null } }) {
  const now = ctx.now();
  return ctx.database.write(async (tx) => {
    const row = await findOpenChange(ctx, tx, input.token);
    if (!row) return { changed: false as const };
    const used = await tx
      .update(emailChange)
      .set({ usedAt: now })
      .where(and(eq(emailChange.id, row.id), isNull(emailChange.usedAt)))
      .returning({ id: emailChange.id });
    if (used.length === 0) return { changed: false as const };
    const person = await tx.query.user.findFirst({
      where: eq(user.id, row.userId),
      columns: { id: true, email: true, name: true, locale: true, timeZone: true },
    });
    const taken = await tx.query.user.findFirst({ where: eq(user.email, row.newEmail), columns: { id: true } });
    if (!person || taken) return { changed: false as const };
    await tx.update(user).set({ email: row.newEmail }).where(eq(user.id, person.id));
    const keep = input.keepSessionId ? sha256(input.keepSessionId) : "";
    await tx.delete(session).where(and(eq(session.userId, person.id), ne(session.idHash, keep)));
    await tx
      .update(loginToken)
      .set({ usedAt: now })
      .where(and(eq(loginToken.email, person.email), isNull(loginToken.usedAt)));
    await endPendingSignups(tx, person.email, now);
    // The log names neither address: it is read on /me/security, where the new one is known anyway.
    await recordSecurityEvent(tx, { userId: person.id, kind: "email-changed", at: now });
    await enqueueEmail(ctx, tx, {
      template: "email-changed",
      idempotencyKey: `email-changed/${row.id}`,
      to: person.email,
      userId: person.id,
      locale: person.locale,
      timeZone: person.timeZone,
      props: { name: person.name, maskedNewEmail: maskAddressForDisplay(row.newEmail), at: now },
    });
    return { changed: true as const, keptSession: keep !== "" && ctx.actor?.userId === person.id };
  });
}
