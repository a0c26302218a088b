import { eq } from "drizzle-orm";
import type { Tx } from "#db/client";
import { session } from "#db/schema";
import { createSession } from "~/domain/accounts/sessions.server";
import { sha256 } from "~/domain/keyring.server";

/**
 * A session as sign-in makes it, for tests that are not about signing in. Unless `emailOnly`, it
 * has already proved a second factor (as a staff member's session has once they passed
 * /login/second-factor); tests of the second factor itself ask for `emailOnly`.
 */
export async function createTestSession(tx: Tx, userId: number, at: number, options: { emailOnly?: boolean } = {}): Promise<string> {
  const raw = await createSession(tx, userId, at);
  if (!options.emailOnly) {
    await tx
      .update(session)
      .set({ secondFactorAt: at, secondFactorMethod: "totp" })
      .where(eq(session.idHash, sha256(raw)));
  }
  return raw;
}
