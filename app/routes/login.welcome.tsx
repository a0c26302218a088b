import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { profileSchema } from "~/domain/accounts/shared";
import { completeFirstSignIn, readPendingSignup } from "~/domain/accounts";
import { clearPendingSignupCookie, readPendingSignupId } from "~/web/auth.server";
import { invalid, runForm } from "~/web/forms.server";
import { getT, type Locale } from "~/locales/i18n";
import { getCtx, safeRedirect } from "~/web/request.server";
import { formPage } from "~/components/forms/form-page";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${getT(data?.locale ?? "nl")("welcome.title")} · Noaber` }];

/**
 * This page only ever creates a new account. The cookie holds the id of a pending first sign-in
 * on the server; a used, expired or unknown one, or an address that has an account by now, gets
 * a message and no session.
 */
async function gone(context: AppLoadContext, locale: Locale) {
  return data(
    { locale, gone: true as const, email: null },
    { status: 410, headers: { "Set-Cookie": await clearPendingSignupCookie(context) } },
  );
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await getCtx(request, context);
  const pendingId = await readPendingSignupId(request, context);
  if (!pendingId) throw redirect("/login");
  const pending = await readPendingSignup({ ctx, input: { pendingId } });
  if (pending.status === "gone") return gone(context, ctx.locale);
  return { locale: ctx.locale, gone: false as const, email: pending.email };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await getCtx(request, context);
  const pendingId = await readPendingSignupId(request, context);
  if (!pendingId) throw redirect("/login");
  // Checked before the form, so a sign-in that no longer works is not met with field errors first.
  if ((await readPendingSignup({ ctx, input: { pendingId } })).status === "gone") return gone(context, ctx.locale);
  const submission = parseWithZod(await request.formData(), { schema: profileSchema });
  if (submission.status !== "success") return invalid(submission);
  const outcome = await runForm(submission, () => completeFirstSignIn({ ctx, input: { pendingId, ...submission.value } }));
  if (!outcome.ok) return outcome.response;
  if (outcome.value.kind === "gone") return gone(context, ctx.locale);
  const { cookies } = context.services;
  const headers = new Headers();
  headers.append("Set-Cookie", await cookies.session.serialize(outcome.value.sessionId));
  headers.append("Set-Cookie", await clearPendingSignupCookie(context));
  return redirect(safeRedirect(outcome.value.redirectTo), { headers });
}

export default formPage(() => import("./login.welcome.page"));
