import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { setOwnLocale } from "~/domain/accounts";
import { isLocale } from "~/locales/i18n";
import { getCtx, safeRedirect } from "~/web/request.server";

export const loader = () => redirect("/");

/** The language switch: a plain form, so it works without JavaScript. */
export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await getCtx(request, context);
  const form = await request.formData();
  const locale = form.get("locale");
  if (!isLocale(locale)) return redirect(safeRedirect(form.get("returnTo")));
  if (ctx.actor) await setOwnLocale({ ctx, input: { locale } });
  return redirect(safeRedirect(form.get("returnTo")), {
    headers: { "Set-Cookie": await context.services.cookies.locale.serialize(locale) },
  });
}
