import { redirect, type AppLoadContext } from "@remix-run/node";
import type { SignInResult } from "~/domain/sign-in.server";
import { safeRedirect } from "./request.server";

/** After a link or code worked: a session cookie, or on to the first-sign-in form. */
export async function redirectAfterSignIn(context: AppLoadContext, result: SignInResult, redirectTo: string | null) {
  const { cookies } = context.services;
  if (result.kind === "signed-in") {
    return redirect(safeRedirect(redirectTo), {
      headers: { "Set-Cookie": await cookies.session.serialize(result.sessionId) },
    });
  }
  return redirect("/login/welcome", {
    headers: {
      "Set-Cookie": await cookies.pendingSignup.serialize({ email: result.email, redirectTo: safeRedirect(redirectTo) }),
    },
  });
}

export async function readPendingSignup(request: Request, context: AppLoadContext) {
  const value: unknown = await context.services.cookies.pendingSignup.parse(request.headers.get("cookie"));
  if (value && typeof value === "object" && "email" in value && typeof value.email === "string") {
    const redirectTo = "redirectTo" in value && typeof value.redirectTo === "string" ? value.redirectTo : "/";
    return { email: value.email, redirectTo };
  }
  return null;
}
