import { createCookie, type Cookie } from "@remix-run/node";
import type { Database } from "#db/client";
import { createKeyring, type Keyring } from "~/domain/keyring.server";
import type { Env } from "./env.server";
import type { Logger } from "./logger.server";

/** Long-lived parts shared by every request; created once at start and passed in the load context. */
export interface AppServices {
  env: Env;
  database: Database;
  keys: Keyring;
  logger: Logger;
  now: () => number;
  cookies: AppCookies;
}

export interface AppCookies {
  /** Holds the raw session id, signed. `__Host-` and Secure in production. */
  session: Cookie;
  /** Holds the verified address between a first sign-in and the profile form, for 30 minutes. */
  pendingSignup: Cookie;
  /** The chosen language for visitors who are not signed in. */
  locale: Cookie;
}

export const SESSION_COOKIE_MAX_AGE = 30 * 24 * 60 * 60;

export function createCookies(env: Env): AppCookies {
  const secure = env.isProduction;
  const base = { httpOnly: true, secure, sameSite: "lax" as const, path: "/", secrets: env.SESSION_SECRETS };
  return {
    session: createCookie(secure ? "__Host-noaber_session" : "noaber_session", { ...base, maxAge: SESSION_COOKIE_MAX_AGE }),
    pendingSignup: createCookie(secure ? "__Host-noaber_signup" : "noaber_signup", { ...base, maxAge: 30 * 60 }),
    locale: createCookie("noaber_locale", { ...base, secrets: undefined, maxAge: 365 * 24 * 60 * 60 }),
  };
}

export function createServices(args: { env: Env; database: Database; logger: Logger; now?: () => number }): AppServices {
  return {
    ...args,
    now: args.now ?? Date.now,
    keys: createKeyring(args.env.SESSION_SECRETS),
    cookies: createCookies(args.env),
  };
}

declare module "@remix-run/node" {
  interface AppLoadContext {
    services: AppServices;
    cspNonce: string;
    clientIp: string;
  }
}
