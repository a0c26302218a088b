import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { formPage } from "~/components/forms/form-page";
import { requestSignIn, signInWithCode } from "~/domain/accounts";
import { redirectAfterSignIn } from "~/web/auth.server";
import { invalid, runForm } from "~/web/forms.server";
import { getT } from "~/locales/i18n";
import { getCtx, safeRedirect } from "~/web/request.server";
import { signInCodeSchema, signInRequestSchema } from "~/domain/accounts/shared";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${getT(data?.locale ?? "nl")("login.title")} · Noaber` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await getCtx(request, context);
  const redirectTo = new URL(request.url).searchParams.get("redirectTo");
  if (ctx.actor) throw redirect(safeRedirect(redirectTo));
  return { locale: ctx.locale, redirectTo: redirectTo ? safeRedirect(redirectTo) : "" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await getCtx(request, context);
  const formData = await request.formData();
  if (formData.get("intent") === "code") {
    const submission = parseWithZod(formData, { schema: signInCodeSchema });
    if (submission.status !== "success") return data({ result: submission.reply(), sent: true }, { status: 400 });
    const redirectTo = safeRedirect(submission.value.redirectTo ?? null);
    const outcome = await runForm(submission, () =>
      signInWithCode({ ctx, input: { email: submission.value.email, code: submission.value.code, redirectTo } }),
    );
    if (!outcome.ok) return data({ ...outcome.response.data, sent: true }, { status: 400 });
    return redirectAfterSignIn(ctx, context, outcome.value, redirectTo);
  }
  const submission = parseWithZod(formData, { schema: signInRequestSchema });
  if (submission.status !== "success") return invalid(submission);
  // The same answer whether or not the address has an account, and whether or not a limit applied.
  await requestSignIn({ ctx, input: { email: submission.value.email, requester: context.clientIp } });
  return { result: submission.reply(), sent: true, email: submission.value.email };
}

export default formPage(() => import("./login._index.page"));
