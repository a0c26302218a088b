import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { generate } from "otplib";
import type { Database } from "#db/client";
import { totpCredential, user } from "#db/schema";
import type { Keyring } from "~/domain/keyring.server";
import { DEMO_ACCOUNTS } from "./seed";

/**
 * The demo's staff confirm their sign-in with an authenticator-app code (TOTP), like real staff.
 * Their secrets are fixed and published here on purpose: the demo is public, and its mailbox page
 * shows the current codes. Only the demo uses them (`npm run demo`, the demo tests); never a real
 * deployment. Base32, as an authenticator app takes them (so they can also be typed into one).
 */
export const DEMO_TOTP_SECRETS: Record<string, string> = {
  [DEMO_ACCOUNTS.admin]: "NOABERDEMOADMINISTRATORTOTPKEY22",
  [DEMO_ACCOUNTS.coordinator]: "NOABERDEMOCOORDINATORTOTPSECRET2",
};

const TOTP_PERIOD_SECONDS = 30;

/**
 * Gives the demo's staff accounts their confirmed authenticator app, sealed with this run's keyring
 * as startTotpSetup seals it. Runs at every demo start: the demo makes a new session secret per run,
 * so the secrets are sealed again with it (an earlier seal would no longer open).
 */
export async function seedDemoSecondFactors(database: Database, { keys, now }: { keys: Keyring; now: number }) {
  await database.write(async (tx) => {
    const staff = await tx
      .select({ id: user.id, email: user.email })
      .from(user)
      .where(inArray(user.email, Object.keys(DEMO_TOTP_SECRETS)));
    for (const person of staff) {
      const secretSealed = keys.seal(DEMO_TOTP_SECRETS[person.email]!);
      await tx
        .insert(totpCredential)
        .values({ userId: person.id, secretSealed, createdAt: now, confirmedAt: now })
        .onConflictDoUpdate({ target: totpCredential.userId, set: { secretSealed, createdAt: now, confirmedAt: now, lastStep: null } });
    }
  });
}

export interface DemoCode {
  email: string;
  code: string;
  secondsLeft: number;
}

/**
 * The current app code of each demo staff account that has its demo app, at `now` (for the demo's
 * mailbox page). Reads the stored secret, so the code is the one the sign-in checks.
 */
export async function demoSecondFactorCodes(database: Database, { keys, now }: { keys: Keyring; now: number }): Promise<DemoCode[]> {
  const rows = await database.db
    .select({ email: user.email, sealed: totpCredential.secretSealed })
    .from(totpCredential)
    .innerJoin(user, eq(user.id, totpCredential.userId))
    .where(and(inArray(user.email, Object.keys(DEMO_TOTP_SECRETS)), isNotNull(totpCredential.confirmedAt)));
  const epoch = Math.floor(now / 1000);
  const secondsLeft = TOTP_PERIOD_SECONDS - (epoch % TOTP_PERIOD_SECONDS);
  const codes: DemoCode[] = [];
  for (const row of rows.sort((a, b) => a.email.localeCompare(b.email))) {
    let secret: unknown;
    try {
      secret = keys.open(row.sealed);
    } catch {
      continue; // sealed by an earlier run's secret: seedDemoSecondFactors seals it again at start
    }
    if (typeof secret !== "string") continue;
    codes.push({ email: row.email, code: await generate({ secret, epoch, period: TOTP_PERIOD_SECONDS }), secondsLeft });
  }
  return codes;
}
