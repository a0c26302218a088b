import { randomInt } from "node:crypto";
import { and, count, eq, gt, inArray, isNull, lt, sql } from "drizzle-orm";
import { consent, loginToken, neighbourhoodPostcode, user } from "#db/schema";
import type { Ctx } from "./context.server";
import { CODE_LENGTH, PRIVACY_STATEMENT_VERSION, codeSchema, emailSchema, fieldErrorsOf, profileSchema } from "./account-schemas";
import { Validation } from "./errors";
import { randomToken } from "./keyring.server";
import { enqueueEmail } from "./outbox.server";
import { createSession } from "./sessions.server";

export const LOGIN_TOKEN_TTL = 10 * 60_000;
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
    // Old tokens are useless after expiry; clearing them keeps the table small.
    await tx.delete(loginToken).where(lt(loginToken.createdAt, now - 24 * 60 * 60_000));
    return { sent: true as const };
  });
}

export type SignInResult =
  | { kind: "signed-in"; sessionId: string; userId: number }
  | { kind: "needs-profile"; email: string };

async function finishSignIn(ctx: Ctx, email: string): Promise<SignInResult> {
  return ctx.database.write(async (tx) => {
    const person = await tx.query.user.findFirst({ where: eq(user.email, email) });
    if (!person) return { kind: "needs-profile", email };
    return { kind: "signed-in", sessionId: await createSession(tx, person.id, ctx.now()), userId: person.id };
  });
}

/** Uses a sign-in link once. Expired, used or unknown links fail the same way. */
export async function signInWithLink({ ctx, input }: { ctx: Ctx; input: { token: string } }): Promise<SignInResult> {
  const now = ctx.now();
  const used = await ctx.database.write((tx) =>
    tx
      .update(loginToken)
      .set({ usedAt: now })
      .where(
        and(
          inArray(loginToken.linkHash, ctx.keys.hashes(`link:${input.token}`)),
          isNull(loginToken.usedAt),
          gt(loginToken.expiresAt, now),
        ),
      )
      .returning({ email: loginToken.email }),
  );
  const email = used[0]?.email;
  if (!email) throw new Validation({ token: ["errors.signIn.linkInvalid"] });
  return finishSignIn(ctx, email);
}

/**
 * Uses a sign-in code once. A wrong code counts against every open token for the address; after
 * MAX_CODE_ATTEMPTS wrong tries the code no longer works, so 6 characters cannot be guessed.
 */
export async function signInWithCode({ ctx, input }: { ctx: Ctx; input: { email: string; code: string } }) {
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
      await tx.update(loginToken).set({ failedAttempts: sql`${loginToken.failedAttempts} + 1` }).where(open);
    }
    return hit;
  });
  if (used.length === 0) throw new Validation({ code: ["errors.signIn.codeInvalid"] });
  return finishSignIn(ctx, email);
}

/**
 * Creates the account for a verified address that signed in for the first time, with the
 * consent record for the privacy statement, and signs in. The address comes from a signed
 * cookie set when the link or code was used, never from the form.
 */
export async function completeFirstSignIn({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { verifiedEmail: string; name: string; postcode: string; consent: string | undefined };
}) {
  const parsed = profileSchema.safeParse(input);
  if (!parsed.success) throw new Validation(fieldErrorsOf(parsed.error));
  const { name, postcode } = parsed.data;
  const email = emailSchema.parse(input.verifiedEmail);
  const now = ctx.now();
  return ctx.database.write(async (tx) => {
    const area = await tx.query.neighbourhoodPostcode.findFirst({
      where: eq(neighbourhoodPostcode.postcode, postcode.slice(0, 4)),
    });
    if (!area) throw new Validation({ postcode: ["errors.postcode.outsideMunicipality"] });
    const existing = await tx.query.user.findFirst({ where: eq(user.email, email) });
    const userId =
      existing?.id ??
      (
        await tx
          .insert(user)
          .values({
            email,
            name,
            postcode,
            neighbourhoodId: area.neighbourhoodId,
            locale: ctx.locale,
            timeZone: ctx.defaultTimeZone,
            createdAt: now,
          })
          .returning({ id: user.id })
      )[0]!.id;
    if (!existing) {
      await tx.insert(consent).values({ userId, purpose: "privacy-statement", version: PRIVACY_STATEMENT_VERSION, givenAt: now });
    }
    return { sessionId: await createSession(tx, userId, now), userId };
  });
}
