import type { LoaderFunctionArgs } from "@remix-run/node";
import { countDataDownload, exportMyData } from "~/domain/accounts";
import { getT } from "~/locales/i18n";
import { requireCtx, toResponse } from "~/web/request.server";

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** "Download my data": everything Noaber holds about the signed-in person as a JSON file (docs/privacy.md). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const limit = await countDataDownload({ ctx }).catch((e) => toResponse(e, request));
  if (!limit.ok) {
    const t = getT(ctx.locale);
    const page = `<!doctype html><html lang="${ctx.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(t("errors.title"))} · Noaber</title></head><body><main><h1>${escapeHtml(t("errors.title"))}</h1><p>${escapeHtml(t("privacyRights.tooMany"))}</p><p><a href="/me/data">${escapeHtml(t("privacyRights.backToPage"))}</a></p></main></body></html>`;
    return new Response(page, {
      status: 429,
      headers: {
        "Content-Type": "text/html; charset=utf-8",
        "Retry-After": String(limit.retryAfterSeconds),
        "Cache-Control": "private, no-store",
      },
    });
  }
  const data = await exportMyData({ ctx }).catch((e) => toResponse(e, request));
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="noaber-mijn-gegevens-${data.exportedAt.slice(0, 10)}.json"`,
      "Cache-Control": "private, no-store",
    },
  });
}
