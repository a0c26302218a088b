import type { Database } from "#db/client";
import type { Ctx } from "~/domain/context.server";
import { createKeyring, type Keyring } from "~/domain/keyring.server";
import { loadActor } from "~/domain/accounts/sessions.server";

/** The keyring tests use unless they need one of their own. */
export const defaultTestKeys = createKeyring(["domain-tests-secret-0123456789abcdefghij"]);

export interface CtxOptions {
  now?: () => number;
  keys?: Keyring;
  appUrl?: string;
  locale?: "nl" | "en";
}

/** A domain context acting as `userId` (loaded from the database), or as nobody when null. */
export async function ctxAs(database: Database, userId: number | null, options: CtxOptions = {}): Promise<Ctx> {
  return {
    database,
    now: options.now ?? Date.now,
    actor: userId === null ? null : await loadActor(database.db, userId),
    keys: options.keys ?? defaultTestKeys,
    appUrl: options.appUrl ?? "http://localhost:3000",
    defaultTimeZone: "Europe/Amsterdam",
    locale: options.locale ?? "nl",
  };
}
