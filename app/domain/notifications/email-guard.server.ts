import type { Database } from "#db/client";
import type { emailOutbox } from "#db/schema";
import type { Keyring } from "../keyring.server";
import { preferenceGuard } from "./preferences.server";
import { reminderGuard } from "./reminder-guard.server";

export type OutboxRow = typeof emailOutbox.$inferSelect;

export interface GuardDeps {
  database: Database;
  keys: Keyring;
  appUrl: string;
  now: () => number;
}

/**
 * What a guard decides just before an email is sent. `headers` are added to the outgoing mail;
 * `unsubscribeUrl` (non-essential mail) is also shown in the email's footer.
 */
export type GuardResult = { send: true; headers: Record<string, string>; unsubscribeUrl?: string } | { send: false; reason: string };

export type EmailGuard = (deps: GuardDeps, row: OutboxRow) => Promise<GuardResult>;

/**
 * Checks that run at send time, in order; the first that says "don't send" wins and the row is
 * marked `cancelled` with the reason. Each capability registers its guard here:
 * - reminders: the session and the sign-up still stand (stale-reminder guard);
 * - preferences: the kind is switched on and the address is not suppressed; adds List-Unsubscribe.
 */
const guards: EmailGuard[] = [reminderGuard, preferenceGuard];

export async function guardEmail(deps: GuardDeps, row: OutboxRow): Promise<GuardResult> {
  const headers: Record<string, string> = {};
  let unsubscribeUrl: string | undefined;
  for (const guard of guards) {
    const result = await guard(deps, row);
    if (!result.send) return result;
    Object.assign(headers, result.headers);
    unsubscribeUrl = result.unsubscribeUrl ?? unsubscribeUrl;
  }
  return { send: true, headers, ...(unsubscribeUrl ? { unsubscribeUrl } : {}) };
}
