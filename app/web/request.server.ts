import { redirect, type AppLoadContext, type Cookie } from "@remix-run/node";
import type { Ctx } from "~/domain/context.server";
import { DomainError } from "~/domain/errors";
import type { Actor } from "~/domain/permissions";
import { resolveSession, saveFormDraft } from "~/domain/accounts";
import { isLocale, localeFromAcceptLanguage, type Locale } from "../locales/i18n";
import { describeDevice } from "./device.server";

export interface RequestState {
  ctx: Ctx;
  sessionId: string | null;
  /**
   * The session's person as the second-factor pages need them, whatever its status: a staff member
   * not yet verified (who meanwhile acts as a resident in `ctx`) or a person who opted in and has not
   * proved it yet (signed out in `ctx` until then).
   */
  session: { id: string; actor: Actor } | null;
}

const cache = new WeakMap<AppLoadContext, Promise<RequestState>>();
/** The resolved state by request, for `toResponse` (which runs after the loader awaited it). */
const byRequest = new WeakMap<Request, RequestState>();

async function readCookie(context: AppLoadContext, request: Request, name: "session") {
  const value: unknown = await context.services.cookies[name].parse(request.headers.get("cookie"));
  return typeof value === "string" ? value : null;
}

/**
 * The language of a visitor who is not signed in: the one they chose (locale cookie), else their
 * browser's (Accept-Language). Also the page cache's (app/server/page-cache.ts): its ETag must name
 * the language the page is rendered in.
 */
export async function visitorLocale(
  localeCookie: Cookie,
  headers: { cookie: string | null; acceptLanguage: string | null },
): Promise<Locale> {
  const chosen: unknown = await localeCookie.parse(headers.cookie);
  return isLocale(chosen) ? chosen : localeFromAcceptLanguage(headers.acceptLanguage);
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
        device: describeDevice(request.headers.get("user-agent")),
        stepUpMaxAge: services.env.STEP_UP_MAX_AGE_HOURS * 3_600_000,
      };
      const sessionId = await readCookie(context, request, "session");
      const resolved = sessionId ? await resolveSession(base, sessionId) : null;
      // Someone who opted in to a second factor counts as signed in only once they proved it.
      const actor = resolved && !(resolved.secondFactor?.status === "needed" && !resolved.secondFactor.staff) ? resolved : null;
      const locale: Locale =
        resolved?.locale ??
        (await visitorLocale(services.cookies.locale, {
          cookie: request.headers.get("cookie"),
          acceptLanguage: request.headers.get("accept-language"),
        }));
      return {
        ctx: { ...base, actor, locale },
        sessionId: actor ? sessionId : null,
        session: resolved && sessionId ? { id: sessionId, actor: resolved } : null,
      };
    })();
    cache.set(context, state);
  }
  return state.then((resolved) => {
    byRequest.set(request, resolved);
    return resolved;
  });
}

/**
 * For the second-factor pages: the session's person whatever their second-factor status (also
 * while they still have to prove it), with the raw session id the verbs mark as verified.
 * Without a session: off to /login.
 */
export async function requireSessionCtx(
  request: Request,
  context: AppLoadContext,
): Promise<{ ctx: Ctx & { actor: Actor }; sessionId: string }> {
  const state = await getRequestState(request, context);
  if (!state.session) throw redirect(loginRedirect(request));
  return { ctx: { ...state.ctx, actor: state.session.actor }, sessionId: state.session.id };
}

/**
 * A form sent while the sender's second-factor proof was too old: what they typed is kept (sealed,
 * 15 minutes) and they go to confirm; afterwards /login/resume offers to send it again. Returns
 * the redirect to throw.
 */
export async function keepFormForStepUp(request: Request, form: FormData | Record<string, unknown>): Promise<Response> {
  const state = byRequest.get(request);
  if (!state?.ctx.actor) return redirect(loginRedirect(request));
  const url = new URL(request.url);
  const fields = form instanceof FormData ? fieldsOf(form) : form;
  const id = await saveFormDraft({ ctx: state.ctx, input: { path: `${url.pathname}${url.search}`, fields } });
  return redirect(`/login/second-factor?${new URLSearchParams({ redirectTo: `/login/resume?${new URLSearchParams({ draft: id })}` })}`);
}

/** A form's text fields by name (a list where a name repeats); files are never kept. */
function fieldsOf(form: FormData): Record<string, unknown> {
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of form) {
    if (typeof value !== "string") continue;
    const before = fields[name];
    fields[name] = before === undefined ? value : Array.isArray(before) ? [...before, value] : [before, value];
  }
  return fields;
}

/** Whether this request's session still has to prove its second factor (staff or opted in). */
export function awaitingSecondFactor(state: RequestState): boolean {
  const status = state.session?.actor.secondFactor?.status;
  return status === "needed" || status === "enrol";
}

/** Where a person goes to prove (or add) their second factor, and back to `request`'s page. */
export function secondFactorRedirect(request: Request): string {
  const url = new URL(request.url);
  return `/login/second-factor?${new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` })}`;
}

export async function getCtx(request: Request, context: AppLoadContext): Promise<Ctx> {
  return (await getRequestState(request, context)).ctx;
}

/** The context for a page that needs a signed-in person; others go to /login and come back. */
export async function requireCtx(request: Request, context: AppLoadContext): Promise<Ctx & { actor: Actor }> {
  const state = await getRequestState(request, context);
  if (!state.ctx.actor) throw redirect(state.session ? secondFactorRedirect(request) : loginRedirect(request));
  return state.ctx as Ctx & { actor: Actor };
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
    const state = byRequest.get(request);
    // Refused while the session waits for its second factor: prove it first, then try again. The
    // same for a record that does not exist, so the detour tells nothing about records.
    if (state && awaitingSecondFactor(state) && error.kind !== "validation" && error.kind !== "conflict") {
      throw redirect(secondFactorRedirect(request));
    }
    switch (error.kind) {
      case "step-up":
        throw redirect(secondFactorRedirect(request));
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
