import { redirect, type AppLoadContext } from "@remix-run/node";
import type { SignInResult } from "~/domain/accounts";
import { safeRedirect } from "./request.server";

/**
 * After a link or code worked: a session cookie, or on to the first-sign-in form with a cookie
 * that holds only the random id of the pending first sign-in (its address stays on the server).
 */
export async function redirectAfterSignIn(context: AppLoadContext, result: SignInResult, redirectTo: string | null) {
  const { cookies } = context.services;
  if (result.kind === "signed-in") {
    return redirect(safeRedirect(redirectTo), {
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
