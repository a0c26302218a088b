import { redirect, type AppLoadContext } from "@remix-run/node";
import type { Ctx } from "~/domain/context.server";
import { DomainError } from "~/domain/errors";
import type { Actor } from "~/domain/permissions";
import { resolveSession } from "~/domain/accounts";
import { isLocale, localeFromAcceptLanguage, type Locale } from "../locales/i18n";

export interface RequestState {
  ctx: Ctx;
  sessionId: string | null;
}

const cache = new WeakMap<AppLoadContext, Promise<RequestState>>();

async function readCookie(context: AppLoadContext, request: Request, name: "session" | "locale") {
  const value: unknown = await context.services.cookies[name].parse(request.headers.get("cookie"));
  return typeof value === "string" ? value : null;
}

/**
 * The domain context for this request: who is acting (from the session cookie) and in which
 * language. Computed once per request and shared by every loader and action.
 */
export function getRequestState(request: Request, context: AppLoadContext): Promise<RequestState> {
  let state = cache.get(context);
  if (!state) {
    state = (async () => {
      const { services } = context;
      const base: Ctx = {
        database: services.database,
        now: services.now,
        actor: null,
        keys: services.keys,
        appUrl: services.env.APP_URL,
        defaultTimeZone: services.env.DEFAULT_TIME_ZONE,
        locale: "nl",
      };
      const sessionId = await readCookie(context, request, "session");
      const actor = sessionId ? await resolveSession(base, sessionId) : null;
      const chosen = await readCookie(context, request, "locale");
      const locale: Locale =
        actor?.locale ?? (isLocale(chosen) ? chosen : localeFromAcceptLanguage(request.headers.get("accept-language")));
      return { ctx: { ...base, actor, locale }, sessionId: actor ? sessionId : null };
    })();
    cache.set(context, state);
  }
  return state;
}

export async function getCtx(request: Request, context: AppLoadContext): Promise<Ctx> {
  return (await getRequestState(request, context)).ctx;
}

/** The context for a page that needs a signed-in person; others go to /login and come back. */
export async function requireCtx(request: Request, context: AppLoadContext): Promise<Ctx & { actor: Actor }> {
  const ctx = await getCtx(request, context);
  if (!ctx.actor) throw redirect(loginRedirect(request));
  return ctx as Ctx & { actor: Actor };
}

export function loginRedirect(request: Request): string {
  const url = new URL(request.url);
  return `/login?${new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` })}`;
}

export { safeRedirect } from "./safe-redirect";

/**
 * A record id from the URL (`idParam(params.id)`): a positive safe whole number written plainly
 * ("7"); anything else ("abc", "1e3", "-1", "0", " 7", too large) is the same 404 as a missing record.
 */
export function idParam(value: string | undefined): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0 || String(id) !== value) throw new Response("errors.notFound", { status: 404 });
  return id;
}

/**
 * Maps domain errors that are not form errors to HTTP responses, in one place. Validation errors
 * are returned by actions as form errors instead (see `formErrors`).
 */
export function toResponse(error: unknown, request: Request): never {
  if (error instanceof DomainError) {
    switch (error.kind) {
      case "unauthenticated":
        throw redirect(loginRedirect(request));
      case "forbidden":
        throw new Response(error.message, { status: 403 });
      case "not-found":
        // One body for every "not found", whether the record is missing or hidden (decision 028).
        throw new Response("errors.notFound", { status: 404 });
      case "conflict":
        throw new Response(error.message, { status: 409 });
      case "validation":
        throw new Response(error.message, { status: 400 });
    }
  }
  throw error;
}
