import { redirect, type AppLoadContext } from "@remix-run/node";
import { secondFactorAtSignIn, type SignInResult } from "~/domain/accounts";
import type { Ctx } from "~/domain/context.server";
import { safeRedirect } from "./request.server";

/**
 * After a link or code worked: a session cookie, or on to the first-sign-in form with a cookie
 * that holds only the random id of the pending first sign-in (its address stays on the server).
 * Staff, and anyone who opted in, go on to prove (or first add) their second factor.
 */
export async function redirectAfterSignIn(ctx: Ctx, context: AppLoadContext, result: SignInResult, redirectTo: string | null) {
  const { cookies } = context.services;
  if (result.kind === "signed-in") {
    const target = safeRedirect(redirectTo);
    const secondFactor = await secondFactorAtSignIn(ctx, result.userId);
    const location = secondFactor === "off" ? target : `/login/second-factor?${new URLSearchParams({ redirectTo: target })}`;
    return redirect(location, {
      headers: { "Set-Cookie": await cookies.session.serialize(result.sessionId) },
    });
  }
  return redirect("/login/welcome", {
    headers: { "Set-Cookie": await cookies.pendingSignup.serialize(result.pendingId) },
  });
}

/** The id of the pending first sign-in from its signed cookie, or null when there is none. */
export async function readPendingSignupId(request: Request, context: AppLoadContext): Promise<string | null> {
  const value: unknown = await context.services.cookies.pendingSignup.parse(request.headers.get("cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

export async function clearPendingSignupCookie(context: AppLoadContext) {
  return context.services.cookies.pendingSignup.serialize("", { maxAge: 0 });
}
