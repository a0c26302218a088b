import { restoreSuppression } from "./erase.server";
import { randomInt } from "node:crypto";
import { and, count, eq, gt, inArray, isNull, lt, sql } from "drizzle-orm";
import { consent, loginToken, neighbourhoodPostcode, pendingSignup, user } from "#db/schema";
import type { Ctx } from "../context.server";
import { fieldErrorsOf } from "../forms";
import { CODE_LENGTH, PRIVACY_STATEMENT_VERSION, codeSchema, emailSchema, profileSchema } from "./schemas";
import { Validation } from "../errors";
import { randomToken, sha256 } from "../keyring.server";
import { enqueueEmail } from "../notifications/outbox.server";
import { createSession, endPendingSignups } from "./sessions.server";

export const LOGIN_TOKEN_TTL = 10 * 60_000;
/** How long a proven address may take to fill in the first-sign-in form. */
export const PENDING_SIGNUP_TTL = 30 * 60_000;
export const LOGIN_LIMIT_WINDOW = 15 * 60_000;
/** Sign-in mails per address and per requester (IP) within the window; beyond it none are sent. */
export const LOGIN_LIMIT_PER_ADDRESS = 3;
export const LOGIN_LIMIT_PER_REQUESTER = 10;
/** Wrong codes before a code stops working (the link keeps working until it expires). */
export const MAX_CODE_ATTEMPTS = 5;

// No 0/O, 1/I/L: the code is read from a mail and typed, often by older people.
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

export function generateCode(): string {
  return Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");
}

/**
 * Sends a sign-in link and code to the address. The outcome is the same whether or not an
 * account exists (no enumeration): every address can sign in, and a new one is asked for a
 * name and postcode afterwards. Past the per-address or per-requester limit nothing is sent,
 * silently, so the limit does not reveal anything either.
 */
export async function requestSignIn({ ctx, input }: { ctx: Ctx; input: { email: string; requester: string } }) {
  const email = emailSchema.parse(input.email);
  const requesterHash = ctx.keys.hash(`requester:${input.requester}`);
  const now = ctx.now();
  const link = randomToken(32);
  const code = generateCode();

  return ctx.database.write(async (tx) => {
    const since = now - LOGIN_LIMIT_WINDOW;
    const [byAddress] = await tx
      .select({ n: count() })
      .from(loginToken)
      .where(and(eq(loginToken.email, email), gt(loginToken.createdAt, since)));
    const [byRequester] = await tx
      .select({ n: count() })
      .from(loginToken)
      .where(and(eq(loginToken.requesterHash, requesterHash), gt(loginToken.createdAt, since)));
    if ((byAddress?.n ?? 0) >= LOGIN_LIMIT_PER_ADDRESS || (byRequester?.n ?? 0) >= LOGIN_LIMIT_PER_REQUESTER) {
      return { sent: false as const };
    }
    const [token] = await tx
      .insert(loginToken)
      .values({
        email,
        linkHash: ctx.keys.hash(`link:${link}`),
        codeHash: ctx.keys.hash(`code:${email}:${code}`),
        requesterHash,
        createdAt: now,
        expiresAt: now + LOGIN_TOKEN_TTL,
      })
      .returning({ id: loginToken.id });
    const existing = await tx.query.user.findFirst({ where: eq(user.email, email) });
    await enqueueEmail(ctx, tx, {
      template: "sign-in",
      idempotencyKey: `sign-in/${token!.id}`,
      to: email,
      locale: existing?.locale ?? ctx.locale,
      timeZone: existing?.timeZone ?? ctx.defaultTimeZone,
      props: { name: existing?.name ?? null, expiresInMinutes: LOGIN_TOKEN_TTL / 60_000 },
      secrets: { link: `${ctx.appUrl}/login/verify?token=${link}`, code },
    });
    // Old tokens and first sign-ins are useless after expiry; clearing them keeps the tables small.
    await tx.delete(loginToken).where(lt(loginToken.createdAt, now - 24 * 60 * 60_000));
    await tx.delete(pendingSignup).where(lt(pendingSignup.expiresAt, now));
    return { sent: true as const };
  });
}

export type SignInResult =
  | { kind: "signed-in"; sessionId: string; userId: number }
  /** A proven address without an account: `pendingId` goes in the cookie, only its hash is stored. */
  | { kind: "needs-profile"; pendingId: string };

/**
 * After a link or code proved `email`: a session for its account, or a pending first sign-in
 * (one use, PENDING_SIGNUP_TTL, bound to the address). `redirectTo` must already be a safe path.
 */
async function finishSignIn(ctx: Ctx, email: string, redirectTo: string | undefined): Promise<SignInResult> {
  const now = ctx.now();
  return ctx.database.write(async (tx) => {
    const person = await tx.query.user.findFirst({ where: eq(user.email, email) });
    if (person) return { kind: "signed-in", sessionId: await createSession(tx, person.id, now, ctx.device ?? null), userId: person.id };
    const pendingId = randomToken(32);
    await tx.insert(pendingSignup).values({
      idHash: sha256(pendingId),
      email,
      redirectTo: redirectTo || "/",
      createdAt: now,
      expiresAt: now + PENDING_SIGNUP_TTL,
    });
    return { kind: "needs-profile", pendingId };
  });
}

/** Uses a sign-in link once. Expired, used or unknown links fail the same way. */
export async function signInWithLink({ ctx, input }: { ctx: Ctx; input: { token: string; redirectTo?: string } }): Promise<SignInResult> {
  const now = ctx.now();
  const used = await ctx.database.write((tx) =>
    tx
      .update(loginToken)
      .set({ usedAt: now })
      .where(
        and(inArray(loginToken.linkHash, ctx.keys.hashes(`link:${input.token}`)), isNull(loginToken.usedAt), gt(loginToken.expiresAt, now)),
      )
      .returning({ email: loginToken.email }),
  );
  const email = used[0]?.email;
  if (!email) throw new Validation({ token: ["errors.signIn.linkInvalid"] });
  return finishSignIn(ctx, email, input.redirectTo);
}

/**
 * The address an open sign-in link belongs to, without using the link up (mail scanners open
 * links), so the confirm page can say which account it signs into. Null when the link is unknown,
 * used or expired.
 */
export async function peekSignInLink({ ctx, input }: { ctx: Ctx; input: { token: string } }) {
  if (!input.token) return null;
  const row = await ctx.database.db.query.loginToken.findFirst({
    columns: { email: true },
    where: and(
      inArray(loginToken.linkHash, ctx.keys.hashes(`link:${input.token}`)),
      isNull(loginToken.usedAt),
      gt(loginToken.expiresAt, ctx.now()),
    ),
  });
  return row ? { email: row.email } : null;
}

/**
 * Uses a sign-in code once. A wrong code counts against every open token for the address; after
 * MAX_CODE_ATTEMPTS wrong tries the code no longer works, so 6 characters cannot be guessed.
 */
export async function signInWithCode({ ctx, input }: { ctx: Ctx; input: { email: string; code: string; redirectTo?: string } }) {
  const parsedEmail = emailSchema.safeParse(input.email);
  const parsedCode = codeSchema.safeParse(input.code);
  if (!parsedCode.success) throw new Validation({ code: [parsedCode.error.issues[0]!.message] });
  if (!parsedEmail.success) throw new Validation({ code: ["errors.signIn.codeInvalid"] });
  const email = parsedEmail.data;
  const now = ctx.now();
  const open = and(
    eq(loginToken.email, email),
    isNull(loginToken.usedAt),
    gt(loginToken.expiresAt, now),
    lt(loginToken.failedAttempts, MAX_CODE_ATTEMPTS),
  );
  const used = await ctx.database.write(async (tx) => {
    const hit = await tx
      .update(loginToken)
      .set({ usedAt: now })
      .where(and(open, inArray(loginToken.codeHash, ctx.keys.hashes(`code:${email}:${parsedCode.data}`))))
      .returning({ email: loginToken.email });
    if (hit.length === 0) {
      await tx
        .update(loginToken)
        .set({ failedAttempts: sql`${loginToken.failedAttempts} + 1` })
        .where(open);
    }
    return hit;
  });
  if (used.length === 0) throw new Validation({ code: ["errors.signIn.codeInvalid"] });
  return finishSignIn(ctx, email, input.redirectTo);
}

const openPending = (pendingId: string, now: number) =>
  and(eq(pendingSignup.idHash, sha256(pendingId)), isNull(pendingSignup.usedAt), gt(pendingSignup.expiresAt, now));

export type PendingSignup = { status: "open"; email: string; redirectTo: string } | { status: "gone" };

/**
 * Looks up a first sign-in by the id from its cookie, without using it. "gone" when it is
 * unknown, used, expired, or its address has an account by now: the welcome form only ever
 * creates a new account.
 */
export async function readPendingSignup({ ctx, input }: { ctx: Ctx; input: { pendingId: string } }): Promise<PendingSignup> {
  const row = await ctx.database.db.query.pendingSignup.findFirst({ where: openPending(input.pendingId, ctx.now()) });
  if (!row) return { status: "gone" };
  const existing = await ctx.database.db.query.user.findFirst({ columns: { id: true }, where: eq(user.email, row.email) });
  if (existing) return { status: "gone" };
  return { status: "open", email: row.email, redirectTo: row.redirectTo };
}

export type FirstSignInResult = { kind: "created"; sessionId: string; userId: number; redirectTo: string } | { kind: "gone" };

/**
 * Creates the account for an address proven by a link or code, with the consent record for the
 * privacy statement, and signs in. The address comes from the pending first sign-in on the
 * server, never from the form or the cookie. In one write transaction the pending row is used up
 * (a single conditional UPDATE, so two submissions cannot both pass), the account, consent and
 * session are made, and every other open first sign-in for the address ends. A bad form or
 * postcode leaves the pending row as it was.
 */
export async function completeFirstSignIn({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { pendingId: string; name: string; postcode: string; consent: string | undefined };
}): Promise<FirstSignInResult> {
  const parsed = profileSchema.safeParse(input);
  if (!parsed.success) throw new Validation(fieldErrorsOf(parsed.error));
  const { name, postcode } = parsed.data;
  const now = ctx.now();
  return ctx.database.write(async (tx) => {
    const [pending] = await tx
      .update(pendingSignup)
      .set({ usedAt: now })
      .where(openPending(input.pendingId, now))
      .returning({ email: pendingSignup.email, redirectTo: pendingSignup.redirectTo });
    if (!pending) return { kind: "gone" };
    const existing = await tx.query.user.findFirst({ columns: { id: true }, where: eq(user.email, pending.email) });
    if (existing) return { kind: "gone" };
    const area = await tx.query.neighbourhoodPostcode.findFirst({
      where: eq(neighbourhoodPostcode.postcode, postcode.slice(0, 4)),
    });
    // Thrown inside the transaction, so the pending row is not used up.
    if (!area) throw new Validation({ postcode: ["errors.postcode.outsideMunicipality"] });
    const [created] = await tx
      .insert(user)
      .values({
        email: pending.email,
        name,
        postcode,
        neighbourhoodId: area.neighbourhoodId,
        locale: ctx.locale,
        timeZone: ctx.defaultTimeZone,
        createdAt: now,
        lastActiveAt: now,
      })
      .returning({ id: user.id });
    const userId = created!.id;
    await restoreSuppression(tx, ctx.keys, pending.email);
    await tx.insert(consent).values({ userId, purpose: "privacy-statement", version: PRIVACY_STATEMENT_VERSION, givenAt: now });
    await endPendingSignups(tx, pending.email, now);
    return { kind: "created", sessionId: await createSession(tx, userId, now, ctx.device ?? null), userId, redirectTo: pending.redirectTo };
  });
}
