import type { Database } from "#db/client";
import type { Keyring } from "./keyring.server";
import type { Actor } from "./permissions";

/** Everything a domain verb may use. Verbs never read the wall clock or process.env. */
export interface Ctx {
  database: Database;
  now: () => number;
  actor: Actor | null;
  keys: Keyring;
  appUrl: string;
  defaultTimeZone: string;
  /** The language of the current request, for mail to people without an account yet. */
  locale: "nl" | "en";
  /** The device of this request, summarised ("Firefox on Windows"); kept with a sign-in. */
  device?: string | null;
  /** How long a second-factor proof counts for care data and role changes (ms; 12 hours unless set). */
  stepUpMaxAge?: number;
}

export interface VerbArgs<I> {
  ctx: Ctx;
  input: I;
}
