import { and, asc, eq, gt } from "drizzle-orm";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { passkey, session } from "#db/schema";
import type { Ctx } from "../context.server";
import { NotFound } from "../errors";
import { sha256 } from "../keyring.server";
import { requireActor } from "../permissions";
import {
  ensureNotLastStaffFactor,
  firstRecoveryCodes,
  lockedUntil,
  markSessionVerified,
  recordFailure,
  recordSecurityEvent,
  requireFactorManagement,
  type Enrolled,
  type VerifyOutcome,
} from "./factors.server";

/** A challenge is answered within five minutes or not at all. */
const CHALLENGE_TTL = 5 * 60_000;
const MAX_NAME = 60;

/** The relying party is the site itself: APP_URL's host (passkeys are bound to it). */
function relyingParty(ctx: Ctx) {
  const url = new URL(ctx.appUrl);
  return { rpID: url.hostname, origin: url.origin };
}

async function storeChallenge(ctx: Ctx, userId: number, sessionId: string, challenge: string) {
  await ctx.database.write((tx) =>
    tx
      .update(session)
      .set({ challenge, challengeExpiresAt: ctx.now() + CHALLENGE_TTL })
      .where(and(eq(session.idHash, sha256(sessionId)), eq(session.userId, userId))),
  );
}

/** Takes this session's challenge (once: a second answer to it finds none). */
async function takeChallenge(ctx: Ctx, userId: number, sessionId: string): Promise<string | null> {
  const mine = and(eq(session.idHash, sha256(sessionId)), eq(session.userId, userId));
  return ctx.database.write(async (tx) => {
    // UPDATE … RETURNING gives the new (cleared) value, so read the challenge first, then clear it.
    const [row] = await tx
      .select({ challenge: session.challenge })
      .from(session)
      .where(and(mine, gt(session.challengeExpiresAt, ctx.now())));
    if (!row?.challenge) return null;
    const taken = await tx
      .update(session)
      .set({ challenge: null, challengeExpiresAt: null })
      .where(and(mine, eq(session.challenge, row.challenge)))
      .returning({ userId: session.userId });
    return taken.length > 0 ? row.challenge : null;
  });
}

function parseTransports(json: string): AuthenticatorTransportFuture[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((t): t is AuthenticatorTransportFuture => typeof t === "string") : [];
}
type AuthenticatorTransportFuture = "ble" | "cable" | "hybrid" | "internal" | "nfc" | "smart-card" | "usb";

/** Options for the browser to create a new passkey for the signed-in person. */
export async function passkeyRegistrationOptions({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { sessionId: string };
}): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const actor = requireFactorManagement(ctx);
  const existing = await ctx.database.db
    .select({ id: passkey.credentialId, transports: passkey.transports })
    .from(passkey)
    .where(eq(passkey.userId, actor.userId));
  const { rpID } = relyingParty(ctx);
  const options = await generateRegistrationOptions({
    rpName: "Noaber",
    rpID,
    userName: actor.email,
    userDisplayName: actor.name,
    userID: new TextEncoder().encode(sha256(`noaber-passkey-user:${actor.userId}`)),
    attestationType: "none",
    excludeCredentials: existing.map((c) => ({ id: c.id, transports: parseTransports(c.transports) })),
    authenticatorSelection: { residentKey: "preferred", userVerification: "preferred" },
  });
  await storeChallenge(ctx, actor.userId, input.sessionId, options.challenge);
  return options;
}

/**
 * Stores the passkey the browser created. It counts as this session's proof, and a first factor
 * comes with 10 recovery codes (shown once).
 */
export async function addPasskey({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { sessionId: string; name: string; response: RegistrationResponseJSON };
}): Promise<{ ok: true; enrolled: Enrolled } | { ok: false }> {
  const actor = requireFactorManagement(ctx);
  const challenge = await takeChallenge(ctx, actor.userId, input.sessionId);
  if (!challenge) return { ok: false };
  const { rpID, origin } = relyingParty(ctx);
  const result = await verifyRegistrationResponse({
    response: input.response,
    expectedChallenge: challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    requireUserVerification: false,
  }).catch(() => null);
  if (!result?.verified) return { ok: false };
  const { credential } = result.registrationInfo;
  const now = ctx.now();
  const name = input.name.trim().slice(0, MAX_NAME) || "Passkey";
  const recoveryCodes = await ctx.database.write(async (tx) => {
    await tx.insert(passkey).values({
      userId: actor.userId,
      credentialId: credential.id,
      publicKey: Buffer.from(credential.publicKey).toString("base64url"),
      counter: credential.counter,
      transports: JSON.stringify(credential.transports ?? []),
      name,
      createdAt: now,
    });
    await recordSecurityEvent(tx, { userId: actor.userId, kind: "passkey-added", at: now, detail: name });
    await markSessionVerified(ctx, tx, actor.userId, input.sessionId, "passkey");
    return firstRecoveryCodes(ctx, tx, actor.userId);
  });
  return { ok: true, enrolled: { recoveryCodes } };
}

/** Options for the browser to prove one of the person's passkeys (null: they have none). */
export async function passkeyAuthenticationOptions({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { sessionId: string };
}): Promise<PublicKeyCredentialRequestOptionsJSON | null> {
  const actor = requireActor(ctx.actor);
  const keys = await ctx.database.db
    .select({ id: passkey.credentialId, transports: passkey.transports })
    .from(passkey)
    .where(eq(passkey.userId, actor.userId));
  if (keys.length === 0) return null;
  const options = await generateAuthenticationOptions({
    rpID: relyingParty(ctx).rpID,
    allowCredentials: keys.map((k) => ({ id: k.id, transports: parseTransports(k.transports) })),
    userVerification: "preferred",
  });
  await storeChallenge(ctx, actor.userId, input.sessionId, options.challenge);
  return options;
}

/** Checks the browser's answer with one of the person's passkeys; a wrong one counts as a failure. */
export async function verifyPasskey({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { sessionId: string; response: AuthenticationResponseJSON };
}): Promise<VerifyOutcome> {
  const actor = requireActor(ctx.actor);
  const until = await lockedUntil(ctx, actor.userId);
  if (until !== null) return { ok: false, reason: "locked", until };
  const challenge = await takeChallenge(ctx, actor.userId, input.sessionId);
  const stored = await ctx.database.db.query.passkey.findFirst({
    where: and(eq(passkey.userId, actor.userId), eq(passkey.credentialId, String(input.response.id))),
  });
  const fail = () => recordFailure(ctx, actor.userId, "passkey");
  if (!challenge || !stored) return fail();
  const { rpID, origin } = relyingParty(ctx);
  const result = await verifyAuthenticationResponse({
    response: input.response,
    expectedChallenge: challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    requireUserVerification: false,
    credential: {
      id: stored.credentialId,
      publicKey: new Uint8Array(Buffer.from(stored.publicKey, "base64url")),
      counter: stored.counter,
      transports: parseTransports(stored.transports),
    },
  }).catch(() => null);
  if (!result?.verified) return fail();
  const now = ctx.now();
  await ctx.database.write(async (tx) => {
    await tx.update(passkey).set({ counter: result.authenticationInfo.newCounter, lastUsedAt: now }).where(eq(passkey.id, stored.id));
    await markSessionVerified(ctx, tx, actor.userId, input.sessionId, "passkey");
  });
  return { ok: true };
}

export interface PasskeySummary {
  id: number;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
}

export async function listPasskeys(ctx: Ctx, userId: number): Promise<PasskeySummary[]> {
  return ctx.database.db
    .select({ id: passkey.id, name: passkey.name, createdAt: passkey.createdAt, lastUsedAt: passkey.lastUsedAt })
    .from(passkey)
    .where(eq(passkey.userId, userId))
    .orderBy(asc(passkey.createdAt), asc(passkey.id));
}

export async function renamePasskey({ ctx, input }: { ctx: Ctx; input: { id: number; name: string } }) {
  const actor = requireFactorManagement(ctx);
  const name = input.name.trim().slice(0, MAX_NAME);
  if (!name) return { ok: false as const };
  const rows = await ctx.database.write(async (tx) => {
    const updated = await tx
      .update(passkey)
      .set({ name })
      .where(and(eq(passkey.id, input.id), eq(passkey.userId, actor.userId)))
      .returning({ id: passkey.id });
    if (updated.length) await recordSecurityEvent(tx, { userId: actor.userId, kind: "passkey-renamed", at: ctx.now(), detail: name });
    return updated;
  });
  if (rows.length === 0) throw new NotFound();
  return { ok: true as const };
}

/** Removes one of the person's passkeys (never the last factor of a staff member). */
export async function removePasskey({ ctx, input }: { ctx: Ctx; input: { id: number } }) {
  const actor = requireFactorManagement(ctx);
  const row = await ctx.database.db.query.passkey.findFirst({ where: and(eq(passkey.id, input.id), eq(passkey.userId, actor.userId)) });
  if (!row) throw new NotFound();
  await ensureNotLastStaffFactor(ctx, actor);
  await ctx.database.write(async (tx) => {
    await tx.delete(passkey).where(eq(passkey.id, row.id));
    await recordSecurityEvent(tx, { userId: actor.userId, kind: "passkey-removed", at: ctx.now(), detail: row.name });
  });
}
